// The one SMTP path: composing the exact bytes of a message, sending them, and checking that the
// credentials work. DISCLOSE_SMTP_URL is parsed here with the WHATWG URL parser and handed to
// nodemailer as plain options, never as a string: nodemailer's own URL handling falls back to the
// legacy url.parse(), whose DEP0170 warning (printed by Node itself, past our redaction) quotes the
// whole URL, password included.
import nodemailer from 'nodemailer';
import { RefusedError } from '../errors.ts';
import type { Payload } from '../channels/types.ts';
import { parseSmtpUrl, type SmtpConnection } from './smtp-url.ts';

export { parseSmtpUrl, SmtpUrlError, type SmtpConnection } from './smtp-url.ts';

export type MailPayload = Extract<Payload, { kind: 'mail' }>;

export interface SmtpOptions {
  /** DISCLOSE_SMTP_URL, e.g. smtps://user:pass@smtp.example.org:465. Never printed. */
  url: string;
  timeoutMs?: number;
}

export interface MailSent {
  messageId: string;
  /** The server's final reply to DATA, e.g. "250 OK: queued as 1234". */
  response: string;
}

/**
 * Why a send failed. `refused` = the server answered with a 4xx/5xx code, so it did not take the
 * message and a retry cannot duplicate it. `unknown` = the connection broke or timed out, possibly
 * after the server accepted the message: a retry might send it twice.
 */
export class MailError extends Error {
  readonly outcome: 'refused' | 'unknown';
  readonly responseCode?: number;
  constructor(message: string, outcome: 'refused' | 'unknown', responseCode?: number) {
    super(message);
    this.outcome = outcome;
    this.responseCode = responseCode;
  }
}

function messageOptions(payload: MailPayload, text: string, extraAttachments: MailPayload['attachments'] = []) {
  return {
    from: payload.from,
    to: payload.to,
    subject: payload.subject,
    messageId: payload.messageId,
    // Follow-ups (errata, `npm run amend`) thread under the mail they amend.
    ...(payload.inReplyTo ? { inReplyTo: payload.inReplyTo, references: [payload.inReplyTo] } : {}),
    text,
    attachments: [...extraAttachments, ...payload.attachments].map((a) => ({
      filename: a.filename,
      content: typeof a.content === 'string' ? a.content : Buffer.from(a.content),
      contentType: a.contentType,
    })),
  };
}

/**
 * The exact RFC 5322 message that is sent (CRLF line ends, as on the wire). Rehearsals write it to
 * the outbox as .eml; a live send transmits these very bytes, so what was checked is what goes out.
 */
export async function composeMail(payload: MailPayload, text = payload.text, extraAttachments: MailPayload['attachments'] = []): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail(messageOptions(payload, text, extraAttachments));
  return info.message as Buffer;
}

function bareAddress(mailbox: string): string {
  return /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
}

function createSmtpTransport(connection: SmtpConnection, timeoutMs: number) {
  return nodemailer.createTransport({
    host: connection.host,
    ...(connection.port ? { port: connection.port } : {}),
    secure: connection.secure,
    ...(connection.auth ? { auth: { user: connection.auth.user, pass: connection.auth.pass } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // One message, one connection: nothing is kept open between release-day steps.
    pool: false,
  });
}

/** Removes the password (as decoded and as written in the URL) from a library's message. */
function withoutPassword(message: string, connection: SmtpConnection): string {
  let out = message;
  for (const secret of [connection.auth?.pass, connection.auth?.rawPass]) {
    if (secret) out = out.split(secret).join('[password redacted]');
  }
  return out;
}

interface SmtpFailure {
  responseCode?: number;
  response?: string;
  code?: string;
  command?: string;
  message?: string;
}

/** Sends one composed message (composeMail's bytes) to the payload's recipient. */
export async function sendMail(payload: MailPayload, raw: Buffer, smtp: SmtpOptions): Promise<MailSent> {
  const connection = parseSmtpUrl(smtp.url);
  const transport = createSmtpTransport(connection, smtp.timeoutMs ?? 60_000);
  try {
    const info = await transport.sendMail({
      envelope: { from: bareAddress(payload.from), to: [bareAddress(payload.to)] },
      raw,
    });
    return { messageId: payload.messageId, response: String(info.response ?? '') };
  } catch (e) {
    const err = e as SmtpFailure;
    if (typeof err.responseCode === 'number' && err.responseCode >= 400) {
      throw new MailError(withoutPassword(`the SMTP server refused the message at ${err.command ?? 'SMTP'}: ${err.response ?? err.responseCode}`, connection), 'refused', err.responseCode);
    }
    throw new MailError(withoutPassword(`SMTP delivery did not complete (${err.code ?? 'error'}: ${err.message ?? String(e)}); the server may or may not have accepted it`, connection), 'unknown');
  } finally {
    transport.close();
  }
}

/**
 * Connects and authenticates without sending anything (EHLO, AUTH, QUIT): the preflight's proof
 * that DISCLOSE_SMTP_URL works before the first side effect. Throws RefusedError (exit 3) with the
 * server's answer, never the password.
 */
export async function verifySmtp(url: string, timeoutMs = 30_000): Promise<void> {
  const connection = parseSmtpUrl(url);
  const transport = createSmtpTransport(connection, timeoutMs);
  try {
    await transport.verify();
  } catch (e) {
    const err = e as SmtpFailure;
    const where = `${connection.secure ? 'smtps' : 'smtp'}://${connection.host}${connection.port ? `:${connection.port}` : ''}`;
    const why = typeof err.responseCode === 'number' ? `answered ${err.response ?? err.responseCode}` : `could not be reached (${err.code ?? 'error'}: ${err.message ?? String(e)})`;
    throw new RefusedError(withoutPassword(`DISCLOSE_SMTP_URL does not work: the SMTP server ${where} ${why}`, connection));
  } finally {
    transport.close();
  }
}

// Delivery of a mail payload over SMTP (nodemailer), and finding an already-sent announcement in
// the list's public archive. The other mail channels (oss-security, distros) deliver through the
// same function: one SMTP path, one way to tell "refused" from "unknown".
import nodemailer from 'nodemailer';
import type { Payload } from '../types.ts';

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

/** Sends one composed message (composeMail's bytes) to the payload's recipient. */
export async function sendMail(payload: MailPayload, raw: Buffer, smtp: SmtpOptions): Promise<MailSent> {
  const timeout = smtp.timeoutMs ?? 60_000;
  // The URL in an options object (not as a string) so the timeouts apply to this transport; the
  // second argument of createTransport would only set message defaults.
  const transport = nodemailer.createTransport({
    url: smtp.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // One message, one connection: nothing is kept open between release-day steps.
    pool: false,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  try {
    const info = await transport.sendMail({
      envelope: { from: bareAddress(payload.from), to: [bareAddress(payload.to)] },
      raw,
    });
    return { messageId: payload.messageId, response: String(info.response ?? '') };
  } catch (e) {
    const err = e as { responseCode?: number; response?: string; code?: string; command?: string; message?: string };
    if (typeof err.responseCode === 'number' && err.responseCode >= 400) {
      throw new MailError(`the SMTP server refused the message at ${err.command ?? 'SMTP'}: ${err.response ?? err.responseCode}`, 'refused', err.responseCode);
    }
    throw new MailError(`SMTP delivery did not complete (${err.code ?? 'error'}: ${err.message ?? String(e)}); the server may or may not have accepted it`, 'unknown');
  } finally {
    transport.close();
  }
}

/** The public archive URL of a Message-ID, from config.mail.archive_url ({message_id} placeholder). */
export function archiveUrl(template: string, messageId: string): string {
  return template.replace('{message_id}', encodeURIComponent(messageId.replace(/^<|>$/g, '')));
}

/**
 * Looks a Message-ID up in the list archive: the URL when the archive has it, null when it answers
 * 404. Any other answer is an error: "cannot tell" must never be read as "not sent".
 */
export async function findArchived(template: string, messageId: string, timeoutMs = 30_000): Promise<string | null> {
  const url = archiveUrl(template, messageId);
  let res: Response;
  try {
    res = await fetch(url, { method: 'GET', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new Error(`the list archive at ${new URL(url).origin} did not answer (${(e as Error).message})`);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.status === 200) return url;
  if (res.status === 404) return null;
  throw new Error(`the list archive answered ${res.status} for ${url}`);
}

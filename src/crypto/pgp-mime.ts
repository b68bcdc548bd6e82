// PGP/MIME signing (RFC 3156 §5): a complete multipart/signed message, as raw bytes nodemailer
// sends unchanged (`sendMail({ envelope, raw })`). The signed part is built in canonical form (CRLF,
// 7bit or quoted-printable, base64 attachments) so no relay has a reason to re-encode it, and the
// signature covers exactly the bytes that travel.
import { randomBytes } from 'node:crypto';
import type { PrivateKey } from 'openpgp';
import { InputError } from '../errors.ts';
import type { SignOptions } from './clearsign.ts';
import { detachedSignature } from './detached.ts';
import { encodeAddress, encodeHeaderValue, encodeQuotedPrintable, foldHeader, isSafe7bit } from './mime.ts';

export interface PgpMimeAttachment {
  filename: string;
  content: string | Uint8Array;
  contentType: string;
}

export interface PgpMimeMail {
  /** "Name <address>" or an address. */
  from: string;
  to: string | string[];
  subject: string;
  /** Deterministic Message-ID, with or without angle brackets. */
  messageId: string;
  date: Date;
  /** Plain text, already wrapped. */
  text: string;
  /** Go inside the signed part (multipart/mixed), so they are covered by the signature too. */
  attachments?: PgpMimeAttachment[];
  /** Extra outer headers (e.g. In-Reply-To, References); never covered by the signature. */
  headers?: Record<string, string>;
}

export interface SignedMail {
  /** The whole message, CRLF line endings, ready for nodemailer's `raw`. */
  raw: Uint8Array;
  /** The exact bytes the signature covers (the first part of multipart/signed). */
  signedPart: Uint8Array;
  /** The armored detached signature (the second part). */
  signature: string;
  /** e.g. "pgp-sha512": the hash the signature used. */
  micalg: string;
  /** The Message-ID as written, with angle brackets. */
  messageId: string;
}

/** RFC 5322 date, in UTC: "Tue, 08 Dec 2026 17:00:00 +0000". */
export function formatMailDate(date: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]}, ${p(date.getUTCDate())} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000`;
}

function newBoundary(label: string): string {
  // "=_" cannot occur in quoted-printable or base64 output, so the boundary cannot collide with them.
  return `=_disclose-${label}-${randomBytes(12).toString('hex')}`;
}

function textPart(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n').replace(/\n*$/, '\n');
  if (isSafe7bit(normalised)) {
    return ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 7bit', '', normalised.replace(/\n/g, '\r\n')].join('\r\n');
  }
  return ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', `${encodeQuotedPrintable(normalised.slice(0, -1))}\r\n`].join('\r\n');
}

function attachmentPart(a: PgpMimeAttachment): string {
  const bytes = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : Buffer.from(a.content);
  const base64 = bytes.toString('base64').replace(/.{76}/g, '$&\r\n').replace(/\r\n$/, '');
  // Non-ASCII names become encoded-words (what mail clients read), keeping the part 7-bit.
  const name = encodeHeaderValue(a.filename.replace(/["\\\r\n]/g, '_'));
  const isText = a.contentType.toLowerCase().startsWith('text/') && !/charset=/i.test(a.contentType);
  return [
    foldHeader('Content-Type', `${a.contentType}${isText ? '; charset=utf-8' : ''}; name="${name}"`),
    foldHeader('Content-Disposition', `attachment; filename="${name}"`),
    'Content-Transfer-Encoding: base64',
    '',
    `${base64}\r\n`,
  ].join('\r\n');
}

/** The MIME entity that gets signed: the text alone, or text + attachments as multipart/mixed. */
function signedEntity(mail: PgpMimeMail): string {
  const attachments = mail.attachments ?? [];
  if (attachments.length === 0) return textPart(mail.text);
  const boundary = newBoundary('mixed');
  const parts = [textPart(mail.text), ...attachments.map(attachmentPart)];
  return [
    `Content-Type: multipart/mixed;\r\n boundary="${boundary}"`,
    '',
    ...parts.map((p) => `--${boundary}\r\n${p}`),
    `--${boundary}--\r\n`,
  ].join('\r\n');
}

export async function signPgpMime(mail: PgpMimeMail, key: PrivateKey, options: SignOptions = {}): Promise<SignedMail> {
  const signed = signedEntity(mail);
  const signedBytes = new Uint8Array(Buffer.from(signed, 'utf8'));
  const { armored, micalg } = await detachedSignature(signedBytes, key, options);
  const boundary = newBoundary('signed');
  const messageId = mail.messageId.startsWith('<') ? mail.messageId : `<${mail.messageId}>`;
  if (!/^<[^<>\s@]+@[^<>\s@]+>$/.test(messageId)) {
    throw new InputError(`Message-ID "${messageId}" is not of the form <left@domain> — check mail.message_id_domain in disclose.config.yaml`);
  }
  for (const name of Object.keys(mail.headers ?? {})) {
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) throw new InputError(`"${name}" is not a valid mail header name — use letters, digits and "-"`);
  }
  const to = Array.isArray(mail.to) ? mail.to : [mail.to];
  const headers = [
    foldHeader('From', encodeAddress(mail.from)),
    foldHeader('To', to.map(encodeAddress).join(', ')),
    foldHeader('Subject', encodeHeaderValue(mail.subject)),
    `Date: ${formatMailDate(mail.date)}`,
    `Message-ID: ${messageId}`,
    ...Object.entries(mail.headers ?? {}).map(([name, value]) => foldHeader(name, encodeHeaderValue(value))),
    'MIME-Version: 1.0',
    `Content-Type: multipart/signed; micalg=${micalg};\r\n protocol="application/pgp-signature";\r\n boundary="${boundary}"`,
  ];
  const signaturePart = [
    'Content-Type: application/pgp-signature; name="signature.asc"',
    'Content-Description: OpenPGP digital signature',
    'Content-Disposition: attachment; filename="signature.asc"',
    '',
    armored.replace(/\r?\n/g, '\r\n').replace(/\r\n$/, ''),
  ].join('\r\n');
  const message = [
    ...headers,
    '',
    'This is an OpenPGP/MIME signed message (RFC 4880 and 3156)',
    `--${boundary}`,
    // The part's own final CRLF is part of the signed bytes; the CRLF before the delimiter is not.
    `${signed}`,
    `--${boundary}`,
    signaturePart,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  // `signed` ends with CRLF, and join adds the CRLF that belongs to the next delimiter.
  return { raw: new Uint8Array(Buffer.from(message, 'utf8')), signedPart: signedBytes, signature: armored, micalg, messageId };
}

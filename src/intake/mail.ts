// Reading a reporter's mail as it arrived (RFC 5322): who sent it, when it reached us, and where the
// encrypted report is (PGP/MIME, RFC 3156, or an inline `-----BEGIN PGP MESSAGE-----` block). It works
// on the raw bytes with src/crypto/mime.ts, so nothing is decoded that does not need to be.
import { InputError } from '../errors.ts';
import { decodeBody, decodeText, looksLikeMail, parseContentType, parseEntity, splitMultipart, toBinaryString, type MimeEntity } from '../crypto/mime.ts';
import { decodeHeaderWords, parseMailbox, type Mailbox } from './headers.ts';

export type EncryptedFormat = 'pgp-mime' | 'inline-pgp';

export interface IncomingMail {
  subject: string;
  from: Mailbox;
  messageId: string | null;
  /** When the mail reached us: the newest Received: header, else Date:, else null. */
  received: Date | null;
  /** The armored OpenPGP message, when the mail is encrypted. */
  encrypted: { format: EncryptedFormat; armored: string } | null;
  /** The first text part, for a report sent without encryption. */
  plainText: string | null;
  /** Public keys the mail carries outside the encryption (Autocrypt header, application/pgp-keys parts). */
  keys: Uint8Array[];
}

const PGP_MESSAGE = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/;
const PUBLIC_KEY = /-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]*?-----END PGP PUBLIC KEY BLOCK-----/g;
// Nesting deeper than this is not a mail client's doing; stop instead of recursing without end.
const MAX_DEPTH = 8;

function malformed(file: string, what: string): InputError {
  return new InputError(`${file}: malformed mail: ${what} — save the complete original message (headers included, e.g. "Show original" / "Save as .eml") and run intake on that file`);
}

export function readIncomingMail(bytes: Uint8Array | string, file: string): IncomingMail {
  // An mbox file starts with a "From sender date" separator line that is not a header.
  const raw = toBinaryString(bytes).replace(/^From [^\r\n]*\r?\n/, '');
  if (!looksLikeMail(raw)) throw malformed(file, 'no RFC 5322 header block (e.g. "From: …") followed by an empty line');
  const root = parseEntity(raw);
  const fromHeader = root.headers.get('from');
  if (!fromHeader) throw malformed(file, 'no From: header');
  const found: Found = { encrypted: null, plainText: null, keys: [] };
  walk(root, found, file, 0);
  const autocrypt = root.headers.get('autocrypt');
  if (autocrypt) {
    const keydata = /(?:^|;)\s*keydata=([A-Za-z0-9+/=\s]+)/.exec(autocrypt)?.[1];
    if (keydata) found.keys.unshift(new Uint8Array(Buffer.from(keydata.replace(/\s+/g, ''), 'base64')));
  }
  return {
    subject: decodeHeaderWords(root.headers.get('subject') ?? ''),
    from: parseMailbox(decodeHeaderWords(fromHeader)),
    messageId: root.headers.get('message-id')?.trim() || null,
    received: receivedAt(raw, root),
    ...found,
  };
}

interface Found {
  encrypted: IncomingMail['encrypted'];
  plainText: string | null;
  keys: Uint8Array[];
}

function walk(entity: MimeEntity, found: Found, file: string, depth: number): void {
  if (depth > MAX_DEPTH) throw malformed(file, `MIME parts nested more than ${MAX_DEPTH} deep`);
  const ct = parseContentType(entity.headers.get('content-type'));
  if (ct.type === 'multipart/encrypted') {
    const parts = multipartParts(entity, ct, file);
    // RFC 3156 §4: part 1 is application/pgp-encrypted ("Version: 1"), part 2 the encrypted data.
    const data = parts.map(parseEntity).find((p) => parseContentType(p.headers.get('content-type')).type === 'application/octet-stream') ?? (parts[1] ? parseEntity(parts[1]) : undefined);
    const armored = data ? PGP_MESSAGE.exec(Buffer.from(decodeBody(data)).toString('latin1'))?.[0] : undefined;
    if (!armored) throw malformed(file, 'a multipart/encrypted part without an armored OpenPGP message in its application/octet-stream part');
    found.encrypted ??= { format: 'pgp-mime', armored };
    return;
  }
  if (ct.type.startsWith('multipart/')) {
    for (const part of multipartParts(entity, ct, file)) walk(parseEntity(part), found, file, depth + 1);
    return;
  }
  if (ct.type === 'application/pgp-keys') {
    found.keys.push(decodeBody(entity));
    return;
  }
  const isText = ct.type === 'text/plain' || ct.type === 'text/html';
  const decoded = isText ? decodeText(entity) : Buffer.from(decodeBody(entity)).toString('latin1');
  const armored = PGP_MESSAGE.exec(decoded)?.[0];
  if (armored) {
    found.encrypted ??= { format: 'inline-pgp', armored };
    return;
  }
  for (const key of decoded.match(PUBLIC_KEY) ?? []) found.keys.push(new Uint8Array(Buffer.from(key, 'utf8')));
  if (ct.type === 'text/plain' && found.plainText === null) found.plainText = decoded;
}

function multipartParts(entity: MimeEntity, ct: ReturnType<typeof parseContentType>, file: string): string[] {
  const boundary = ct.params.get('boundary');
  if (!boundary) throw malformed(file, `a ${ct.type} part without a boundary parameter`);
  const { parts } = splitMultipart(entity.body, boundary);
  if (parts.length === 0) throw malformed(file, `no part delimited by "--${boundary}" in a ${ct.type} part (truncated?)`);
  return parts;
}

/** The date in the newest (topmost) Received: header, else Date:. */
function receivedAt(raw: string, root: MimeEntity): Date | null {
  const headerBlock = raw.slice(0, /\r?\n\r?\n/.exec(raw)?.index ?? raw.length).replace(/\r?\n(?=[ \t])/g, ' ');
  const received = /^Received:(.*)$/im.exec(headerBlock)?.[1];
  const candidates = [received ? received.slice(received.lastIndexOf(';') + 1) : undefined, root.headers.get('date')];
  for (const c of candidates) {
    if (!c) continue;
    const parsed = Date.parse(c.replace(/\([^)]*\)/g, '').trim());
    if (!Number.isNaN(parsed)) return new Date(parsed);
  }
  return null;
}

// The little MIME that signing and verification need, kept byte-exact. A PGP/MIME signature covers
// the first part of multipart/signed byte for byte (RFC 3156 §5), and mail parsers (mailparser
// included) decode and re-assemble parts, losing those bytes; so this module works on "binary
// strings" (latin1: one char = one byte) and never re-encodes what it slices.

/**
 * Bytes → a string with one char per byte, so string offsets are byte offsets. A string is taken
 * as already binary, unless it holds characters above U+00FF: then it was decoded text (a mail read
 * as UTF-8) and is turned back into its UTF-8 bytes.
 */
export function toBinaryString(input: Uint8Array | string): string {
  if (typeof input !== 'string') return Buffer.from(input).toString('latin1');
  return /[^\x00-\xff]/.test(input) ? Buffer.from(input, 'utf8').toString('latin1') : input;
}

export function fromBinaryString(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

/** Bare LF (or CR) → CRLF: the canonical form RFC 3156 signs, whatever a mailbox file stored. */
export function toCrlf(s: string): string {
  return s.replace(/\r\n|\r|\n/g, '\r\n');
}

export interface MimeEntity {
  /** Lower-cased header name → unfolded value (first occurrence). */
  headers: Map<string, string>;
  /** Everything after the blank line that ends the header block, unchanged. */
  body: string;
}

/** Splits an entity (a whole message or one part) into headers and body. */
export function parseEntity(raw: string): MimeEntity {
  const match = /\r?\n\r?\n/.exec(raw);
  // A part may have no headers at all: then it starts with the blank line.
  const startsBlank = /^\r?\n/.exec(raw);
  let headerText: string;
  let body: string;
  if (startsBlank) {
    headerText = '';
    body = raw.slice(startsBlank[0].length);
  } else if (match) {
    headerText = raw.slice(0, match.index);
    body = raw.slice(match.index + match[0].length);
  } else {
    headerText = raw;
    body = '';
  }
  const headers = new Map<string, string>();
  const unfolded = headerText.replace(/\r?\n(?=[ \t])/g, '');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** True when the text starts with something that looks like an RFC 5322 header block. */
export function looksLikeMail(raw: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r?\n/.test(raw) && /\r?\n\r?\n/.test(raw);
}

export interface ContentType {
  /** Lower-cased "type/subtype". */
  type: string;
  /** Lower-cased parameter names; values unquoted. */
  params: Map<string, string>;
}

export function parseContentType(value: string | undefined): ContentType {
  const params = new Map<string, string>();
  if (!value) return { type: 'text/plain', params };
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const rest = semi < 0 ? '' : value.slice(semi + 1);
  const re = /\s*([A-Za-z0-9_.*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))\s*;?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest)) !== null) {
    if (m[0] === '') break;
    params.set(m[1].toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  }
  return { type, params };
}

export interface MultipartSplit {
  /** Each body part exactly as it appears between delimiters (the CRLF before a delimiter belongs to the delimiter). */
  parts: string[];
  /** Whether the closing delimiter (--boundary--) was found. */
  closed: boolean;
}

/** Splits a multipart body on its boundary, RFC 2046 §5.1.1, keeping every part's bytes. */
export function splitMultipart(body: string, boundary: string): MultipartSplit {
  const delimiter = `--${boundary}`;
  const escaped = delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A delimiter line: at the start of the body or after a line break, optionally "--" (close),
  // then transport padding (spaces/tabs) up to the end of the line.
  const re = new RegExp(`(^|\\r?\\n)${escaped}(--)?[ \\t]*(\\r?\\n|$)`, 'g');
  const parts: string[] = [];
  let start = -1;
  let closed = false;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) {
    const lineStart = m.index; // position of the line break that belongs to the delimiter
    if (start >= 0) parts.push(body.slice(start, lineStart));
    if (m[2]) {
      closed = true;
      break;
    }
    start = m.index + m[0].length;
    // Let the next search see the line break that ends this delimiter line as a possible prefix.
    if (m[3]) re.lastIndex = m.index + m[0].length - m[3].length;
  }
  return { parts, closed };
}

export function decodeQuotedPrintable(s: string): Uint8Array {
  const bytes: number[] = [];
  const text = s.replace(/[ \t]+(?=\r?\n|$)/g, '').replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i) & 0xff);
    }
  }
  return new Uint8Array(bytes);
}

/** Decodes a part body per its Content-Transfer-Encoding into bytes. */
export function decodeBody(entity: MimeEntity): Uint8Array {
  const cte = (entity.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (cte === 'quoted-printable') return decodeQuotedPrintable(entity.body);
  if (cte === 'base64') return new Uint8Array(Buffer.from(entity.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
  return fromBinaryString(entity.body);
}

/** Decodes a text part to a JS string (UTF-8 unless the charset says otherwise). */
export function decodeText(entity: MimeEntity): string {
  const charset = (parseContentType(entity.headers.get('content-type')).params.get('charset') ?? 'utf-8').toLowerCase();
  const bytes = decodeBody(entity);
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * UTF-8 text → quoted-printable with CRLF line breaks (RFC 2045 §6.7). Beyond the RFC's musts it
 * also encodes what transports like to rewrite: trailing whitespace, a leading "From " (mbox
 * quoting) and a line that is a single "." (SMTP), so the signed bytes arrive unchanged.
 */
export function encodeQuotedPrintable(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const bytes = new TextEncoder().encode(line);
    const tokens: string[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      const isLast = i === bytes.length - 1;
      const plain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !isLast);
      tokens.push(plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`);
    }
    if (line.startsWith('From ')) tokens[0] = '=46';
    if (line === '.') tokens[0] = '=2E';
    // Soft line breaks keep encoded lines within 76 characters, never splitting an =XX escape.
    let current = '';
    for (const t of tokens) {
      if (current.length + t.length > 75) {
        out.push(`${current}=`);
        current = '';
      }
      current += t;
    }
    out.push(current);
  }
  return out.join('\r\n');
}

/** True when text can travel as 7bit unchanged: ASCII, short lines, nothing a transport rewrites. */
export function isSafe7bit(text: string): boolean {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .every((l) => /^[\x20-\x7e]*$/.test(l) && l.length <= 76 && !/[ \t]$/.test(l) && !l.startsWith('From ') && l !== '.');
}

/** A header value with non-ASCII characters as RFC 2047 encoded-words (UTF-8, base64). */
export function encodeHeaderValue(raw: string): string {
  // A line break inside a value would start a new header (header injection): it becomes a space.
  const value = raw.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  // Encode per character groups so no encoded-word exceeds 75 characters and no UTF-8 sequence is split.
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    const candidate = chunk + ch;
    if (Buffer.byteLength(candidate, 'utf8') > 45) {
      words.push(chunk);
      chunk = ch;
    } else {
      chunk = candidate;
    }
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}

/** Encodes the display-name part of "Name <addr>" when needed; the address stays as it is. */
export function encodeAddress(mailbox: string): string {
  const m = /^(.*?)\s*<([^<>]+)>$/.exec(mailbox.trim());
  if (!m || !m[1]) return mailbox.trim();
  const name = m[1].replace(/^"|"$/g, '');
  if (/^[\x20-\x7e]*$/.test(name)) {
    return /[()<>@,;:\\".[\]]/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}" <${m[2]}>` : `${name} <${m[2]}>`;
  }
  return `${encodeHeaderValue(name)} <${m[2]}>`;
}

/** Folds a header line at spaces so no line exceeds 78 characters where that is possible. */
export function foldHeader(name: string, value: string): string {
  const words = `${name}: ${value.replace(/[\r\n]+/g, ' ')}`.split(' ');
  const lines: string[] = [];
  let current = '';
  for (const w of words) {
    if (current && current.length + 1 + w.length > 76) {
      lines.push(current);
      current = w;
    } else {
      current = current ? `${current} ${w}` : w;
    }
  }
  lines.push(current);
  return lines.join('\r\n ');
}

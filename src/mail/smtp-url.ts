// DISCLOSE_SMTP_URL → connection options, with the WHATWG URL parser (never the legacy url.parse,
// whose deprecation warning would print the URL). A URL that does not parse is refused with a
// message that quotes nothing of it: any part might be the password.
import { RefusedError } from '../errors.ts';

export interface SmtpConnection {
  host: string;
  /** Absent: nodemailer's default for the scheme (465 for smtps:, 587 for smtp:). */
  port?: number;
  /** smtps: = TLS from the first byte; smtp: = plain, upgraded with STARTTLS when offered. */
  secure: boolean;
  auth?: {
    user: string;
    pass: string;
    /** The password as written in the URL (percent-encoded), so messages can be scrubbed of it too. */
    rawPass: string;
  };
}

/** DISCLOSE_SMTP_URL is unusable: exit 3, nothing was sent. */
export class SmtpUrlError extends RefusedError {}

const FORM = 'smtp://user:password@host:port or smtps://user:password@host:port';
const ENCODING_HINT = "percent-encode '#', '@', '%', '/', '?' and ':' in the user name and password (e.g. '#' as %23, '@' as %40, '%' as %25)";

function decodeUserinfo(part: string, which: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new SmtpUrlError(`DISCLOSE_SMTP_URL: the ${which} is not correctly percent-encoded — ${ENCODING_HINT}`);
  }
}

export function parseSmtpUrl(raw: string): SmtpConnection {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SmtpUrlError(`DISCLOSE_SMTP_URL is not a valid URL; expected ${FORM} — ${ENCODING_HINT}`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new SmtpUrlError(`DISCLOSE_SMTP_URL must start with smtp:// or smtps://; expected ${FORM}`);
  }
  // A '#' or '?' in an unencoded password parses as fragment or query: refuse rather than log in
  // with half a password (and the other half sitting somewhere it might be printed).
  if (url.hash || url.search) {
    throw new SmtpUrlError(`DISCLOSE_SMTP_URL has a '#' or '?' part, which disclose does not use; expected ${FORM} — ${ENCODING_HINT}`);
  }
  if (url.pathname && url.pathname !== '/') {
    throw new SmtpUrlError(`DISCLOSE_SMTP_URL has a path after the host; expected ${FORM} — ${ENCODING_HINT}`);
  }
  if (!url.hostname) throw new SmtpUrlError(`DISCLOSE_SMTP_URL names no host; expected ${FORM}`);
  const connection: SmtpConnection = {
    // IPv6 literals come bracketed from URL; net.connect wants them bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    secure: url.protocol === 'smtps:',
  };
  if (url.port) connection.port = Number(url.port);
  if (url.username || url.password) {
    connection.auth = { user: decodeUserinfo(url.username, 'user name'), pass: decodeUserinfo(url.password, 'password'), rawPass: url.password };
  }
  return connection;
}

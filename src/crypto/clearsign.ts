// Inline clearsigning of the announcement (spec §7). The text is wrapped by the renderer BEFORE it
// reaches here: a clearsigned text cannot be re-wrapped afterwards without breaking the signature.
import * as openpgp from 'openpgp';
import type { PrivateKey } from 'openpgp';
import { now } from '../clock.ts';

export interface SignOptions {
  /** Signature creation time (and the moment the key must be valid). Default: now() (DISCLOSE_NOW). */
  date?: Date;
}

/**
 * The exact text a clearsignature covers, in the form verification gives back: LF line endings,
 * no trailing spaces or tabs on any line (OpenPGP ignores them when hashing, RFC 9580 §7.2, so a
 * renderer that emits them would show text the signature does not vouch for), and no trailing
 * newline (the line break before the signature block belongs to the armor, as with gpg).
 */
export function normaliseForClearsign(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n+$/, '');
}

/**
 * Inline clearsigned message (-----BEGIN PGP SIGNED MESSAGE-----). Lines starting with "-" are
 * dash-escaped by OpenPGP; lines starting with "From " are dash-escaped too (as gpg does by
 * default), so an mbox-style ">From " rewrite on the way cannot break the signature.
 */
export async function clearsign(text: string, key: PrivateKey, options: SignOptions = {}): Promise<string> {
  const message = await openpgp.createCleartextMessage({ text: normaliseForClearsign(text) });
  const armored = await openpgp.sign({ message, signingKeys: key, date: options.date ?? now() });
  // openpgp writes the cleartext with CRLF and the armor with LF; one convention (LF) for the whole
  // text, as gpg writes it: mail transport turns it into CRLF, and the signature ignores the difference.
  return escapeFromLines(armored.replace(/\r\n/g, '\n'));
}

function escapeFromLines(armored: string): string {
  const end = armored.indexOf('\n-----BEGIN PGP SIGNATURE-----');
  const head = armored.slice(0, end).replace(/^From /gm, '- From ');
  return head + armored.slice(end);
}

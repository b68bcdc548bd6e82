// Verification of what the team sends: an inline clearsigned text (alone, or inside a mail whose
// body may be quoted-printable or base64), or a PGP/MIME multipart/signed mail, whose first part is
// checked byte for byte as it was received. The answer says who signed and when, or, in one
// sentence, why the message must not be trusted.
import * as openpgp from 'openpgp';
import type { PublicKey, Signature } from 'openpgp';
import { now } from '../clock.ts';
import { formatFingerprint } from './keys.ts';
import { decodeText, looksLikeMail, parseContentType, parseEntity, splitMultipart, toBinaryString, toCrlf, type MimeEntity } from './mime.ts';

export type SignedFormat = 'clearsign' | 'pgp-mime' | 'detached';

export type VerifyProblem =
  | 'no-signature'
  | 'malformed'
  | 'tampered'
  | 'unknown-key'
  | 'key-not-valid'
  | 'signed-in-future';

export interface VerifyResult {
  valid: boolean;
  /** null when no signed content was found. */
  format: SignedFormat | null;
  /** Primary fingerprint of the key that made the signature (upper-case hex); for an unknown key, what the signature names. */
  signerFingerprint: string | null;
  /** Fingerprint of the (sub)key that actually signed, when it is not the primary key. */
  signingSubkeyFingerprint: string | null;
  signerUserId: string | null;
  signedAt: Date | null;
  /** The signed text (LF line endings); for PGP/MIME the decoded text/plain part. */
  text: string | null;
  problem: VerifyProblem | null;
  /** One sentence for people: who signed and when, or what is wrong. */
  message: string;
}

export interface VerifyOptions {
  /** Moment the key must be valid at. Default: now() (DISCLOSE_NOW). */
  date?: Date;
  /** How to call the expected key(s) in messages. Default: "the team key". */
  keyLabel?: string;
}

/**
 * Signatures up to this far "in the future" still verify: the signing machine's clock may run a
 * little ahead of the checker's (gpg does not check this at all). Days ahead is refused.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

const CLEARSIGN_BLOCK = /-----BEGIN PGP SIGNED MESSAGE-----\r?\n[\s\S]*?-----END PGP SIGNATURE-----/;

/**
 * Verifies a clearsigned text or a PGP/MIME mail (raw bytes as received, or a string) against the
 * given public keys. Never throws for a bad message: the result says what is wrong.
 */
export async function verifyMessage(input: string | Uint8Array, publicKeys: PublicKey | PublicKey[], options: VerifyOptions = {}): Promise<VerifyResult> {
  const keys = Array.isArray(publicKeys) ? publicKeys : [publicKeys];
  // An mbox file starts with a "From sender date" separator line that is not a header.
  const raw = toBinaryString(input).replace(/^From [^\r\n]*\r?\n/, '');
  if (looksLikeMail(raw)) {
    const root = parseEntity(raw);
    const signed = findMultipartSigned(root);
    if (signed) return verifyPgpMime(signed, keys, options);
    for (const text of textLeaves(root)) {
      const block = CLEARSIGN_BLOCK.exec(text);
      if (block) return verifyClearsigned(block[0], keys, options);
    }
    return noSignature('the mail has neither a PGP/MIME signature (multipart/signed) nor an inline clearsigned block');
  }
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  const block = CLEARSIGN_BLOCK.exec(text);
  if (block) return verifyClearsigned(block[0], keys, options);
  return noSignature('no "-----BEGIN PGP SIGNED MESSAGE-----" block and no PGP/MIME structure found');
}

/** Verifies a detached signature (armored or binary) over exact bytes. */
export async function verifyDetached(
  data: Uint8Array | string,
  signature: string | Uint8Array,
  publicKeys: PublicKey | PublicKey[],
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const keys = Array.isArray(publicKeys) ? publicKeys : [publicKeys];
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return verifyBytes(bytes, signature, keys, options, 'detached', text);
}

function noSignature(detail: string): VerifyResult {
  return {
    valid: false,
    format: null,
    signerFingerprint: null,
    signingSubkeyFingerprint: null,
    signerUserId: null,
    signedAt: null,
    text: null,
    problem: 'no-signature',
    message: `no OpenPGP signature found: ${detail}`,
  };
}

function findMultipartSigned(entity: MimeEntity, depth = 0): MimeEntity | null {
  const ct = parseContentType(entity.headers.get('content-type'));
  if (ct.type === 'multipart/signed') return entity;
  if (!ct.type.startsWith('multipart/') || depth > 8) return null;
  const boundary = ct.params.get('boundary');
  if (!boundary) return null;
  for (const part of splitMultipart(entity.body, boundary).parts) {
    const found = findMultipartSigned(parseEntity(part), depth + 1);
    if (found) return found;
  }
  return null;
}

/** Decoded text/plain leaves in document order (a mailing list may wrap the original in multipart/mixed). */
function textLeaves(entity: MimeEntity, depth = 0): string[] {
  const ct = parseContentType(entity.headers.get('content-type'));
  if (ct.type.startsWith('multipart/')) {
    const boundary = ct.params.get('boundary');
    if (!boundary || depth > 8) return [];
    return splitMultipart(entity.body, boundary).parts.flatMap((p) => textLeaves(parseEntity(p), depth + 1));
  }
  if (ct.type === 'text/plain' || ct.type === 'application/pgp-signature' || ct.type === 'application/octet-stream') return [decodeText(entity)];
  return [];
}

async function verifyPgpMime(entity: MimeEntity, keys: PublicKey[], options: VerifyOptions): Promise<VerifyResult> {
  const ct = parseContentType(entity.headers.get('content-type'));
  const boundary = ct.params.get('boundary');
  const malformed = (detail: string): VerifyResult => ({ ...noSignature(detail), format: 'pgp-mime', problem: 'malformed', message: `the PGP/MIME structure is damaged: ${detail}` });
  if (!boundary) return malformed('multipart/signed has no boundary parameter');
  const protocol = ct.params.get('protocol')?.toLowerCase();
  if (protocol !== 'application/pgp-signature') return malformed(`protocol is "${protocol ?? ''}", expected "application/pgp-signature" (S/MIME is not supported)`);
  const { parts } = splitMultipart(entity.body, boundary);
  if (parts.length !== 2) return malformed(`multipart/signed must have exactly 2 parts, found ${parts.length}`);
  // RFC 3156 §5: the signature covers the first part in canonical form (CRLF line endings), whatever
  // line endings the file on disk happens to use.
  const signed = toCrlf(parts[0]);
  const signatureEntity = parseEntity(parts[1]);
  if (parseContentType(signatureEntity.headers.get('content-type')).type !== 'application/pgp-signature') {
    return malformed('the second part is not application/pgp-signature');
  }
  const text = firstText(parseEntity(signed));
  return verifyBytes(Buffer.from(signed, 'latin1'), decodeText(signatureEntity), keys, options, 'pgp-mime', text);
}

function firstText(entity: MimeEntity): string | null {
  const ct = parseContentType(entity.headers.get('content-type'));
  if (ct.type === 'text/plain') return decodeText(entity).replace(/\r\n/g, '\n');
  if (ct.type.startsWith('multipart/')) {
    const boundary = ct.params.get('boundary');
    if (!boundary) return null;
    for (const part of splitMultipart(entity.body, boundary).parts) {
      const found = firstText(parseEntity(part));
      if (found !== null) return found;
    }
  }
  return null;
}

async function verifyClearsigned(armored: string, keys: PublicKey[], options: VerifyOptions): Promise<VerifyResult> {
  let message;
  try {
    message = await openpgp.readCleartextMessage({ cleartextMessage: armored });
  } catch (e) {
    return { ...noSignature(''), format: 'clearsign', problem: 'malformed', message: `the clearsigned block is damaged (${(e as Error).message}) — the message was changed after signing or cut by a mail program` };
  }
  const text = message.getText();
  // CleartextMessage keeps its Signature in `.signature` (public at runtime, missing from the typings).
  const signature = (message as unknown as { signature: Signature }).signature;
  return check(signature, keys, options, 'clearsign', text, (verificationKeys, date) =>
    openpgp.verify({ message, verificationKeys, date, expectSigned: false }),
  );
}

async function verifyBytes(
  bytes: Uint8Array,
  armoredOrBinarySignature: string | Uint8Array,
  keys: PublicKey[],
  options: VerifyOptions,
  format: SignedFormat,
  text: string | null,
): Promise<VerifyResult> {
  let signature: Signature;
  try {
    signature =
      typeof armoredOrBinarySignature === 'string'
        ? await openpgp.readSignature({ armoredSignature: armoredOrBinarySignature })
        : await openpgp.readSignature({ binarySignature: armoredOrBinarySignature });
  } catch (e) {
    return { ...noSignature(''), format, text, problem: 'malformed', message: `the signature is damaged (${(e as Error).message}) — the message was changed after signing or cut by a mail program` };
  }
  const message = await openpgp.createMessage({ binary: bytes });
  return check(signature, keys, options, format, text, (verificationKeys, date) =>
    openpgp.verify({ message, signature, verificationKeys, date, expectSigned: false, format: 'binary' }),
  );
}

type RunVerify = (keys: PublicKey[], date: Date) => Promise<{ signatures: { keyID: openpgp.KeyID; verified: Promise<true>; signature: Promise<Signature> }[] }>;

async function check(signature: Signature, keys: PublicKey[], options: VerifyOptions, format: SignedFormat, text: string | null, run: RunVerify): Promise<VerifyResult> {
  const date = options.date ?? now();
  const label = options.keyLabel ?? 'the team key';
  const packets = [...signature.packets];
  const base = { format, text, signingSubkeyFingerprint: null, signerUserId: null };
  if (packets.length === 0) return { ...noSignature('the signature block holds no signature'), format, text };
  const issuers = packets.map((p) => {
    const fpr = p.issuerFingerprint ? formatFingerprint(Buffer.from(p.issuerFingerprint).toString('hex')) : null;
    return { id: p.issuerKeyID, keyId: p.issuerKeyID.toHex().toUpperCase(), fingerprint: fpr, created: p.created };
  });
  const known = keys.filter((k) => issuers.some((i) => k.getKeys(i.id).length > 0));
  const expected = keys.map((k) => formatFingerprint(k.getFingerprint())).join(', ');
  if (known.length === 0) {
    const who = issuers[0].fingerprint ?? `with key ID ${issuers[0].keyId}`;
    return {
      ...base,
      valid: false,
      signerFingerprint: issuers[0].fingerprint,
      signedAt: issuers[0].created,
      problem: 'unknown-key',
      message: `signed by key ${who}, which is not ${label} ${expected}${keys.length > 1 ? ' (none of the keys given)' : ''}`,
    };
  }
  const result = await run(known, new Date(date.getTime() + CLOCK_SKEW_MS));
  let firstError: Error | null = null;
  let firstCreated: Date | null = null;
  for (const sig of result.signatures) {
    const key = known.find((k) => k.getKeys(sig.keyID).length > 0);
    if (!key) continue;
    const packet = (await sig.signature).packets[0];
    firstCreated ??= packet.created;
    try {
      await sig.verified;
    } catch (e) {
      firstError ??= e as Error;
      continue;
    }
    const signer = key.getKeys(sig.keyID)[0];
    const fingerprint = formatFingerprint(key.getFingerprint());
    const userId = await primaryUserId(key, date);
    const signedAt = packet.created;
    const subkey = formatFingerprint(signer.getFingerprint());
    return {
      ...base,
      valid: true,
      signerFingerprint: fingerprint,
      signingSubkeyFingerprint: subkey === fingerprint ? null : subkey,
      signerUserId: userId,
      signedAt,
      problem: null,
      message: `good signature from ${userId ?? 'key'} (${fingerprint}) made ${signedAt ? signedAt.toISOString() : 'at an unknown time'}`,
    };
  }
  const signerFingerprint = formatFingerprint(known[0].getFingerprint());
  const reason = firstError?.message ?? 'no signature could be checked';
  const failed = (problem: VerifyProblem, message: string): VerifyResult => ({ ...base, valid: false, signerFingerprint, signedAt: firstCreated, problem, message });
  if (/digest did not match|signature is invalid|verification failed/i.test(reason)) {
    return failed('tampered', 'the signature does not match the text: the message was changed after signing');
  }
  if (/in the future/i.test(reason)) {
    return failed('signed-in-future', `the signature was made at ${firstCreated?.toISOString() ?? '?'}, after ${date.toISOString()} — check DISCLOSE_NOW and the system clock`);
  }
  return failed('key-not-valid', `key ${signerFingerprint} could not be used to check the signature: ${reason}`);
}

async function primaryUserId(key: PublicKey, date: Date): Promise<string | null> {
  try {
    const primary = await key.getPrimaryUser(date);
    return primary.user.userID?.userID ?? null;
  } catch {
    return key.getUserIDs()[0] ?? null;
  }
}

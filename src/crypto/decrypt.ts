// Decrypting what reporters send to the team key (intake, spec §9), and checking the signature a
// reporter may have made inside the encryption. Errors say whose key a message was encrypted to and
// never repeat openpgp's own messages, which could quote the input.
import * as openpgp from 'openpgp';
import type { Message, PrivateKey, PublicKey } from 'openpgp';
import { now } from '../clock.ts';
import { InputError } from '../errors.ts';
import { formatFingerprint } from './keys.ts';

export type DecryptProblem = 'not-a-message' | 'not-encrypted' | 'wrong-key' | 'damaged';

export class DecryptError extends InputError {
  readonly problem: DecryptProblem;
  constructor(problem: DecryptProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

export interface InnerSignature {
  /** True when the signature was checked against a key we have and matches the data. */
  valid: boolean;
  /** `unknown-key`: none of the given keys made it; `bad`: the key is known and the check failed. */
  problem: 'unknown-key' | 'bad' | null;
  /** Primary fingerprint of the signer when the key is known; else what the signature names (fingerprint or 16-hex key ID). */
  signer: string;
  signedAt: Date | null;
}

export interface DecryptResult {
  /** The plaintext, exact bytes. Keep it in memory: it is the report. */
  data: Uint8Array;
  signatures: InnerSignature[];
  /** Key IDs (16 upper-case hex) the session key was encrypted to. */
  recipients: string[];
}

export interface DecryptOptions {
  /** Keys to check inner signatures with (the reporter's, when the mail carries it). */
  verificationKeys?: PublicKey[];
  /** Moment signatures are checked at. Default: now() (DISCLOSE_NOW). */
  date?: Date;
}

const hex = (id: { toHex(): string }) => id.toHex().toUpperCase();

/** Key IDs of a key and its subkeys. */
export function keyIdsOf(key: PublicKey | PrivateKey): string[] {
  return [key, ...key.subkeys].map((k) => hex(k.getKeyID()));
}

/**
 * Decrypts an armored (`-----BEGIN PGP MESSAGE-----`) or binary OpenPGP message with an unlocked
 * team key. Throws DecryptError when the input is not an encrypted message or not for this key.
 */
export async function decryptMessage(input: string | Uint8Array, key: PrivateKey, options: DecryptOptions = {}): Promise<DecryptResult> {
  const message = await readAnyMessage(input);
  const recipients = message.getEncryptionKeyIDs().map(hex);
  if (recipients.length === 0) {
    throw new DecryptError('not-encrypted', 'the OpenPGP message is not encrypted (it has no recipient) — ask the reporter to encrypt it to the team key');
  }
  const ours = keyIdsOf(key);
  const wildcard = '0000000000000000';
  if (!recipients.some((r) => r === wildcard || ours.includes(r))) {
    const fingerprint = formatFingerprint(key.getFingerprint());
    throw new DecryptError(
      'wrong-key',
      `the message is encrypted to key ${recipients.join(', ')}, the team key is ${fingerprint} (key IDs ${ours.join(', ')}) — ask the reporter to encrypt to the team's published key (keys/security-team.asc), or check DISCLOSE_SIGNING_KEY_FILE names the current team key`,
    );
  }
  const date = options.date ?? now();
  let result;
  try {
    result = await openpgp.decrypt({ message, decryptionKeys: key, verificationKeys: options.verificationKeys ?? [], format: 'binary', date });
  } catch {
    throw new DecryptError('damaged', `the message is addressed to the team key but could not be decrypted: its encrypted data is damaged or incomplete — ask the reporter to send it again`);
  }
  const signatures = await Promise.all(result.signatures.map((s) => checkSignature(s, options.verificationKeys ?? [])));
  return { data: result.data, signatures, recipients };
}

async function readAnyMessage(input: string | Uint8Array): Promise<Message<string | Uint8Array>> {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(text);
  try {
    if (armored) return await openpgp.readMessage({ armoredMessage: armored[0] });
    return await openpgp.readMessage({ binaryMessage: typeof input === 'string' ? new Uint8Array(Buffer.from(input, 'latin1')) : input });
  } catch {
    throw new DecryptError('not-a-message', 'the input is not a readable OpenPGP message (the armor or packets are damaged) — ask the reporter to send it again');
  }
}

async function checkSignature(
  s: { keyID: { toHex(): string }; verified: Promise<true>; signature: Promise<openpgp.Signature> },
  keys: PublicKey[],
): Promise<InnerSignature> {
  const keyId = hex(s.keyID);
  let signedAt: Date | null = null;
  let named = keyId;
  try {
    const packet = (await s.signature).packets[0];
    signedAt = packet?.created ?? null;
    const issuer = packet?.issuerFingerprint;
    if (issuer && issuer.length > 0) named = Buffer.from(issuer).toString('hex').toUpperCase();
  } catch {
    // A signature packet that cannot be parsed is reported as bad below.
  }
  const signer = keys.find((k) => keyIdsOf(k).includes(keyId));
  try {
    await s.verified;
    return { valid: true, problem: null, signer: signer ? formatFingerprint(signer.getFingerprint()) : named, signedAt };
  } catch {
    if (!signer) return { valid: false, problem: 'unknown-key', signer: named, signedAt };
    return { valid: false, problem: 'bad', signer: formatFingerprint(signer.getFingerprint()), signedAt };
  }
}

/** Encrypts bytes to a public key (armored), e.g. to keep an unencrypted report unreadable at rest. */
export async function encryptToKey(data: Uint8Array, key: PublicKey, date: Date = now()): Promise<string> {
  const message = await openpgp.createMessage({ binary: data });
  return openpgp.encrypt({ message, encryptionKeys: key, format: 'armored', date });
}

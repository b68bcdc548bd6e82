// The signing operations release day needs, over src/crypto: load the team key from the
// environment, clearsign the announcement, verify a clearsigned text (preflight, --test-to).
// Errors never carry a secret: src/crypto's messages name variables and fingerprints only.
import type { PrivateKey } from 'openpgp';
import { clearsign, loadSigningKeyFromEnv, parsePublicKeys, signPgpMime, SigningKeyError, verifyMessage, type PgpMimeMail, type SigningKeyProblem } from '../crypto/index.ts';
import { RefusedError } from '../errors.ts';

export interface SigningKey {
  /** Upper-case hex fingerprint of the primary key. */
  fingerprint: string;
  /** Armored public part, for verifying our own signature before anything is sent. */
  publicKey: string;
  warnings: string[];
  /** Clearsigns text (signed as is: it must already be wrapped). */
  clearsign(text: string, date?: Date): Promise<string>;
  /** A complete PGP/MIME (RFC 3156) signed message, raw bytes with CRLF. */
  pgpMime(mail: PgpMimeMail): Promise<Uint8Array>;
}

export interface VerifyResult {
  valid: boolean;
  /** Upper-case fingerprint of the key that made the signature, when known. */
  signer?: string;
  /** The signed text, as the signature covers it. */
  text: string;
  error?: string;
}

/** Why the key could not be loaded, for preflight to decide "refuse" or "warn" (rehearsal). */
export class KeyUnavailable extends RefusedError {
  readonly problem: SigningKeyProblem | 'other';
  constructor(message: string, problem: SigningKeyProblem | 'other') {
    super(message);
    this.problem = problem;
  }
}

/** Loads the signing key from DISCLOSE_SIGNING_KEY_FILE + DISCLOSE_SIGNING_PASSPHRASE(_FILE). */
export async function loadSigningKey(env: NodeJS.ProcessEnv, repoRoot: string, date: Date): Promise<SigningKey> {
  let loaded: { key: PrivateKey; fingerprint: string; warnings: string[] };
  try {
    loaded = await loadSigningKeyFromEnv(env, { repoRoot, date });
  } catch (e) {
    if (e instanceof SigningKeyError) throw new KeyUnavailable(e.message, e.problem);
    throw new KeyUnavailable(`the signing key could not be loaded (${(e as Error).name})`, 'other');
  }
  const { key } = loaded;
  return {
    fingerprint: loaded.fingerprint,
    publicKey: key.toPublic().armor(),
    warnings: loaded.warnings,
    clearsign: (text, at) => clearsign(text, key, { date: at ?? date }),
    pgpMime: async (mail) => (await signPgpMime(mail, key, { date: mail.date })).raw,
  };
}

/**
 * Verifies a clearsigned text, or a whole mail holding one (raw bytes), against armored public keys,
 * as of `date` (pass the clock's now(): a rehearsal with DISCLOSE_NOW signs at that moment).
 */
export async function verifyClearsigned(signed: string | Uint8Array, armoredPublicKeys: string, date: Date = new Date()): Promise<VerifyResult> {
  let keys: Awaited<ReturnType<typeof parsePublicKeys>>;
  try {
    keys = await parsePublicKeys(armoredPublicKeys);
  } catch (e) {
    return { valid: false, text: '', error: (e as Error).message };
  }
  const result = await verifyMessage(signed, keys, { date });
  return result.valid
    ? { valid: true, signer: result.signerFingerprint ?? undefined, text: result.text ?? '' }
    : { valid: false, text: result.text ?? '', error: result.message };
}

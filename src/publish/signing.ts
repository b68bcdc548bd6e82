// The signing operations release day needs, over src/crypto: load the team key from the
// environment, clearsign the announcement, verify a clearsigned text (preflight, --test-to).
// Errors never carry a secret: src/crypto's messages name variables and fingerprints only.
import * as openpgp from 'openpgp';
import type { PrivateKey } from 'openpgp';
import { clearsign } from '../crypto/clearsign.ts';
import { loadSigningKeyFromEnv, SigningKeyError, type SigningKeyProblem } from '../crypto/keys.ts';
import { RefusedError } from '../errors.ts';

export interface SigningKey {
  /** Upper-case hex fingerprint of the primary key. */
  fingerprint: string;
  /** Armored public part, for verifying our own signature before anything is sent. */
  publicKey: string;
  warnings: string[];
  /** Clearsigns text (signed as is: it must already be wrapped). */
  clearsign(text: string, date?: Date): Promise<string>;
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
  };
}

/**
 * Verifies a clearsigned text against armored public keys (one or several concatenated), as of
 * `date` (pass the clock's now(): a rehearsal with DISCLOSE_NOW signs at that moment).
 */
export async function verifyClearsigned(signed: string, armoredPublicKeys: string, date: Date = new Date()): Promise<VerifyResult> {
  let message: openpgp.CleartextMessage;
  try {
    message = await openpgp.readCleartextMessage({ cleartextMessage: signed });
  } catch (e) {
    return { valid: false, text: '', error: `not a clearsigned message (${(e as Error).message})` };
  }
  let keys: openpgp.Key[];
  try {
    keys = await openpgp.readKeys({ armoredKeys: armoredPublicKeys });
  } catch (e) {
    return { valid: false, text: '', error: `the public key cannot be read (${(e as Error).message})` };
  }
  const result = await openpgp.verify({ message, verificationKeys: keys, expectSigned: false, date });
  const sig = result.signatures[0];
  if (!sig) return { valid: false, text: String(result.data), error: 'no signature found' };
  try {
    await sig.verified;
  } catch (e) {
    return { valid: false, text: String(result.data), error: (e as Error).message };
  }
  const signer = keys.find((k) => k.getKeyIDs().some((id) => id.equals(sig.keyID)));
  return { valid: true, signer: signer?.getFingerprint().toUpperCase(), text: String(result.data) };
}

// Loading the team's signing key. The secret key and its passphrase come only from the environment
// (a key file OUTSIDE the repository, and a passphrase or passphrase file), and no error raised here
// ever carries the passphrase or a byte of key material: messages name variables, paths and
// fingerprints only, never an underlying library message that might echo input.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as openpgp from 'openpgp';
import type { PrivateKey, PublicKey } from 'openpgp';
import { now } from '../clock.ts';
import { InputError } from '../errors.ts';

export type SigningKeyProblem =
  | 'unset'
  | 'ambiguous'
  | 'unreadable'
  | 'inside-repository'
  | 'not-a-key'
  | 'not-secret'
  | 'wrong-passphrase'
  | 'revoked'
  | 'expired'
  | 'not-yet-valid'
  | 'cannot-sign'
  | 'cannot-decrypt'
  | 'fingerprint-mismatch';

/** A signing key that cannot be used. `problem` lets callers (publish preflight) branch without parsing text. */
export class SigningKeyError extends InputError {
  readonly problem: SigningKeyProblem;
  constructor(problem: SigningKeyProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

export interface SigningKey {
  /** Decrypted, ready to sign. Keep it in memory only. */
  key: PrivateKey;
  /** Primary key fingerprint, upper-case hex without spaces (the form used in disclose.config.yaml). */
  fingerprint: string;
  userIds: string[];
  /** Things worth telling the operator that do not stop signing (loose file permissions, no passphrase). */
  warnings: string[];
}

export interface LoadSigningKeyOptions {
  /** config.signing.fingerprint: the loaded key must be this one. */
  expectedFingerprint?: string;
  /**
   * The repository working tree the key must stay out of. Default: the nearest ancestor of the
   * current directory that contains `.git`. Pass `null` to skip the check.
   */
  repoRoot?: string | null;
  /** The moment at which the key must be valid (not expired or revoked). Default: now() (DISCLOSE_NOW). */
  date?: Date;
  /**
   * What the key is loaded for. `sign` (default) checks it can sign now. `decrypt` (intake) only
   * checks it has a decryption-capable (sub)key: a report sent to the key before it expired must
   * still be readable after.
   */
  purpose?: 'sign' | 'decrypt';
}

export const KEY_FILE_ENV = 'DISCLOSE_SIGNING_KEY_FILE';
export const PASSPHRASE_ENV = 'DISCLOSE_SIGNING_PASSPHRASE';
export const PASSPHRASE_FILE_ENV = 'DISCLOSE_SIGNING_PASSPHRASE_FILE';

/** Upper-case hex, no spaces: the spelling disclose uses everywhere for fingerprints. */
export function formatFingerprint(fingerprint: string): string {
  return fingerprint.replace(/\s+/g, '').toUpperCase();
}

/**
 * Reads the armored (or binary) secret key named by DISCLOSE_SIGNING_KEY_FILE, unlocks it with
 * DISCLOSE_SIGNING_PASSPHRASE (or the first line of DISCLOSE_SIGNING_PASSPHRASE_FILE) and checks it
 * can sign now.
 */
export async function loadSigningKeyFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  options: LoadSigningKeyOptions = {},
): Promise<SigningKey> {
  const keyFile = env[KEY_FILE_ENV];
  if (!keyFile) {
    throw new SigningKeyError(
      'unset',
      `${KEY_FILE_ENV} is not set — set it to the path of the team's armored secret key, kept outside the repository (e.g. export ${KEY_FILE_ENV}=~/.config/disclose/signing-key.asc)`,
    );
  }
  const passphrase = await readPassphrase(env);
  return loadSigningKey(keyFile, passphrase, options, passphraseSource(env));
}

async function readPassphrase(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const direct = env[PASSPHRASE_ENV];
  const file = env[PASSPHRASE_FILE_ENV];
  if (direct !== undefined && direct !== '' && file) {
    throw new SigningKeyError('ambiguous', `both ${PASSPHRASE_ENV} and ${PASSPHRASE_FILE_ENV} are set — unset one of them`);
  }
  if (file) {
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (e) {
      throw new SigningKeyError('unreadable', `${PASSPHRASE_FILE_ENV} names ${file}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}) — point it at a readable file holding the passphrase`);
    }
    // A passphrase file written with `echo` ends with a newline that is not part of the passphrase.
    return content.replace(/\r?\n$/, '');
  }
  return direct === '' ? undefined : direct;
}

/** Which variable the passphrase came from, for messages (never the value). */
function passphraseSource(env: NodeJS.ProcessEnv): string {
  return env[PASSPHRASE_FILE_ENV] ? `the file named by ${PASSPHRASE_FILE_ENV}` : PASSPHRASE_ENV;
}

/**
 * Loads a secret key from a file and unlocks it. `passphrase` undefined means none was given;
 * `passphraseFrom` names where it came from in messages (never the value).
 */
export async function loadSigningKey(
  keyFile: string,
  passphrase: string | undefined,
  options: LoadSigningKeyOptions = {},
  passphraseFrom: string = PASSPHRASE_ENV,
): Promise<SigningKey> {
  const warnings: string[] = [];
  const absolute = path.resolve(keyFile);
  let stat;
  try {
    stat = statSync(absolute);
  } catch (e) {
    throw new SigningKeyError('unreadable', `${KEY_FILE_ENV} names ${absolute}, which does not exist or cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}) — check the path`);
  }
  if (!stat.isFile()) {
    throw new SigningKeyError('unreadable', `${KEY_FILE_ENV} names ${absolute}, which is not a file — point it at the exported secret key (gpg --export-secret-keys --armor <fingerprint> > key.asc)`);
  }
  const root = options.repoRoot === undefined ? findRepoRoot(process.cwd()) : options.repoRoot;
  if (root !== null && isInside(absolute, root)) {
    // Refused, not warned: a key inside the working tree is one `git add -A` away from being public.
    throw new SigningKeyError(
      'inside-repository',
      `${KEY_FILE_ENV} names ${absolute}, which is inside the repository working tree ${root} — move the secret key outside the repository (e.g. ~/.config/disclose/) and point ${KEY_FILE_ENV} there`,
    );
  }
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    warnings.push(`${absolute} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}) — run chmod 600 on it`);
  }

  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (e) {
    throw new SigningKeyError('unreadable', `${KEY_FILE_ENV} names ${absolute}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}) — check its permissions`);
  }
  const key = await parseSecretKey(bytes, absolute, options.expectedFingerprint);
  const fingerprint = formatFingerprint(key.getFingerprint());

  if (options.expectedFingerprint && formatFingerprint(options.expectedFingerprint) !== fingerprint) {
    throw new SigningKeyError(
      'fingerprint-mismatch',
      `${absolute} holds key ${fingerprint}, but the config (signing.fingerprint) expects the team key ${formatFingerprint(options.expectedFingerprint)} — point ${KEY_FILE_ENV} at the team key, or update signing.fingerprint and keys/ if the team key changed`,
    );
  }

  let unlocked: PrivateKey;
  if (key.isDecrypted()) {
    warnings.push(`key ${fingerprint} is not protected by a passphrase — protect it (gpg --passwd ${fingerprint}) and re-export`);
    unlocked = key;
  } else {
    if (passphrase === undefined) {
      throw new SigningKeyError(
        'unset',
        `key ${fingerprint} is passphrase-protected but ${PASSPHRASE_ENV} is not set — set ${PASSPHRASE_ENV}, or ${PASSPHRASE_FILE_ENV} to a file holding the passphrase`,
      );
    }
    try {
      unlocked = await openpgp.decryptKey({ privateKey: key, passphrase });
    } catch {
      throw new SigningKeyError('wrong-passphrase', `the passphrase in ${passphraseFrom} does not unlock key ${fingerprint} — check the passphrase for this key`);
    }
  }
  if (options.purpose === 'decrypt') await assertCanDecrypt(unlocked, fingerprint);
  else await assertCanSign(unlocked, fingerprint, options.date ?? now());
  return { key: unlocked, fingerprint, userIds: unlocked.getUserIDs(), warnings };
}

async function parseSecretKey(bytes: Buffer, file: string, expectedFingerprint: string | undefined): Promise<PrivateKey> {
  const text = bytes.toString('latin1');
  const armored = text.includes('-----BEGIN PGP');
  const notSecret = () =>
    new SigningKeyError(
      'not-secret',
      `${file} holds a public key, not a secret key — export the secret key (gpg --export-secret-keys --armor <fingerprint>) and point ${KEY_FILE_ENV} at it`,
    );
  if (armored && /-----BEGIN PGP PUBLIC KEY BLOCK-----/.test(text) && !/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(text)) throw notSecret();
  let keys: (PublicKey | PrivateKey)[];
  try {
    keys = armored ? await openpgp.readKeys({ armoredKeys: text }) : await openpgp.readKeys({ binaryKeys: new Uint8Array(bytes) });
  } catch {
    // The library's message is not repeated: it could quote part of the file.
    throw new SigningKeyError('not-a-key', `${file} is not an OpenPGP key — ${KEY_FILE_ENV} must name an armored secret key (-----BEGIN PGP PRIVATE KEY BLOCK-----)`);
  }
  const secret = keys.filter((k): k is PrivateKey => k.isPrivate());
  if (secret.length === 0) throw notSecret();
  if (secret.length === 1) return secret[0];
  // `gpg --export-secret-keys` without a fingerprint exports every key in the keyring.
  const all = secret.map((k) => formatFingerprint(k.getFingerprint()));
  if (expectedFingerprint) {
    const match = secret.find((k) => formatFingerprint(k.getFingerprint()) === formatFingerprint(expectedFingerprint));
    if (match) return match;
    return secret[0]; // the fingerprint check that follows names the mismatch
  }
  throw new SigningKeyError(
    'ambiguous',
    `${file} holds ${secret.length} secret keys (${all.join(', ')}) — export only the team key (gpg --export-secret-keys --armor <fingerprint>), or set signing.fingerprint in disclose.config.yaml`,
  );
}

async function assertCanSign(key: PrivateKey, fingerprint: string, date: Date): Promise<void> {
  if (await key.isRevoked(undefined, undefined, date)) {
    throw new SigningKeyError('revoked', `key ${fingerprint} is revoked — announcements must be signed with a valid team key; rotate the key (docs/signing.md)`);
  }
  if (key.getCreationTime().getTime() > date.getTime()) {
    throw new SigningKeyError(
      'not-yet-valid',
      `key ${fingerprint} was created at ${key.getCreationTime().toISOString()}, after ${date.toISOString()} — check DISCLOSE_NOW and the system clock`,
    );
  }
  const expires = await key.getExpirationTime();
  if (expires instanceof Date && expires.getTime() <= date.getTime()) {
    throw new SigningKeyError(
      'expired',
      `key ${fingerprint} expired at ${expires.toISOString()} — extend it (gpg --quick-set-expire ${fingerprint} 1y), re-export it and update keys/`,
    );
  }
  try {
    await key.getSigningKey(undefined, date);
  } catch {
    throw new SigningKeyError(
      'cannot-sign',
      `key ${fingerprint} has no valid signing-capable key or subkey at ${date.toISOString()} — use the team's signing key, or add a signing subkey (gpg --quick-add-key ${fingerprint} ed25519 sign)`,
    );
  }
}

async function assertCanDecrypt(key: PrivateKey, fingerprint: string): Promise<void> {
  try {
    // No date (null): expiry does not stop decrypting mail that was sent while the key was valid.
    await key.getDecryptionKeys(undefined, null);
  } catch {
    throw new SigningKeyError(
      'cannot-decrypt',
      `key ${fingerprint} has no encryption-capable subkey, so nobody can encrypt reports to it — add one (gpg --quick-add-key ${fingerprint} cv25519 encr), re-export the key and update keys/`,
    );
  }
}

/** The nearest ancestor of `from` holding `.git`, or null outside any repository. */
export function findRepoRoot(from: string): string | null {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function isInside(file: string, dir: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(dir), real(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Reads one or more public keys (armored or binary) from a file, e.g. keys/security-team.asc. */
export async function readPublicKeysFile(file: string): Promise<PublicKey[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new InputError(`${file}: cannot read the public key file (${(e as NodeJS.ErrnoException).code ?? 'error'}) — check the path (config signing.public_key or --key)`);
  }
  return parsePublicKeys(bytes, file);
}

/** Parses armored or binary public keys; secret keys are reduced to their public part. */
export async function parsePublicKeys(input: string | Uint8Array, label = 'key'): Promise<PublicKey[]> {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  try {
    const keys = text.includes('-----BEGIN PGP')
      ? await openpgp.readKeys({ armoredKeys: typeof input === 'string' ? input : Buffer.from(input).toString('utf8') })
      : await openpgp.readKeys({ binaryKeys: typeof input === 'string' ? Buffer.from(input, 'latin1') : input });
    return keys.map((k) => (k.isPrivate() ? k.toPublic() : k));
  } catch {
    throw new InputError(`${label}: not an OpenPGP public key — expected an armored key (-----BEGIN PGP PUBLIC KEY BLOCK-----), e.g. gpg --export --armor <fingerprint>`);
  }
}

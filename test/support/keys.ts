// Throwaway OpenPGP keys for tests: no private key of the team exists anywhere, so every test that
// signs makes its own. Keys are passphrase-protected (like the real one), live in a temp dir
// outside the repository, and are also imported into a throwaway GNUPGHOME so tests can run the
// real `gpg` against what disclose signs.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as openpgp from 'openpgp';
import type { PublicKey } from 'openpgp';
import { loadSigningKeyFromEnv, parsePublicKeys, type SigningKey } from '../../src/crypto/index.ts';

export interface TestKey {
  /** Temp dir holding the key files and GNUPGHOME. */
  dir: string;
  secretKeyFile: string;
  publicKeyFile: string;
  passphrase: string;
  /** Upper-case hex, no spaces (as in disclose.config.yaml). */
  fingerprint: string;
  armoredPublicKey: string;
  armoredSecretKey: string;
  userId: string;
  /** Ready to spread into a child process env or pass to loadSigningKeyFromEnv. */
  env: { DISCLOSE_SIGNING_KEY_FILE: string; DISCLOSE_SIGNING_PASSPHRASE: string };
  /** A GNUPGHOME with the public key imported (and, for gpg-made keys, the secret key). */
  gnupgHome: string;
  /** Stops the gpg-agent of gnupgHome (if one started) and removes the temp dir. */
  cleanup(): Promise<void>;
}

export interface TestKeyOptions {
  name?: string;
  email?: string;
  passphrase?: string;
  /**
   * Key creation time. Default 2025-01-01T00:00:00Z, so tests that move the clock back with
   * DISCLOSE_NOW (e.g. to a published sample's embargo) still find a valid key.
   */
  created?: Date;
  /** Key lifetime in seconds from `created` (0 = never expires). */
  expiresInSeconds?: number;
  /** Import into a throwaway GNUPGHOME (default true). */
  gpg?: boolean;
}

export interface GpgResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The moment every gpg in the tests believes it is (`--faked-system-time`, frozen): after the
 * openpgp test keys are made (2025-01-01), before any DISCLOSE_NOW a test uses. With the real clock
 * a signature made today would be "from the future" for a test whose clock is fixed in the past,
 * and the suite would pass or fail by the calendar.
 */
export const GPG_TIME = '2025-06-01T00:00:00Z';
const GPG_FAKED = `${GPG_TIME.replace(/[-:]/g, '').replace('Z', '')}!`;

/** Runs the real gpg non-interactively against `home`, at GPG_TIME. */
export function gpg(home: string, args: string[], input?: string | Uint8Array): GpgResult {
  const r = spawnSync('gpg', ['--homedir', home, '--batch', '--no-tty', '--pinentry-mode', 'loopback', '--faked-system-time', GPG_FAKED, ...args], {
    input,
    env: { ...process.env, GNUPGHOME: home, LC_ALL: 'C', LANG: 'C' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout?.toString('utf8') ?? '', stderr: r.stderr?.toString('utf8') ?? '' };
}

function makeDir(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const gnupgHome = path.join(dir, 'gnupg');
  return { dir, gnupgHome };
}

async function initGnupgHome(home: string): Promise<void> {
  await mkdir(home, { mode: 0o700 });
  await writeFile(path.join(home, 'gpg-agent.conf'), 'allow-loopback-pinentry\n');
}

function cleanupFor(dir: string, gnupgHome: string) {
  return async () => {
    spawnSync('gpgconf', ['--homedir', gnupgHome, '--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: gnupgHome } });
    await rm(dir, { recursive: true, force: true });
  };
}

/** A fresh ed25519 (EdDSA legacy, v4: what Debian's GnuPG 2.2 reads) key made with openpgp. */
export async function createTestKey(options: TestKeyOptions = {}): Promise<TestKey> {
  const name = options.name ?? 'Test Security Team';
  const email = options.email ?? 'security@example.org';
  const passphrase = options.passphrase ?? `pp-${randomBytes(16).toString('hex')}`;
  const { dir, gnupgHome } = makeDir('disclose-key-');
  const generated = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name, email }],
    passphrase,
    date: options.created ?? new Date('2025-01-01T00:00:00Z'),
    keyExpirationTime: options.expiresInSeconds ?? 0,
    format: 'armored',
  });
  const key = await openpgp.readKey({ armoredKey: generated.publicKey });
  const secretKeyFile = path.join(dir, 'signing-key.asc');
  const publicKeyFile = path.join(dir, 'public-key.asc');
  await writeFile(secretKeyFile, generated.privateKey, { mode: 0o600 });
  await writeFile(publicKeyFile, generated.publicKey);
  await initGnupgHome(gnupgHome);
  if (options.gpg !== false) {
    // A public key needs no gpg-agent; --no-autostart keeps a test that forgets cleanup() from
    // leaving a daemon behind.
    const imported = gpg(gnupgHome, ['--no-autostart', '--import'], generated.publicKey);
    if (imported.status !== 0) throw new Error(`gpg --import failed: ${imported.stderr}`);
  }
  return {
    dir,
    secretKeyFile,
    publicKeyFile,
    passphrase,
    fingerprint: key.getFingerprint().toUpperCase(),
    armoredPublicKey: generated.publicKey,
    armoredSecretKey: generated.privateKey,
    userId: `${name} <${email}>`,
    env: { DISCLOSE_SIGNING_KEY_FILE: secretKeyFile, DISCLOSE_SIGNING_PASSPHRASE: passphrase },
    gnupgHome,
    cleanup: cleanupFor(dir, gnupgHome),
  };
}

/**
 * A key made by gpg itself (`gpg --quick-gen-key … ed25519 sign`), exported armored for disclose.
 * Its secret stays usable in gnupgHome, so tests can make gpg sign with it.
 */
export async function createGpgKey(options: { name?: string; email?: string; passphrase?: string } = {}): Promise<TestKey> {
  const name = options.name ?? 'GnuPG Made Key';
  const email = options.email ?? 'gpg-made@example.org';
  const passphrase = options.passphrase ?? `pp-${randomBytes(16).toString('hex')}`;
  const { dir, gnupgHome } = makeDir('disclose-gpgkey-');
  await initGnupgHome(gnupgHome);
  const userId = `${name} <${email}>`;
  const made = gpg(gnupgHome, ['--passphrase', passphrase, '--quick-gen-key', userId, 'ed25519', 'sign', '0']);
  if (made.status !== 0) throw new Error(`gpg --quick-gen-key failed: ${made.stderr}`);
  const listed = gpg(gnupgHome, ['--with-colons', '--list-secret-keys', email]);
  const fpr = /^fpr:+([0-9A-F]{40}):/m.exec(listed.stdout)?.[1];
  if (!fpr) throw new Error(`no fingerprint in gpg output: ${listed.stdout}`);
  const pub = gpg(gnupgHome, ['--armor', '--export', fpr]);
  const sec = gpg(gnupgHome, ['--passphrase', passphrase, '--armor', '--export-secret-keys', fpr]);
  if (sec.status !== 0 || !sec.stdout.includes('PRIVATE KEY')) throw new Error(`gpg --export-secret-keys failed: ${sec.stderr}`);
  const secretKeyFile = path.join(dir, 'signing-key.asc');
  const publicKeyFile = path.join(dir, 'public-key.asc');
  await writeFile(secretKeyFile, sec.stdout, { mode: 0o600 });
  await chmod(secretKeyFile, 0o600);
  await writeFile(publicKeyFile, pub.stdout);
  return {
    dir,
    secretKeyFile,
    publicKeyFile,
    passphrase,
    fingerprint: fpr,
    armoredPublicKey: pub.stdout,
    armoredSecretKey: await readFile(secretKeyFile, 'utf8'),
    userId,
    env: { DISCLOSE_SIGNING_KEY_FILE: secretKeyFile, DISCLOSE_SIGNING_PASSPHRASE: passphrase },
    gnupgHome,
    cleanup: cleanupFor(dir, gnupgHome),
  };
}

/** A throwaway key loaded the way release day loads it, with its public half parsed: the set-up most signing tests share. */
export async function createTestSigningKey(): Promise<{ key: TestKey; signing: SigningKey; publicKeys: PublicKey[] }> {
  const key = await createTestKey({ gpg: false });
  const signing = await loadSigningKeyFromEnv(key.env, { repoRoot: null });
  return { key, signing, publicKeys: await parsePublicKeys(key.armoredPublicKey) };
}

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot, loadSigningKeyFromEnv, SigningKeyError, type SigningKeyProblem } from '../../src/crypto/index.ts';
import { createTestKey, gpg, type TestKey } from '../support/keys.ts';

let key: TestKey;
let scratch: string;
/** Every secret a test in this file uses; none may ever appear in an error message. */
const secrets: string[] = [];

beforeAll(async () => {
  key = await createTestKey({ gpg: false });
  scratch = mkdtempSync(path.join(tmpdir(), 'disclose-keys-test-'));
  secrets.push(key.passphrase, 'not-the-passphrase-1234');
});

afterAll(async () => {
  await key.cleanup();
  await rm(scratch, { recursive: true, force: true });
});

/** Loads and expects a SigningKeyError with the given problem; also checks it leaks no secret. */
async function expectProblem(env: NodeJS.ProcessEnv, problem: SigningKeyProblem, options = {}): Promise<string> {
  const error = await loadSigningKeyFromEnv(env, { repoRoot: null, ...options }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SigningKeyError);
  const e = error as SigningKeyError;
  expect(e.problem).toBe(problem);
  assertNoSecrets(e.message);
  assertNoSecrets(String(e.stack));
  return e.message;
}

function assertNoSecrets(text: string): void {
  for (const s of secrets) expect(text).not.toContain(s);
  // No line of armored key material either (the base64 lines of the secret key).
  for (const line of key.armoredSecretKey.split('\n').filter((l) => l.length >= 20 && !l.startsWith('-----'))) {
    expect(text).not.toContain(line);
  }
}

describe('loadSigningKeyFromEnv', () => {
  it('should unlock the key named by DISCLOSE_SIGNING_KEY_FILE with DISCLOSE_SIGNING_PASSPHRASE', async () => {
    const loaded = await loadSigningKeyFromEnv(key.env, { repoRoot: null });
    expect(loaded.fingerprint).toBe(key.fingerprint);
    expect(loaded.userIds).toEqual([key.userId]);
    expect(loaded.key.isDecrypted()).toBe(true);
    expect(loaded.warnings).toEqual([]);
  });

  it('should read the passphrase from DISCLOSE_SIGNING_PASSPHRASE_FILE, ignoring one trailing newline', async () => {
    const file = path.join(scratch, 'passphrase');
    await writeFile(file, `${key.passphrase}\n`, { mode: 0o600 });
    const loaded = await loadSigningKeyFromEnv(
      { DISCLOSE_SIGNING_KEY_FILE: key.secretKeyFile, DISCLOSE_SIGNING_PASSPHRASE_FILE: file },
      { repoRoot: null },
    );
    expect(loaded.fingerprint).toBe(key.fingerprint);
  });

  it('should accept the expected fingerprint in any case and spacing', async () => {
    const spaced = key.fingerprint.toLowerCase().replace(/(.{4})/g, '$1 ');
    const loaded = await loadSigningKeyFromEnv(key.env, { repoRoot: null, expectedFingerprint: spaced });
    expect(loaded.fingerprint).toBe(key.fingerprint);
  });

  it('should say which variable to set when the key file variable is unset', async () => {
    const message = await expectProblem({ DISCLOSE_SIGNING_PASSPHRASE: key.passphrase }, 'unset');
    expect(message).toContain('DISCLOSE_SIGNING_KEY_FILE is not set');
  });

  it('should say which variable to set when the passphrase is unset', async () => {
    const message = await expectProblem({ DISCLOSE_SIGNING_KEY_FILE: key.secretKeyFile }, 'unset');
    expect(message).toContain(`key ${key.fingerprint} is passphrase-protected but DISCLOSE_SIGNING_PASSPHRASE is not set`);
  });

  it('should refuse both passphrase variables at once', async () => {
    await expectProblem({ ...key.env, DISCLOSE_SIGNING_PASSPHRASE_FILE: '/nonexistent' }, 'ambiguous');
  });

  it('should name the path of a key file that does not exist', async () => {
    const missing = path.join(scratch, 'missing.asc');
    const message = await expectProblem({ ...key.env, DISCLOSE_SIGNING_KEY_FILE: missing }, 'unreadable');
    expect(message).toContain(missing);
    expect(message).toContain('ENOENT');
  });

  it('should reject a public key given as the secret key', async () => {
    const message = await expectProblem({ ...key.env, DISCLOSE_SIGNING_KEY_FILE: key.publicKeyFile }, 'not-secret');
    expect(message).toContain('holds a public key, not a secret key');
  });

  it('should reject a file that is not a key, without quoting it', async () => {
    const file = path.join(scratch, 'garbage.asc');
    await writeFile(file, '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nsecret-looking-garbage-line-xyz\n-----END PGP PRIVATE KEY BLOCK-----\n');
    const message = await expectProblem({ ...key.env, DISCLOSE_SIGNING_KEY_FILE: file }, 'not-a-key');
    expect(message).not.toContain('secret-looking-garbage');
  });

  it('should name the key a wrong passphrase does not unlock, never the passphrase', async () => {
    const message = await expectProblem({ ...key.env, DISCLOSE_SIGNING_PASSPHRASE: 'not-the-passphrase-1234' }, 'wrong-passphrase');
    expect(message).toBe(`the passphrase in DISCLOSE_SIGNING_PASSPHRASE does not unlock key ${key.fingerprint} — check the passphrase for this key`);
  });

  it('should name the passphrase file variable when the wrong passphrase came from a file', async () => {
    const file = path.join(scratch, 'wrong-passphrase');
    await writeFile(file, 'not-the-passphrase-1234\n');
    const message = await expectProblem(
      { DISCLOSE_SIGNING_KEY_FILE: key.secretKeyFile, DISCLOSE_SIGNING_PASSPHRASE_FILE: file },
      'wrong-passphrase',
    );
    expect(message).toContain('the file named by DISCLOSE_SIGNING_PASSPHRASE_FILE');
  });

  it('should refuse a key that is not the configured team key', async () => {
    const other = 'A'.repeat(40);
    const message = await expectProblem(key.env, 'fingerprint-mismatch', { expectedFingerprint: other });
    expect(message).toContain(`holds key ${key.fingerprint}, but the config (signing.fingerprint) expects the team key ${other}`);
  });

  it('should refuse a key file inside the repository working tree', async () => {
    const repo = path.join(scratch, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    mkdirSync(path.join(repo, 'keys'));
    const inside = path.join(repo, 'keys', 'secret.asc');
    writeFileSync(inside, key.armoredSecretKey, { mode: 0o600 });
    expect(findRepoRoot(path.join(repo, 'keys'))).toBe(repo);
    const message = await expectProblem({ ...key.env, DISCLOSE_SIGNING_KEY_FILE: inside }, 'inside-repository', { repoRoot: repo });
    expect(message).toContain(`inside the repository working tree ${repo}`);
    // The default root is found from the current directory: this test runs inside the disclose repo.
    const here = path.join(process.cwd(), 'package.json');
    const e = await loadSigningKeyFromEnv({ ...key.env, DISCLOSE_SIGNING_KEY_FILE: here }).catch((err: SigningKeyError) => err);
    expect((e as SigningKeyError).problem).toBe('inside-repository');
  });

  it('should warn about a key file other users can read', async () => {
    const loose = path.join(scratch, 'loose.asc');
    await writeFile(loose, key.armoredSecretKey);
    await chmod(loose, 0o644);
    const loaded = await loadSigningKeyFromEnv({ ...key.env, DISCLOSE_SIGNING_KEY_FILE: loose }, { repoRoot: null });
    expect(loaded.warnings.join('\n')).toContain('readable by other users (mode 644)');
  });

  it('should warn about a key that has no passphrase', async () => {
    const bare = await openpgp.generateKey({ userIDs: [{ name: 'Bare' }], date: new Date('2025-01-01T00:00:00Z'), format: 'armored' });
    const file = path.join(scratch, 'bare.asc');
    await writeFile(file, bare.privateKey, { mode: 0o600 });
    const loaded = await loadSigningKeyFromEnv({ DISCLOSE_SIGNING_KEY_FILE: file }, { repoRoot: null });
    expect(loaded.warnings.join('\n')).toContain('not protected by a passphrase');
  });

  it('should refuse an expired key and accept it at a time when it was valid', async () => {
    const expiring = await createTestKey({ gpg: false, created: new Date('2025-01-01T00:00:00Z'), expiresInSeconds: 86_400 });
    secrets.push(expiring.passphrase);
    try {
      const message = await expectProblem(expiring.env, 'expired', { date: new Date('2026-06-01T00:00:00Z') });
      expect(message).toContain(`key ${expiring.fingerprint} expired at 2025-01-02T00:00:00.000Z`);
      const loaded = await loadSigningKeyFromEnv(expiring.env, { repoRoot: null, date: new Date('2025-01-01T12:00:00Z') });
      expect(loaded.fingerprint).toBe(expiring.fingerprint);
    } finally {
      await expiring.cleanup();
    }
  });

  it('should use DISCLOSE_NOW as the default moment of validity', async () => {
    const expiring = await createTestKey({ gpg: false, created: new Date('2025-01-01T00:00:00Z'), expiresInSeconds: 86_400 });
    secrets.push(expiring.passphrase);
    const saved = process.env.DISCLOSE_NOW;
    try {
      process.env.DISCLOSE_NOW = '2025-01-01T06:00:00Z';
      await expect(loadSigningKeyFromEnv(expiring.env, { repoRoot: null })).resolves.toMatchObject({ fingerprint: expiring.fingerprint });
      process.env.DISCLOSE_NOW = '2025-03-01T00:00:00Z';
      await expectProblem(expiring.env, 'expired');
      process.env.DISCLOSE_NOW = '2024-06-01T00:00:00Z';
      await expectProblem(expiring.env, 'not-yet-valid');
    } finally {
      if (saved === undefined) delete process.env.DISCLOSE_NOW;
      else process.env.DISCLOSE_NOW = saved;
      await expiring.cleanup();
    }
  });

  it('should refuse a revoked key', async () => {
    const unlocked = await openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: key.armoredSecretKey }), passphrase: key.passphrase });
    const revoked = await openpgp.revokeKey({ key: unlocked, format: 'object', date: new Date('2025-06-01T00:00:00Z') });
    const locked = await openpgp.encryptKey({ privateKey: revoked.privateKey, passphrase: key.passphrase });
    const file = path.join(scratch, 'revoked.asc');
    await writeFile(file, locked.armor(), { mode: 0o600 });
    const message = await expectProblem({ ...key.env, DISCLOSE_SIGNING_KEY_FILE: file }, 'revoked');
    expect(message).toContain(`key ${key.fingerprint} is revoked`);
  });

  it('should refuse a key that can certify but not sign (made by gpg)', async () => {
    const home = path.join(scratch, 'gnupg-cert-only');
    mkdirSync(home, { mode: 0o700 });
    const passphrase = 'cert-only-passphrase-5678';
    secrets.push(passphrase);
    try {
      expect(gpg(home, ['--passphrase', passphrase, '--quick-gen-key', 'Cert Only <cert@example.org>', 'ed25519', 'cert', '0']).status).toBe(0);
      const exported = gpg(home, ['--passphrase', passphrase, '--armor', '--export-secret-keys', 'cert@example.org']);
      const file = path.join(scratch, 'cert-only.asc');
      await writeFile(file, exported.stdout, { mode: 0o600 });
      const message = await expectProblem({ DISCLOSE_SIGNING_KEY_FILE: file, DISCLOSE_SIGNING_PASSPHRASE: passphrase }, 'cannot-sign');
      expect(message).toContain('has no valid signing-capable key or subkey');
    } finally {
      spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
    }
  });

  it('should pick the configured key from a file holding several, and refuse to guess without one', async () => {
    const other = await openpgp.generateKey({ userIDs: [{ name: 'Other' }], passphrase: key.passphrase, date: new Date('2025-01-01T00:00:00Z'), format: 'object' });
    const mine = await openpgp.readPrivateKey({ armoredKey: key.armoredSecretKey });
    const both = Buffer.concat([other.privateKey.write(), mine.write()]);
    const file = path.join(scratch, 'keyring.gpg');
    await writeFile(file, both, { mode: 0o600 });
    const env = { ...key.env, DISCLOSE_SIGNING_KEY_FILE: file };
    const loaded = await loadSigningKeyFromEnv(env, { repoRoot: null, expectedFingerprint: key.fingerprint });
    expect(loaded.fingerprint).toBe(key.fingerprint);
    const message = await expectProblem(env, 'ambiguous');
    expect(message).toContain('holds 2 secret keys');
    expect(message).toContain(key.fingerprint);
  });

  it('should read a binary (non-armored) secret key export', async () => {
    const binary = (await openpgp.readPrivateKey({ armoredKey: key.armoredSecretKey })).write();
    const file = path.join(scratch, 'binary.gpg');
    await writeFile(file, binary, { mode: 0o600 });
    const loaded = await loadSigningKeyFromEnv({ ...key.env, DISCLOSE_SIGNING_KEY_FILE: file }, { repoRoot: null });
    expect(loaded.fingerprint).toBe(key.fingerprint);
    expect(await readFile(file)).not.toContain('-----BEGIN');
  });

  it('should keep the passphrase and key out of a command\'s output end to end (real child process)', () => {
    // A command that loads the key with a wrong passphrase and one with an unreadable file, run as
    // scripts run: through runCommand, which prints the error and sets the exit code.
    const program = `
      import { runCommand } from './src/cli/run.ts';
      import { loadSigningKeyFromEnv } from './src/crypto/index.ts';
      runCommand(async () => { await loadSigningKeyFromEnv(process.env, { repoRoot: null }); });
    `;
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: process.cwd(), encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
    const wrong = run({ DISCLOSE_SIGNING_KEY_FILE: key.secretKeyFile, DISCLOSE_SIGNING_PASSPHRASE: 'not-the-passphrase-1234' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`does not unlock key ${key.fingerprint}`);
    const right = run({ DISCLOSE_SIGNING_KEY_FILE: path.join(scratch, 'nope.asc'), DISCLOSE_SIGNING_PASSPHRASE: key.passphrase });
    expect(right.status).toBe(1);
    expect(right.stderr).toContain('does not exist');
    for (const out of [wrong.stdout, wrong.stderr, right.stdout, right.stderr]) assertNoSecrets(out);
  });
});

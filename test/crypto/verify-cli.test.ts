// `npm run verify` as a user runs it: a real child process, real files, real exit codes.
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearsign, detachedSignature, loadSigningKeyFromEnv, signPgpMime, type SigningKey } from '../../src/crypto/index.ts';
import { createTestKey, type TestKey } from '../support/keys.ts';

const repo = process.cwd();
const script = path.join(repo, 'scripts', 'verify.ts');
let key: TestKey;
let signing: SigningKey;
let signedFile: string;

function verifyCli(args: string[], options: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: options.cwd ?? repo, input: options.input, encoding: 'utf8', env: { ...process.env, DISCLOSE_NOW: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  key = await createTestKey({ gpg: false });
  signing = await loadSigningKeyFromEnv(key.env, { repoRoot: null });
  signedFile = path.join(key.dir, 'announce.asc');
  await writeFile(signedFile, await clearsign('Rivet 1.96.1 fixes CVE-2026-1234.\n', signing.key));
});
afterAll(() => key.cleanup());

describe('npm run verify', () => {
  it('should say who signed and when, and exit 0', () => {
    const r = verifyCli([signedFile, '--key', key.publicKeyFile]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${signedFile}: good signature (clearsign)`);
    expect(r.stdout).toContain(`signed by  ${key.userId}`);
    expect(r.stdout).toContain(`key        ${key.fingerprint}`);
    expect(r.stdout).toMatch(/signed at {2}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z/);
  });

  it('should print JSON with --json', () => {
    const r = verifyCli([signedFile, '--key', key.publicKeyFile, '--json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ valid: true, format: 'clearsign', signerFingerprint: key.fingerprint, text: 'Rivet 1.96.1 fixes CVE-2026-1234.' });
    expect(Date.parse(json.signedAt)).not.toBeNaN();
  });

  it('should exit 1 with a clear message after a one-character change', async () => {
    const tampered = path.join(key.dir, 'tampered.asc');
    await writeFile(tampered, (await readFile(signedFile, 'utf8')).replace('1.96.1', '1.96.2'));
    const r = verifyCli([tampered, '--key', key.publicKeyFile]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('BAD — the signature does not match the text: the message was changed after signing');
  });

  it('should check against the team key from disclose.config.yaml by default', async () => {
    // The real repository's team key did not sign this.
    const r = verifyCli([signedFile]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`signed by key ${key.fingerprint}, which is not the team key 50B11413DDF09A8F99D1DA857407FEE08C039B33`);
    // A repository whose config names the test key as the team key accepts it.
    const root = path.join(key.dir, 'team-repo');
    await mkdir(path.join(root, 'keys'), { recursive: true });
    const config = (await readFile(path.join(repo, 'disclose.config.yaml'), 'utf8')).replace(/fingerprint: [0-9A-F]+/, `fingerprint: ${key.fingerprint}`);
    await writeFile(path.join(root, 'disclose.config.yaml'), config);
    await writeFile(path.join(root, 'keys', 'security-team.asc'), key.armoredPublicKey);
    const ok = verifyCli([signedFile], { cwd: root });
    expect(ok.stdout).toContain('good signature');
    expect(ok.status).toBe(0);
  });

  it('should read standard input with "-" and verify PGP/MIME mails', async () => {
    const signed = await signPgpMime(
      { from: 'security@example.org', to: 'list@example.org', subject: 's', messageId: 'x@example.org', date: new Date(), text: 'PGP/MIME body\n' },
      signing.key,
    );
    const r = verifyCli(['-', '--key', key.publicKeyFile], { input: Buffer.from(signed.raw).toString('latin1') });
    expect(r.stdout).toContain('-: good signature (pgp-mime)');
    expect(r.status).toBe(0);
  });

  it('should verify a file against a detached signature with --signature', async () => {
    const file = path.join(key.dir, 'fix.patch');
    await writeFile(file, 'diff\n');
    await writeFile(`${file}.asc`, (await detachedSignature(new TextEncoder().encode('diff\n'), signing.key)).armored);
    expect(verifyCli([file, '--signature', `${file}.asc`, '--key', key.publicKeyFile]).status).toBe(0);
    await writeFile(file, 'diff!\n');
    expect(verifyCli([file, '--signature', `${file}.asc`, '--key', key.publicKeyFile]).status).toBe(1);
  });

  it('should exit 2 on usage errors and 1 on an unreadable file', () => {
    expect(verifyCli([]).status).toBe(2);
    expect(verifyCli([signedFile, '--bogus']).status).toBe(2);
    const missing = verifyCli([path.join(key.dir, 'missing.asc'), '--key', key.publicKeyFile]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('cannot read (ENOENT)');
  });
});

// `npm run render` end to end, in a throwaway copy of the repository: real files, a real
// generated key, real gpg, the real CLI as a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOutbox } from '../../src/channels/outbox.ts';
import { loadConfig } from '../../src/config/load.ts';
import { parsePublicKeys, verifyMessage } from '../../src/crypto/index.ts';
import { RefusedError } from '../../src/errors.ts';
import { createTestKey, gpg, type TestKey } from '../support/keys.ts';
import { FIXED_NOW, GOLDEN_DIR, listFiles, REPO } from './support.ts';

let root: string;
let key: TestKey;

async function makeRepo(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'disclose-render-'));
  await cp(path.join(REPO, 'advisories'), path.join(dir, 'advisories'), { recursive: true });
  await cp(path.join(REPO, 'keys'), path.join(dir, 'keys'), { recursive: true });
  const config = await readFile(path.join(REPO, 'disclose.config.yaml'), 'utf8');
  // The team key is not available to tests: the throwaway key stands in for it.
  await writeFile(path.join(dir, 'disclose.config.yaml'), config.replace(/fingerprint: [0-9A-F]+/, `fingerprint: ${key.fingerprint}`));
  return dir;
}


function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/render.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DISCLOSE_NOW: FIXED_NOW.toISOString(), ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  key = await createTestKey({ name: 'Rivet Security Response (test)', email: 'security@rivet-lang.org' });
  root = await makeRepo();
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await key.cleanup();
});

describe('renderOutbox', () => {
  it('should write every listed channel and every export of an embargoed advisory, unsigned without a key', async () => {
    const config = await loadConfig(root);
    const result = await renderOutbox({ root, config, id: 'RSEC-2026-0004', now: FIXED_NOW, env: {} });
    const outDir = path.join(root, 'outbox', 'RSEC-2026-0004');
    expect(result.outDir).toBe(outDir);
    expect(result.signed).toBe(false);
    expect(result.notes.join('\n')).toMatch(/announcement NOT signed: DISCLOSE_SIGNING_KEY_FILE is not set/);
    expect(result.notes.join('\n')).toMatch(/embargoed until 2026-12-08 17:00 UTC/);
    const files = await listFiles(outDir);
    for (const channel of ['announce', 'blog', 'forum', 'ghsa', 'oss-security', 'distros']) {
      expect(files.some((f) => f.startsWith(`${channel}/`)), channel).toBe(true);
    }
    expect(files).toContain('distros/attachments/umask.patch');
    expect(files).toContain('manifest.json');
    expect(files.filter((f) => f.endsWith('.asc'))).toEqual([]);
    // What the command writes is what the golden tests pin down (the announcement differs only
    // in the test key's fingerprint).
    for (const f of ['ghsa/create.json', 'distros/mail.txt', 'blog/2026-12-08-rsec-2026-0004.md']) {
      expect(await readFile(path.join(outDir, f), 'utf8'), f).toBe(await readFile(path.join(GOLDEN_DIR, 'RSEC-2026-0004', f), 'utf8'));
    }
    const manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { file: string }) => f.file).sort()).toEqual(files.filter((f) => f !== 'manifest.json'));
    // No temporary files are left behind by the atomic writes.
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('should refuse a draft with exit code 3 and write nothing', async () => {
    const config = await loadConfig(root);
    const error = await renderOutbox({ root, config, id: 'RSEC-2026-0005', now: FIXED_NOW, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).exitCode).toBe(3);
    expect((error as Error).message).toMatch(/status is draft/);
    expect(existsSync(path.join(root, 'outbox', 'RSEC-2026-0005'))).toBe(false);
  });

  it('should refuse, and write nothing, when the body repeats a private value', async () => {
    const file = path.join(root, 'advisories', 'RSEC-2026-0003.md');
    const original = await readFile(file, 'utf8');
    try {
      await writeFile(file, original.replace('No action is needed.', 'No action is needed. Checked the owner-invite log since 2019; three invites skipped confirmation, all benign.'));
      const config = await loadConfig(root);
      const out = path.join(root, 'leak-out');
      const error = await renderOutbox({ root, config, id: 'RSEC-2026-0003', now: FIXED_NOW, env: {}, outDir: out }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RefusedError);
      expect((error as Error).message).toMatch(/contains the value of private\.audit_query/);
      expect((error as Error).message).not.toContain('three invites');
      expect(existsSync(out)).toBe(false);
    } finally {
      await writeFile(file, original);
    }
  });

  it('should sign the announcement so that our verify and gpg accept it, and a one-character change fails', async () => {
    const config = await loadConfig(root);
    const out = path.join(root, 'signed-out');
    const result = await renderOutbox({ root, config, id: 'RSEC-2026-0001', now: FIXED_NOW, env: key.env, outDir: out });
    expect(result.signed).toBe(true);
    const signedEntries = result.entries.filter((e) => e.signed === true).map((e) => e.file);
    expect(signedEntries).toEqual(expect.arrayContaining(['announce/announcement.txt', 'announce/announcement.txt.asc', 'announce/announcement.eml']));
    const [publicKey] = await parsePublicKeys(key.armoredPublicKey);
    const asc = await readFile(path.join(out, 'announce/announcement.txt.asc'), 'utf8');
    const plain = await readFile(path.join(out, 'announce/announcement.txt'), 'utf8');
    const verified = await verifyMessage(asc, publicKey, { date: FIXED_NOW });
    expect(verified.valid).toBe(true);
    expect(verified.text).toBe(plain.replace(/\n$/, ''));
    expect(gpg(key.gnupgHome, ['--verify'], asc).status).toBe(0);
    const eml = await readFile(path.join(out, 'announce/announcement.eml'));
    expect((await verifyMessage(new Uint8Array(eml), publicKey, { date: FIXED_NOW })).valid).toBe(true);
    // The errata mail is signed as well.
    expect(existsSync(path.join(out, 'announce/errata-20260312T1000Z.txt.asc'))).toBe(true);

    const tampered = asc.replace('Update to `rivet-regex` 1.11.2', 'Update to `rivet-regex` 1.11.3');
    expect(tampered).not.toBe(asc);
    const bad = await verifyMessage(tampered, publicKey, { date: FIXED_NOW });
    expect(bad.valid).toBe(false);
    expect(bad.message).toBeTruthy();
    expect(gpg(key.gnupgHome, ['--verify'], tampered).status).not.toBe(0);
  });

  it('should refuse to sign with a key that is not the configured team key, writing nothing', async () => {
    const other = await createTestKey({ gpg: false });
    try {
      const config = await loadConfig(root);
      const out = path.join(root, 'wrong-key-out');
      const error = await renderOutbox({ root, config, id: 'RSEC-2026-0001', now: FIXED_NOW, env: other.env, outDir: out }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/expects the team key/);
      expect(existsSync(out)).toBe(false);
    } finally {
      await other.cleanup();
    }
  });
});

describe('npm run render (CLI)', () => {
  it('should print a table with bytes and signed? and exit 0', () => {
    const r = cli(['RSEC-2026-0003', '--out', 'cli-out']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^channel\s+file\s+bytes\s+signed\?$/m);
    expect(r.stdout).toMatch(/^announce\s+announce\/announcement\.txt\s+\d+\s+NO$/m);
    expect(r.stdout).toMatch(/announcement NOT signed/);
  });

  it('should print JSON with --json and render one channel with --channel', () => {
    const r = cli(['RSEC-2026-0002', '--channel', 'ghsa', '--json', '--out', 'json-out']);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.entries.map((e: { file: string }) => e.file)).toEqual(['ghsa/create.json', 'manifest.json']);
    expect(result.signed).toBeNull();
  });

  it('should exit 3 with the reason for a draft, and 2 for an unknown channel', () => {
    const draft = cli(['RSEC-2026-0005']);
    expect(draft.status).toBe(3);
    expect(draft.stderr).toMatch(/RSEC-2026-0005\.md: status is draft/);
    const usage = cli(['RSEC-2026-0001', '--channel', 'twitter']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/unknown channel/);
  });
});

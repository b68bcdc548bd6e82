// Reports made the other ways reporters make them: by the real gpg (inline, key attached outside
// the encryption), and as RFC 3156 §6.1 sign-then-encrypt (a multipart/signed entity inside).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPgpMime } from '../../src/crypto/index.ts';
import { createGpgKey, createTestKey, gpg, type TestKey } from '../support/keys.ts';
import { encryptText, makeRoot, runScript, unlocked } from './support.ts';

const NOW = '2026-11-29T09:00:00Z';
const CANARY = 'CANARY-b81c04';
const REPORT = `${CANARY}: rivet-net accepts oversized frames.\n${CANARY}: a 4 GiB length prefix crashes the server.\n`;

let team: TestKey;
let gpgReporter: TestKey;
let reporter: TestKey;
const roots: string[] = [];

beforeAll(async () => {
  [team, gpgReporter, reporter] = await Promise.all([
    createTestKey({ name: 'Test Security Team', email: 'security@rivet-lang.org', gpg: false }),
    createGpgKey({ name: 'Gee Reporter', email: 'gee@example.net' }),
    createTestKey({ name: 'Ada Reporter', email: 'ada@example.net', gpg: false }),
  ]);
  // The team key must decrypt with its encryption subkey, not the primary (the usual gpg layout).
  const pub = await openpgp.readKey({ armoredKey: team.armoredPublicKey });
  expect((await pub.getEncryptionKey()).getFingerprint()).not.toBe(pub.getFingerprint());
});

afterAll(async () => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  await Promise.all([team, gpgReporter, reporter].map((k) => k?.cleanup()));
});

function root(): string {
  const r = makeRoot(team.fingerprint);
  roots.push(r);
  return r;
}

const headers = (from: string, subject: string, contentType: string) =>
  [`From: ${from}`, 'To: security@rivet-lang.org', `Subject: ${subject}`, 'Date: Sat, 28 Nov 2026 12:00:00 +0000', `Message-ID: <${Math.random().toString(36).slice(2)}@example.net>`, 'MIME-Version: 1.0', `Content-Type: ${contentType}`].join('\r\n');

describe('a report encrypted and signed by the real gpg', () => {
  it('decrypts, and verifies with the public key attached outside the encryption', () => {
    const dir = root();
    expect(gpg(gpgReporter.gnupgHome, ['--import'], team.armoredPublicKey).status).toBe(0);
    const enc = gpg(gpgReporter.gnupgHome, ['--passphrase', gpgReporter.passphrase, '--trust-model', 'always', '--armor', '--encrypt', '--sign', '-u', gpgReporter.fingerprint, '-r', team.fingerprint], REPORT);
    expect(enc.status, enc.stderr).toBe(0);
    const mail = [
      headers('Gee Reporter <gee@example.net>', '[Security] Oversized frames crash rivet-net', 'multipart/mixed; boundary="mix"'),
      '',
      '--mix',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      enc.stdout.trim(),
      '--mix',
      'Content-Type: application/pgp-keys; name="0xGEE.asc"',
      'Content-Disposition: attachment; filename="0xGEE.asc"',
      '',
      gpgReporter.armoredPublicKey.trim(),
      '--mix--',
      '',
    ].join('\r\n');
    writeFileSync(path.join(dir, 'gpg.eml'), mail);
    const r = runScript('intake.ts', ['gpg.eml', '--json'], dir, { ...team.env, DISCLOSE_NOW: NOW });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ id: 'RSEC-2026-0001', format: 'inline-pgp', title: 'Oversized frames crash rivet-net', signature: 'valid', reporterKey: gpgReporter.fingerprint });
    expect(readFileSync(path.join(dir, out.file), 'utf8')).not.toContain(CANARY);
    const v = runScript('validate.ts', [out.file], dir, { DISCLOSE_NOW: NOW });
    expect(v.status, v.stdout).toBe(0);
  });

  it('refuses a team key without an encryption subkey, saying how to add one', () => {
    const dir = root();
    writeFileSync(path.join(dir, 'disclose.config.yaml'), readFileSync(path.join(dir, 'disclose.config.yaml'), 'utf8').replace(team.fingerprint, gpgReporter.fingerprint));
    writeFileSync(path.join(dir, 'm.eml'), `${headers('a@example.net', 'x', 'text/plain')}\r\n\r\nhello\r\n`);
    const r = runScript('intake.ts', ['m.eml'], dir, { ...gpgReporter.env, DISCLOSE_NOW: NOW });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`key ${gpgReporter.fingerprint} has no encryption-capable subkey`);
    expect(r.stderr).toContain('gpg --quick-add-key');
  });
});

describe('sign-then-encrypt (RFC 3156 §6.1): a multipart/signed entity inside the encryption', () => {
  async function nestedMail(tamper: boolean): Promise<Buffer> {
    const signed = await signPgpMime(
      { from: 'Ada Reporter <ada@example.net>', to: 'security@rivet-lang.org', subject: 'inner', messageId: '<inner@example.net>', date: new Date('2026-11-28T12:00:00Z'), text: REPORT },
      await unlocked(reporter),
      { date: new Date('2026-11-28T12:00:00Z') },
    );
    let inner = Buffer.from(signed.raw).toString('latin1');
    if (tamper) inner = inner.replace('crashes the server', 'crashes the client');
    const armored = await encryptText(new Uint8Array(Buffer.from(inner, 'latin1')), await openpgp.readKey({ armoredKey: team.armoredPublicKey }), null, new Date('2026-11-28T12:00:00Z'));
    const keydata = Buffer.from((await openpgp.readKey({ armoredKey: reporter.armoredPublicKey })).write()).toString('base64');
    return Buffer.from(
      [
        headers('Ada Reporter <ada@example.net>', 'Frames', 'multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"'),
        `Autocrypt: addr=ada@example.net; prefer-encrypt=mutual; keydata=${keydata}`,
        '',
        '--enc',
        'Content-Type: application/pgp-encrypted',
        '',
        'Version: 1',
        '--enc',
        'Content-Type: application/octet-stream',
        '',
        armored.trim(),
        '--enc--',
        '',
      ].join('\r\n'),
      'latin1',
    );
  }

  it('verifies the inner signature', async () => {
    const dir = root();
    writeFileSync(path.join(dir, 'n.eml'), await nestedMail(false));
    const r = runScript('intake.ts', ['n.eml', '--json', '--show', '--dry-run'], dir, { ...team.env, DISCLOSE_NOW: NOW });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ format: 'pgp-mime', signature: 'valid', reporterKey: reporter.fingerprint, written: false });
    expect(out.text).toContain(`${CANARY}: a 4 GiB length prefix crashes the server.`);
  });

  it('records a signature that does not match the text as invalid, with a warning', async () => {
    const dir = root();
    writeFileSync(path.join(dir, 't.eml'), await nestedMail(true));
    const r = runScript('intake.ts', ['t.eml', '--json'], dir, { ...team.env, DISCLOSE_NOW: NOW });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).signature).toBe('invalid');
    expect(r.stderr).toContain("warning: the reporter's signature does NOT verify");
    expect(readFileSync(path.join(dir, 'advisories/RSEC-2026-0001.md'), 'utf8')).toContain('  signature: invalid\n');
  });
});

describe('an expired team key', () => {
  it('still decrypts a report sent while it was valid', async () => {
    const expiring = await createTestKey({ name: 'Old Team Key', email: 'security@rivet-lang.org', gpg: false, expiresInSeconds: 365 * 86_400 });
    try {
      const dir = makeRoot(expiring.fingerprint);
      roots.push(dir);
      const sentAt = new Date('2025-06-01T00:00:00Z');
      const armored = await encryptText(REPORT, await openpgp.readKey({ armoredKey: expiring.armoredPublicKey }), null, sentAt);
      writeFileSync(path.join(dir, 'old.eml'), `${headers('a@example.net', 'Old report', 'text/plain')}\r\n\r\n${armored.replace(/\r?\n/g, '\r\n')}`);
      const r = runScript('intake.ts', ['old.eml', '--json', '--dry-run', '--show'], dir, { ...expiring.env, DISCLOSE_NOW: NOW });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).text).toBe(REPORT);
    } finally {
      await expiring.cleanup();
    }
  });
});

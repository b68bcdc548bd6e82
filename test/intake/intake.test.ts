import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKey, type TestKey } from '../support/keys.ts';
import { REPO, inlineMail, makeRoot, pgpMimeMail, runScript, unlocked, type MailParts } from './support.ts';

const NOW = '2026-11-29T09:00:00Z';
const SIGNED_AT = new Date('2026-11-28T21:00:00Z');
// Every line of the report carries the canary, so "no line of the report is on disk" is checkable.
const CANARY = 'CANARY-7f3a91';
const REPORT = [
  `Hello team, ${CANARY} line one: rivet-doc writes outside --out.`,
  `${CANARY} line two: module name "../../etc" makes it escape.`,
  `${CANARY} line three: tested on 1.96.0, proof of concept below.`,
].join('\n');

let team: TestKey;
let reporter: TestKey;
let stranger: TestKey;
let teamPublic: openpgp.PublicKey;
let reporterKey: openpgp.PrivateKey;
const roots: string[] = [];

beforeAll(async () => {
  [team, reporter, stranger] = await Promise.all([
    createTestKey({ name: 'Test Security Team', email: 'security@rivet-lang.org', gpg: false }),
    createTestKey({ name: 'Ada Reporter', email: 'ada@example.net', gpg: false }),
    createTestKey({ name: 'Someone Else', email: 'else@example.org', gpg: false }),
  ]);
  teamPublic = await openpgp.readKey({ armoredKey: team.armoredPublicKey });
  reporterKey = await unlocked(reporter);
});

afterAll(async () => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  await Promise.all([team, reporter, stranger].map((k) => k?.cleanup()));
});

function root(): string {
  const r = makeRoot(team.fingerprint, ['RSEC-2026-0005.md']);
  roots.push(r);
  return r;
}

const env = (extra: Record<string, string> = {}) => ({ ...team.env, DISCLOSE_NOW: NOW, ...extra });

const parts = (over: Partial<MailParts> = {}): MailParts => ({
  from: '"Ada Reporter" <ada@example.net>',
  subject: 'Re: [SECURITY] Path traversal in rivet-doc search index',
  messageId: '<c0ffee.1@example.net>',
  date: 'Sat, 28 Nov 2026 22:00:00 +0100',
  received: 'Sat, 28 Nov 2026 21:00:05 +0000 (UTC)',
  ...over,
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

function assertNoPlaintextOnDisk(dir: string): void {
  for (const f of filesUnder(dir)) {
    const content = readFileSync(f, 'latin1');
    expect(content, f).not.toContain(CANARY);
    for (const line of REPORT.split('\n')) expect(content, f).not.toContain(line);
  }
}

describe('intake of a signed PGP/MIME report', () => {
  it('creates a valid draft with the reporter in private and stores the original mail byte for byte', async () => {
    const dir = root();
    const mail = await pgpMimeMail(parts(), REPORT, reporter.armoredPublicKey, teamPublic, reporterKey, SIGNED_AT);
    writeFileSync(path.join(dir, 'incoming.eml'), mail);
    const r = runScript('intake.ts', ['incoming.eml', '--json'], dir, env());
    expect(r.stderr).not.toContain('internal error');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      id: 'RSEC-2026-0006',
      file: 'advisories/RSEC-2026-0006.md',
      report: 'advisories/RSEC-2026-0006/report.eml',
      format: 'pgp-mime',
      title: 'Path traversal in rivet-doc search index',
      reporter: { name: 'Ada Reporter', address: 'ada@example.net' },
      reporterKey: reporter.fingerprint,
      signature: 'valid',
      received: '2026-11-28T21:00:05Z',
      messageId: '<c0ffee.1@example.net>',
    });
    expect(out.text).toBeUndefined();
    expect(r.stdout + r.stderr).not.toContain(CANARY);

    const draft = readFileSync(path.join(dir, out.file), 'utf8');
    expect(draft).toMatch(/^---\nid: RSEC-2026-0006\ntitle: Path traversal in rivet-doc search index\n/);
    expect(draft).toContain('status: draft\n');
    expect(draft).toContain('  reporter_name: Ada Reporter\n');
    expect(draft).toContain('  reporter_contact: ada@example.net\n');
    expect(draft).toContain(`  reporter_key: ${reporter.fingerprint}\n`);
    expect(draft).toContain('  signature: valid\n');
    expect(draft).toContain('  received: "2026-11-28T21:00:05Z"\n');
    expect(draft).toContain('  message_id: <c0ffee.1@example.net>\n');
    for (const h of ['## Overview', '## Affected Versions', '## Mitigations', '## Acknowledgments']) expect(draft).toContain(`\n${h}\n`);
    expect(readFileSync(path.join(dir, out.report)).equals(mail)).toBe(true);
    assertNoPlaintextOnDisk(dir);

    const v = runScript('validate.ts', [out.file], dir, { DISCLOSE_NOW: NOW });
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain('1 file, 0 errors, 0 warnings');
  });

  it('prints the report only with --show, to stdout', async () => {
    const dir = root();
    writeFileSync(path.join(dir, 'm.eml'), await pgpMimeMail(parts(), REPORT, reporter.armoredPublicKey, teamPublic, reporterKey, SIGNED_AT));
    const r = runScript('intake.ts', ['m.eml', '--dry-run', '--show'], dir, env());
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('would create (dry run) advisories/RSEC-2026-0006.md');
    for (const line of REPORT.split('\n')) expect(r.stdout).toContain(line);
    expect(r.stderr).not.toContain(CANARY);
    expect(existsSync(path.join(dir, 'advisories/RSEC-2026-0006.md'))).toBe(false);
    expect(existsSync(path.join(dir, 'advisories/RSEC-2026-0006'))).toBe(false);
  });
});

describe('intake of an inline-PGP report', () => {
  it('decrypts, verifies the signature with the Autocrypt key, and takes the next free id each time', async () => {
    const dir = root();
    const keydata = Buffer.from((await openpgp.readKey({ armoredKey: reporter.armoredPublicKey })).write()).toString('base64');
    const autocrypt = `Autocrypt: addr=ada@example.net; keydata=\r\n ${keydata.match(/.{1,72}/g)!.join('\r\n ')}`;
    const mail = await inlineMail(parts({ subject: 'Fwd: RE: [vs] =?UTF-8?Q?Crash_in_rivet=E2=80=91fmt?=', extraHeaders: [autocrypt], received: undefined }), REPORT, teamPublic, reporterKey, SIGNED_AT);
    writeFileSync(path.join(dir, 'inline.eml'), mail);
    const first = runScript('intake.ts', ['inline.eml', '--json'], dir, env());
    expect(first.status, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out).toMatchObject({ id: 'RSEC-2026-0006', format: 'inline-pgp', title: 'Crash in rivet\u2011fmt', signature: 'valid', reporterKey: reporter.fingerprint, received: '2026-11-28T21:00:00Z' });
    expect(readFileSync(path.join(dir, out.report)).equals(mail)).toBe(true);

    const second = runScript('intake.ts', ['inline.eml', '--json'], dir, env());
    expect(second.status, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).id).toBe('RSEC-2026-0007');
    for (const id of ['RSEC-2026-0006', 'RSEC-2026-0007']) {
      const v = runScript('validate.ts', [`advisories/${id}.md`], dir, { DISCLOSE_NOW: NOW });
      expect(v.status, v.stdout).toBe(0);
    }
    assertNoPlaintextOnDisk(dir);
  });

  it('records a signature by a key the mail does not carry as unverified, with the signer named', async () => {
    const dir = root();
    const strangerKey = await unlocked(stranger);
    writeFileSync(path.join(dir, 'x.eml'), await inlineMail(parts(), REPORT, teamPublic, strangerKey, SIGNED_AT));
    const r = runScript('intake.ts', ['x.eml', '--json'], dir, env());
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.signature).toBe('unverified');
    expect(r.stderr).toContain('which the mail does not carry');
    // The signature names the key (subkey or primary); it is recorded so the team can ask for it.
    expect(out.reporterKey).toMatch(/^[0-9A-F]{16,40}$/);
  });
});

describe('refusals', () => {
  it('names both keys when the report is encrypted to another key, and writes nothing', async () => {
    const dir = root();
    const otherPublic = await openpgp.readKey({ armoredKey: stranger.armoredPublicKey });
    const encryptionSubkeyId = (await otherPublic.getEncryptionKey()).getKeyID().toHex().toUpperCase();
    writeFileSync(path.join(dir, 'wrong.eml'), await pgpMimeMail(parts(), REPORT, null, otherPublic, reporterKey, SIGNED_AT));
    const before = filesUnder(path.join(dir, 'advisories'));
    const r = runScript('intake.ts', ['wrong.eml'], dir, env());
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`the message is encrypted to key ${encryptionSubkeyId}, the team key is ${team.fingerprint}`);
    expect(filesUnder(path.join(dir, 'advisories'))).toEqual(before);
  });

  it('says the passphrase is wrong without repeating it', async () => {
    const dir = root();
    writeFileSync(path.join(dir, 'm.eml'), await inlineMail(parts(), REPORT, teamPublic, reporterKey, SIGNED_AT));
    const r = runScript('intake.ts', ['m.eml'], dir, env({ DISCLOSE_SIGNING_PASSPHRASE: 'not-the-passphrase-123' }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('does not unlock key');
    expect(r.stderr).not.toContain('not-the-passphrase-123');
    expect(readdirSync(path.join(dir, 'advisories'))).toEqual(['RSEC-2026-0005.md']);
  });

  it('rejects a file that is not a mail, naming the file', () => {
    const dir = root();
    writeFileSync(path.join(dir, 'notes.txt'), 'just some notes\nwithout headers\n');
    const r = runScript('intake.ts', ['notes.txt'], dir, env());
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('notes.txt: malformed mail: no RFC 5322 header block');
  });

  it('rejects a PGP/MIME mail whose encrypted part was cut off', async () => {
    const dir = root();
    const mail = (await pgpMimeMail(parts(), REPORT, null, teamPublic, reporterKey, SIGNED_AT)).toString('latin1');
    writeFileSync(path.join(dir, 'cut.eml'), mail.slice(0, mail.indexOf('-----END PGP MESSAGE-----')));
    const r = runScript('intake.ts', ['cut.eml'], dir, env());
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('malformed mail');
    expect(readdirSync(path.join(dir, 'advisories'))).toEqual(['RSEC-2026-0005.md']);
  });

  it('accepts an unencrypted report with a warning and stores it encrypted to the team key', async () => {
    const dir = root();
    const plain = `From: ada@example.net (Ada Reporter)\r\nSubject: [SECURITY] Sandbox escape\r\nDate: Sat, 28 Nov 2026 20:00:00 +0000\r\nMessage-ID: <plain.1@example.net>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${REPORT.replace(/\n/g, '\r\n')}\r\n`;
    writeFileSync(path.join(dir, 'plain.eml'), plain);
    const r = runScript('intake.ts', ['plain.eml', '--json'], dir, env());
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: the report was NOT encrypted');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ format: 'plain-text', report: 'advisories/RSEC-2026-0006/report.eml.asc', reporter: { name: 'Ada Reporter', address: 'ada@example.net' }, title: 'Sandbox escape' });
    rmSync(path.join(dir, 'plain.eml'));
    assertNoPlaintextOnDisk(dir);
    const stored = await openpgp.readMessage({ armoredMessage: readFileSync(path.join(dir, out.report), 'utf8') });
    const { data } = await openpgp.decrypt({ message: stored, decryptionKeys: await unlocked(team), format: 'binary' });
    expect(Buffer.from(data).toString('latin1')).toBe(plain);
  });
});

describe('fixture mails', () => {
  const fixture = (name: string) => path.join(REPO, 'test/fixtures/intake', name);

  it('reads an unencrypted quoted-printable report with encoded headers', () => {
    const dir = root();
    const r = runScript('intake.ts', [fixture('plain-qp.eml'), '--json', '--show'], dir, env());
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      format: 'plain-text',
      title: 'Speicherleck im Parser für .rvt-Dateien',
      reporter: { name: 'Jürgen Müller', address: 'juergen@example.de' },
      received: '2026-11-27T14:02:11Z',
      messageId: '<20261127140158.GA1234@example.de>',
      signature: 'unsigned',
    });
    expect(out.text).toContain('CANARY-PLAIN-51 der Parser für .rvt-Dateien gibt Speicher nicht frei, wenn ein Block abgebrochen wird.');
    for (const f of filesUnder(dir)) expect(readFileSync(f, 'utf8'), f).not.toContain('CANARY-PLAIN-51');
    const draft = readFileSync(path.join(dir, out.file), 'utf8');
    expect(draft).toContain('  reporter_name: Jürgen Müller\n');
    expect(runScript('validate.ts', [out.file], dir, { DISCLOSE_NOW: NOW }).status).toBe(0);
  });

  it('rejects a PGP/MIME mail cut off inside the armor, and writes nothing', () => {
    const dir = root();
    const r = runScript('intake.ts', [fixture('truncated-pgp-mime.eml')], dir, env());
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('truncated-pgp-mime.eml: malformed mail: a multipart/encrypted part without an armored OpenPGP message');
    expect(readdirSync(path.join(dir, 'advisories'))).toEqual(['RSEC-2026-0005.md']);
  });
});

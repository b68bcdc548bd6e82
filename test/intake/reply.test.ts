import { readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../src/advisory/parse.ts';
import { createTestKey, type TestKey } from '../support/keys.ts';
import { makeRoot, runScript, unlocked } from './support.ts';

const NOW = '2026-11-29T09:00:00Z';
const SAMPLES = ['RSEC-2026-0001.md', 'RSEC-2026-0002.md', 'RSEC-2026-0004.md', 'RSEC-2026-0005.md'];
// A template and a sample it fits at NOW.
const FITTING: [string, string][] = [
  ['acknowledge', 'RSEC-2026-0005'],
  ['need-info', 'RSEC-2026-0005'],
  ['not-a-vulnerability', 'RSEC-2026-0005'],
  ['accepted', 'RSEC-2026-0004'],
  ['date-proposed', 'RSEC-2026-0004'],
  ['credit-consent', 'RSEC-2026-0004'],
  ['published', 'RSEC-2026-0001'],
  ['published', 'RSEC-2026-0002'],
];

let team: TestKey;
let reporter: TestKey;
let stranger: TestKey;
const roots: string[] = [];

beforeAll(async () => {
  [team, reporter, stranger] = await Promise.all([
    createTestKey({ name: 'Test Security Team', email: 'security@rivet-lang.org', gpg: false }),
    createTestKey({ name: 'Marek Dvořák', email: 'marek.dvorak@example.cz', gpg: false }),
    createTestKey({ name: 'Someone Else', email: 'else@example.org', gpg: false }),
  ]);
});

afterAll(async () => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  await Promise.all([team, reporter, stranger].map((k) => k?.cleanup()));
});

function root(): string {
  const r = makeRoot(team.fingerprint, SAMPLES);
  roots.push(r);
  return r;
}

const env = () => ({ ...team.env, DISCLOSE_NOW: NOW });

function reply(dir: string, args: string[], extraEnv: Record<string, string> = {}) {
  return runScript('reply.ts', args, dir, { ...env(), ...extraEnv });
}

function splitEml(eml: string): { headers: string; body: string } {
  const at = eml.indexOf('\r\n\r\n');
  expect(at, 'header/body separator').toBeGreaterThan(0);
  return { headers: eml.slice(0, at), body: eml.slice(at + 4) };
}

/** Every string value under `private`, however deep. */
function privateValues(dir: string, id: string): Map<string, string> {
  const a = parseAdvisory(id, readFileSync(path.join(dir, 'advisories', `${id}.md`), 'utf8'));
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(a.data.private ?? {})) if (typeof v === 'string') out.set(k, v);
  return out;
}

/** Adds reporter fields to the private block of a sample in a temp root (as intake would write them). */
function addPrivate(dir: string, id: string, lines: string[]): void {
  const file = path.join(dir, 'advisories', `${id}.md`);
  const text = readFileSync(file, 'utf8').replace(/^private:\n/m, `private:\n${lines.map((l) => `  ${l}\n`).join('')}`);
  writeFileSync(file, text);
}

describe('npm run reply: every template in clear', () => {
  it.each(FITTING)('%s renders for %s: wrapped at 72, no private value but the To: address, warns it is unencrypted', (template, id) => {
    const dir = root();
    const r = reply(dir, [id, template, '--json']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*NOT encrypted/);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ id, template, encrypted: false, recipients: [], signedBy: null });
    const file = path.join(dir, 'outbox', id, 'replies', `${template}.eml`);
    expect(path.resolve(dir, out.file)).toBe(file);
    const eml = readFileSync(file, 'utf8');
    const { headers, body } = splitEml(eml);
    expect(eml.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF only
    expect(body).not.toContain('BEGIN PGP');
    expect(body).toContain(id);
    for (const line of body.split('\r\n')) {
      // A URL longer than the width stays whole on its own line rather than being broken.
      if (/^\s*https?:\/\/\S+$/.test(line)) continue;
      expect([...line].length, line).toBeLessThanOrEqual(72);
    }
    const priv = privateValues(dir, id);
    const contact = priv.get('reporter_contact');
    expect(contact).toBeTruthy();
    const toLine = headers.split('\r\n').find((h) => h.startsWith('To: '));
    expect(toLine).toBe(`To: ${contact}`);
    for (const [key, value] of priv) {
      expect(body, `private.${key} in the body`).not.toContain(value);
      const elsewhere = headers.split('\r\n').filter((h) => !h.startsWith('To: ')).join('\n');
      expect(elsewhere, `private.${key} in a header`).not.toContain(value);
    }
    expect(headers).toMatch(/^From: Rivet Security Response <security@rivet-lang\.org>$/m);
    expect(headers).toMatch(new RegExp(`^Subject: \\[Rivet security\\] ${id}: `, 'm'));
  });

  it('fills the embargo (UTC and team zone), CVE, severity and credits into the replies that need them', () => {
    const dir = root();
    expect(reply(dir, ['RSEC-2026-0004', 'date-proposed']).status).toBe(0);
    const date = splitEml(readFileSync(path.join(dir, 'outbox/RSEC-2026-0004/replies/date-proposed.eml'), 'utf8')).body.replace(/\r\n/g, '\n').replace(/\s+/g, ' ');
    expect(date).toContain('2026-12-08 17:00 UTC');
    expect(date).toContain('2026-12-08 18:00 Europe/Berlin (UTC+01:00)');
    expect(date).toContain('CVE-2026-41234');
    expect(date).toContain('Severity: medium');
    expect(reply(dir, ['RSEC-2026-0004', 'credit-consent']).status).toBe(0);
    const credit = readFileSync(path.join(dir, 'outbox/RSEC-2026-0004/replies/credit-consent.eml'), 'utf8');
    expect(credit).toContain('- Marek Dvořák (reporter)');
    expect(credit).toContain('- Jonas Lindqvist (remediation developer, Rivet Security Response)');
    expect(credit).toMatch(/Content-Transfer-Encoding: 8bit/);
    expect(reply(dir, ['RSEC-2026-0001', 'published']).status).toBe(0);
    const pub = readFileSync(path.join(dir, 'outbox/RSEC-2026-0001/replies/published.eml'), 'utf8');
    expect(pub).toContain('https://security.rivet-lang.org/advisories/RSEC-2026-0001/');
    expect(pub).toContain('https://blog.rivet-lang.org/2026/03/10/rsec-2026-0001/');
    expect(pub).toContain('https://www.cve.org/CVERecord?id=CVE-2026-21002');
  });

  it('writes to --out instead of the outbox', () => {
    const dir = root();
    const r = reply(dir, ['RSEC-2026-0005', 'acknowledge', '--out', 'ack.eml']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('not sent');
    expect(existsSync(path.join(dir, 'ack.eml'))).toBe(true);
    expect(existsSync(path.join(dir, 'outbox'))).toBe(false);
  });
});

describe('npm run reply: encrypted to the reporter and the team, signed by the team', () => {
  async function checkEncrypted(file: string) {
    const { headers, body } = splitEml(readFileSync(file, 'utf8'));
    expect(body).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect(body).not.toContain('rivet-pkg does not respect the umask'); // the title is inside the encryption only
    const teamPublic = await openpgp.readKey({ armoredKey: team.armoredPublicKey });
    const texts: string[] = [];
    for (const who of [reporter, team]) {
      const message = await openpgp.readMessage({ armoredMessage: body.replace(/\r\n/g, '\n') });
      const result = await openpgp.decrypt({ message, decryptionKeys: await unlocked(who), verificationKeys: teamPublic, expectSigned: true, date: new Date(NOW) });
      expect(result.signatures).toHaveLength(1);
      await result.signatures[0].verified;
      const teamKeyIds = [teamPublic, ...teamPublic.subkeys].map((k) => k.getKeyID().toHex());
      expect(teamKeyIds).toContain(result.signatures[0].keyID.toHex());
      texts.push(result.data as string);
    }
    expect(texts[0]).toBe(texts[1]);
    // A stranger's key cannot read it.
    const message = await openpgp.readMessage({ armoredMessage: body });
    await expect(openpgp.decrypt({ message, decryptionKeys: await unlocked(stranger) })).rejects.toThrow();
    return { headers, text: texts[0] };
  }

  it('uses advisories/<ID>/reporter-key.asc and private.reporter_key; the reporter name only in To:', async () => {
    const dir = root();
    addPrivate(dir, 'RSEC-2026-0004', ['reporter_name: Marek Dvořák', `reporter_key: ${reporter.fingerprint}`, 'message_id: <c0ffee.4@example.cz>']);
    mkdirSync(path.join(dir, 'advisories', 'RSEC-2026-0004'), { recursive: true });
    writeFileSync(path.join(dir, 'advisories', 'RSEC-2026-0004', 'reporter-key.asc'), reporter.armoredPublicKey);
    const r = reply(dir, ['RSEC-2026-0004', 'date-proposed', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('NOT encrypted');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ encrypted: true, recipients: [reporter.fingerprint, team.fingerprint], signedBy: team.fingerprint });
    const { headers, text } = await checkEncrypted(path.join(dir, 'outbox/RSEC-2026-0004/replies/date-proposed.eml'));
    expect(headers).toContain(`To: =?UTF-8?B?${Buffer.from('Marek Dvořák').toString('base64')}?= <marek.dvorak@example.cz>`);
    expect(headers).toContain('In-Reply-To: <c0ffee.4@example.cz>');
    expect(text).toContain('2026-12-08 17:00 UTC');
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(72);
    expect(text).not.toContain('Reproduced on Debian'); // triage_notes
    expect(text).not.toContain(reporter.fingerprint);
    expect(text).not.toContain('marek.dvorak@example.cz');
  });

  it('uses --reporter-key, and refuses a key that is not the one in private.reporter_key', async () => {
    const dir = root();
    const r = reply(dir, ['RSEC-2026-0004', 'accepted', '--reporter-key', reporter.publicKeyFile]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`encrypted to ${reporter.fingerprint} and ${team.fingerprint}`);
    await checkEncrypted(path.join(dir, 'outbox/RSEC-2026-0004/replies/accepted.eml'));

    addPrivate(dir, 'RSEC-2026-0004', [`reporter_key: ${reporter.fingerprint}`]);
    const wrong = reply(dir, ['RSEC-2026-0004', 'accepted', '--reporter-key', stranger.publicKeyFile]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`not the reporter's key ${reporter.fingerprint}`);
  });

  it('needs the team key to sign an encrypted reply, and never prints the passphrase', () => {
    const dir = root();
    const r = reply(dir, ['RSEC-2026-0004', 'accepted', '--reporter-key', reporter.publicKeyFile], { DISCLOSE_SIGNING_PASSPHRASE: 'wrong passphrase 123' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('does not unlock key');
    expect(r.stderr).not.toContain('wrong passphrase 123');
    expect(existsSync(path.join(dir, 'outbox'))).toBe(false);
  });
});

describe('npm run reply: refusals and usage', () => {
  it.each([
    ['RSEC-2026-0004', 'published', /not public yet/],
    ['RSEC-2026-0005', 'date-proposed', /has no embargo: set embargo:/],
    ['RSEC-2026-0001', 'acknowledge', /is for an open report, and RSEC-2026-0001 is published/],
    ['RSEC-2026-0004', 'not-a-vulnerability', /RSEC-2026-0004 is embargoed/],
    ['RSEC-2026-0005', 'credit-consent', /has no credits/],
  ])('%s %s exits 3 with the reason and writes nothing', (id, template, reason) => {
    const dir = root();
    const r = reply(dir, [id, template]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(reason);
    expect(existsSync(path.join(dir, 'outbox'))).toBe(false);
  });

  it('an unknown template exits 2 listing the templates with a suggestion', () => {
    const dir = root();
    const r = reply(dir, ['RSEC-2026-0004', 'publishd']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('did you mean "published"?');
    expect(r.stderr).toContain('acknowledge, need-info, accepted, not-a-vulnerability, date-proposed, credit-consent, published');
    expect(reply(dir, ['RSEC-2026-0004', 'ack']).stderr).toContain('did you mean "acknowledge"?');
  });

  it('an advisory without a reporter address exits 1; --help says it never sends', () => {
    const dir = makeRoot(team.fingerprint, ['RSEC-2026-0003.md']);
    roots.push(dir);
    const r = reply(dir, ['RSEC-2026-0003', 'published']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('private.reporter_contact is missing');
    const help = reply(dir, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('NEVER sends');
    expect(help.stdout).toContain('credit-consent');
  });
});

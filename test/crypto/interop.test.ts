// Interoperability with GnuPG as Debian ships it: real gpg processes in throwaway GNUPGHOMEs.
// gpg checks what disclose signs, disclose checks what gpg signs, with keys made by each side.
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PublicKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearsign,
  loadSigningKeyFromEnv,
  parsePublicKeys,
  signPgpMime,
  verifyDetached,
  verifyMessage,
  type PgpMimeMail,
  type SigningKey,
} from '../../src/crypto/index.ts';
import { createGpgKey, createTestKey, gpg, type TestKey } from '../support/keys.ts';

let ours: TestKey; // made by openpgp, imported into gpg
let theirs: TestKey; // made by gpg --quick-gen-key, exported for disclose
let ourSigning: SigningKey;
let theirSigning: SigningKey;
let ourPublic: PublicKey[];
let theirPublic: PublicKey[];

const announcement = [
  'Rivet security advisory RSEC-2026-0004: Command argument injection',
  '',
  'The Rivet Security Response team was notified that the standard',
  "library's Command API did not escape arguments on Windows.",
  '',
  '- a line that starts with a dash',
  'From a line mbox would quote',
  'Credits: Zoë Ångström.',
  '',
].join('\n');

beforeAll(async () => {
  [ours, theirs] = await Promise.all([createTestKey(), createGpgKey()]);
  ourSigning = await loadSigningKeyFromEnv(ours.env, { repoRoot: null });
  theirSigning = await loadSigningKeyFromEnv(theirs.env, { repoRoot: null });
  ourPublic = await parsePublicKeys(ours.armoredPublicKey);
  theirPublic = await parsePublicKeys(theirs.armoredPublicKey);
});
afterAll(async () => {
  await ours.cleanup();
  await theirs.cleanup();
});

/** Runs gpg --verify on files written to the key's dir. */
async function gpgVerify(key: TestKey, files: Record<string, string | Uint8Array>, args: string[]) {
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(key.dir, name), content);
  return gpg(key.gnupgHome, ['--status-fd', '1', '--verify', ...args.map((a) => path.join(key.dir, a))]);
}

/**
 * Pulls the signed part and the signature out of a multipart/signed mail with nothing but the
 * boundary from the header (independent of src/crypto/mime.ts), as a person would for gpg.
 */
function extractPgpMime(raw: Uint8Array): { part: Buffer; signature: string } {
  const s = Buffer.from(raw).toString('latin1');
  const boundary = /boundary="([^"]+)"/.exec(s)![1];
  const first = s.indexOf(`\r\n--${boundary}\r\n`) + `\r\n--${boundary}\r\n`.length;
  const second = s.indexOf(`\r\n--${boundary}\r\n`, first);
  const sigStart = s.indexOf('-----BEGIN PGP SIGNATURE-----', second);
  const sigEnd = s.indexOf('-----END PGP SIGNATURE-----', sigStart) + '-----END PGP SIGNATURE-----'.length;
  return { part: Buffer.from(s.slice(first, second), 'latin1'), signature: s.slice(sigStart, sigEnd) };
}

const mail = (text: string): PgpMimeMail => ({
  from: 'Rivet Security Response <security@rivet-lang.org>',
  to: 'security-announce@lists.rivet-lang.org',
  subject: '[Rivet security] Command argument injection (CVE-2026-1234)',
  messageId: 'RSEC-2026-0004.announce@security.rivet-lang.org',
  date: new Date('2026-12-08T17:00:00Z'),
  text,
  attachments: [{ filename: 'RSEC-2026-0004.txt', content: text, contentType: 'text/plain' }],
});

describe('gpg verifies what disclose signs', () => {
  it('should accept our clearsigned announcement (key made by openpgp)', async () => {
    const signed = await clearsign(announcement, ourSigning.key);
    const r = await gpgVerify(ours, { 'a.asc': signed }, ['a.asc']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`[GNUPG:] VALIDSIG ${ours.fingerprint}`);
    expect(r.stderr).toContain(`Good signature from "${ours.userId}"`);
  });

  it('should reject our clearsigned announcement after a one-character change, as we do', async () => {
    const signed = await clearsign(announcement, ourSigning.key);
    const tampered = signed.replace('escape arguments', 'escape argumentz');
    const r = await gpgVerify(ours, { 't.asc': tampered }, ['t.asc']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('[GNUPG:] BADSIG');
    expect(r.stderr).toContain('BAD signature');
    expect((await verifyMessage(tampered, ourPublic)).message).toBe('the signature does not match the text: the message was changed after signing');
  });

  it('should accept our PGP/MIME mail (signed part and signature extracted to files)', async () => {
    const signed = await signPgpMime(mail(announcement), ourSigning.key);
    const { part, signature } = extractPgpMime(signed.raw);
    expect(part.equals(Buffer.from(signed.signedPart))).toBe(true);
    const r = await gpgVerify(ours, { 'part.eml': part, 'part.sig': signature }, ['part.sig', 'part.eml']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`[GNUPG:] VALIDSIG ${ours.fingerprint}`);
    // micalg names the digest gpg reports (VALIDSIG field 8 is the hash algorithm number; 10 = SHA512).
    const hashAlgo = /VALIDSIG \S+ \S+ \S+ \S+ \S+ \S+ \S+ (\d+)/.exec(r.stdout)![1];
    expect({ '8': 'pgp-sha256', '10': 'pgp-sha512' }[hashAlgo]).toBe(signed.micalg);
  });

  it('should reject our PGP/MIME mail after a one-character change in the signed part, as we do', async () => {
    const signed = await signPgpMime(mail(announcement), ourSigning.key);
    const raw = Buffer.from(signed.raw).toString('latin1').replace('escape arguments', 'escape argumentz');
    const { part, signature } = extractPgpMime(Buffer.from(raw, 'latin1'));
    const r = await gpgVerify(ours, { 'tp.eml': part, 'tp.sig': signature }, ['tp.sig', 'tp.eml']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('BAD signature');
    expect(await verifyMessage(raw, ourPublic)).toMatchObject({ valid: false, problem: 'tampered' });
  });

  it('should name the gpg-made key when the passphrase is wrong, without the passphrase', async () => {
    const e = await loadSigningKeyFromEnv({ ...theirs.env, DISCLOSE_SIGNING_PASSPHRASE: 'wrong-passphrase-for-gpg-key' }, { repoRoot: null }).catch((err: Error) => err);
    expect((e as Error).message).toBe(`the passphrase in DISCLOSE_SIGNING_PASSPHRASE does not unlock key ${theirs.fingerprint} — check the passphrase for this key`);
    expect((e as Error).message).not.toContain(theirs.passphrase);
  });

  it('should agree with gpg on awkward texts (dashes, "From ", trailing whitespace, CRLF, Unicode)', async () => {
    const texts = [
      'line with trailing spaces   \nand tabs\t\t\n',
      '-----BEGIN PGP SIGNATURE-----\n- dash\n--\n-\n',
      'From the top\r\nFrom: not a header\r\n>From quoted\r\n',
      '\n\nleading blank lines\n\n\ntrailing blank lines\n\n\n',
      'Zoë 李雷 🔒 =3D =\n.\n',
      'x'.repeat(300),
    ];
    for (const [i, text] of texts.entries()) {
      const r = await gpgVerify(ours, { [`awk${i}.asc`]: await clearsign(text, ourSigning.key) }, [`awk${i}.asc`]);
      expect(r.status, `text #${i}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('[GNUPG:] GOODSIG');
      // And the other way round: gpg clearsigns the same text, we verify it.
      const input = path.join(theirs.dir, `awk${i}.txt`);
      await writeFile(input, text);
      expect(gpg(theirs.gnupgHome, ['--passphrase', theirs.passphrase, '--yes', '--clearsign', input]).status).toBe(0);
      const ours2 = await verifyMessage(await readFile(`${input}.asc`, 'utf8'), theirPublic);
      expect(ours2.valid, `gpg text #${i}: ${ours2.message}`).toBe(true);
    }
  });

  it('should accept what we sign with a key made by gpg --quick-gen-key ed25519', async () => {
    expect(theirSigning.fingerprint).toBe(theirs.fingerprint);
    const signed = await clearsign(announcement, theirSigning.key);
    const r = await gpgVerify(theirs, { 'g.asc': signed }, ['g.asc']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`[GNUPG:] VALIDSIG ${theirs.fingerprint}`);
    const pgpMime = await signPgpMime(mail(announcement), theirSigning.key);
    const { part, signature } = extractPgpMime(pgpMime.raw);
    const r2 = await gpgVerify(theirs, { 'gp.eml': part, 'gp.sig': signature }, ['gp.sig', 'gp.eml']);
    expect(r2.status).toBe(0);
  });
});

describe('disclose verifies what gpg signs', () => {
  it('should accept gpg --clearsign output and reject it after a one-character change', async () => {
    const input = path.join(theirs.dir, 'in.txt');
    await writeFile(input, announcement);
    const out = path.join(theirs.dir, 'in.txt.asc');
    const r = gpg(theirs.gnupgHome, ['--passphrase', theirs.passphrase, '--yes', '--output', out, '--clearsign', input]);
    expect(r.status).toBe(0);
    const signed = await readFile(out, 'utf8');
    const result = await verifyMessage(signed, theirPublic);
    expect(result).toMatchObject({ valid: true, format: 'clearsign', signerFingerprint: theirs.fingerprint, signerUserId: theirs.userId });
    expect(result.text).toBe(announcement.trimEnd());
    const tampered = await verifyMessage(signed.replace('Windows', 'Windowz'), theirPublic);
    expect(tampered).toMatchObject({ valid: false, problem: 'tampered' });
  });

  it('should name gpg\'s key as not the team key when checked against ours', async () => {
    const input = path.join(theirs.dir, 'other.txt');
    await writeFile(input, announcement);
    gpg(theirs.gnupgHome, ['--passphrase', theirs.passphrase, '--yes', '--clearsign', input]);
    const result = await verifyMessage(await readFile(`${input}.asc`, 'utf8'), ourPublic);
    expect(result.message).toBe(`signed by key ${theirs.fingerprint}, which is not the team key ${ours.fingerprint}`);
  });

  it('should accept gpg detached signatures, binary and armored, over exact bytes', async () => {
    const file = path.join(theirs.dir, 'fix.patch');
    const bytes = Buffer.from('diff --git a/x b/x\r\n+fixed\n');
    await writeFile(file, bytes);
    expect(gpg(theirs.gnupgHome, ['--passphrase', theirs.passphrase, '--yes', '--detach-sign', file]).status).toBe(0);
    expect(gpg(theirs.gnupgHome, ['--passphrase', theirs.passphrase, '--yes', '--armor', '--detach-sign', file]).status).toBe(0);
    const binary = new Uint8Array(await readFile(`${file}.sig`));
    const armored = await readFile(`${file}.asc`, 'utf8');
    expect(await verifyDetached(new Uint8Array(bytes), binary, theirPublic)).toMatchObject({ valid: true, signerFingerprint: theirs.fingerprint });
    expect(await verifyDetached(new Uint8Array(bytes), armored, theirPublic)).toMatchObject({ valid: true, format: 'detached' });
    const changed = Buffer.from(bytes);
    changed[changed.length - 2] = 0x44;
    expect(await verifyDetached(new Uint8Array(changed), armored, theirPublic)).toMatchObject({ valid: false, problem: 'tampered' });
  });

  it('should verify a PGP/MIME mail whose signature gpg made over the part', async () => {
    const part = 'Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\nSigned by gpg, assembled by hand.\r\n';
    const partFile = path.join(theirs.dir, 'handmade.part');
    await writeFile(partFile, part);
    expect(gpg(theirs.gnupgHome, ['--passphrase', theirs.passphrase, '--yes', '--armor', '--detach-sign', partFile]).status).toBe(0);
    const signature = (await readFile(`${partFile}.asc`, 'utf8')).replace(/\r?\n/g, '\r\n');
    const raw = [
      'From: someone@example.org',
      'Subject: hand-made',
      'MIME-Version: 1.0',
      'Content-Type: multipart/signed; boundary="hand"; protocol="application/pgp-signature"; micalg=pgp-sha512',
      '',
      '--hand',
      part,
      '--hand',
      'Content-Type: application/pgp-signature',
      '',
      signature,
      '--hand--',
      '',
    ].join('\r\n');
    const result = await verifyMessage(raw, theirPublic);
    expect(result).toMatchObject({ valid: true, format: 'pgp-mime', signerFingerprint: theirs.fingerprint, text: 'Signed by gpg, assembled by hand.\n' });
  });

  it('should sign with, and report, a signing subkey of a certify-only primary key (made by gpg)', async () => {
    const home = path.join(theirs.dir, 'gnupg-subkey');
    await mkdir(home, { mode: 0o700 });
    const passphrase = 'subkey-test-passphrase';
    try {
      expect(gpg(home, ['--passphrase', passphrase, '--quick-gen-key', 'Sub Key <sub@example.org>', 'ed25519', 'cert', '0']).status).toBe(0);
      const primary = /^fpr:+([0-9A-F]{40}):/m.exec(gpg(home, ['--with-colons', '--list-keys']).stdout)![1];
      expect(gpg(home, ['--passphrase', passphrase, '--quick-add-key', primary, 'ed25519', 'sign', '0']).status).toBe(0);
      const secretFile = path.join(theirs.dir, 'subkey-secret.asc');
      await writeFile(secretFile, gpg(home, ['--passphrase', passphrase, '--armor', '--export-secret-keys', primary]).stdout, { mode: 0o600 });
      const pub = await parsePublicKeys(gpg(home, ['--armor', '--export', primary]).stdout);
      const loaded = await loadSigningKeyFromEnv({ DISCLOSE_SIGNING_KEY_FILE: secretFile, DISCLOSE_SIGNING_PASSPHRASE: passphrase }, { repoRoot: null, expectedFingerprint: primary });
      const signed = await clearsign(announcement, loaded.key);
      const result = await verifyMessage(signed, pub);
      expect(result.valid).toBe(true);
      expect(result.signerFingerprint).toBe(primary);
      expect(result.signingSubkeyFingerprint).toMatch(/^[0-9A-F]{40}$/);
      expect(result.signingSubkeyFingerprint).not.toBe(primary);
      const file = path.join(theirs.dir, 'sub.asc');
      await writeFile(file, signed);
      const r = gpg(home, ['--status-fd', '1', '--verify', file]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`[GNUPG:] VALIDSIG ${result.signingSubkeyFingerprint}`);
    } finally {
      spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
    }
  });
});

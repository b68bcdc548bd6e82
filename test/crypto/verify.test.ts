import nodemailer from 'nodemailer';
import type { PublicKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearsign, detachedSignature, loadSigningKeyFromEnv, parsePublicKeys, verifyDetached, verifyMessage, type SigningKey } from '../../src/crypto/index.ts';
import { createTestKey, type TestKey } from '../support/keys.ts';

let team: TestKey;
let stranger: TestKey;
let signing: SigningKey;
let strangerSigning: SigningKey;
let teamKeys: PublicKey[];

const text = [
  'Rivet 1.96.1 fixes CVE-2026-1234 = a command injection on Windows.',
  'Lines with = signs and a very long line that a mail program will want to encode, ok.',
  'Zoë reported it.',
].join('\n');

beforeAll(async () => {
  [team, stranger] = await Promise.all([createTestKey({ gpg: false }), createTestKey({ gpg: false, name: 'Someone Else', email: 'else@example.org' })]);
  signing = await loadSigningKeyFromEnv(team.env, { repoRoot: null });
  strangerSigning = await loadSigningKeyFromEnv(stranger.env, { repoRoot: null });
  teamKeys = await parsePublicKeys(team.armoredPublicKey);
});
afterAll(async () => {
  await team.cleanup();
  await stranger.cleanup();
});

/** A real mail composed by nodemailer, as the list would deliver it. */
async function composeMail(body: string, textEncoding: 'quoted-printable' | 'base64'): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({
    from: 'Security <security@example.org>',
    to: 'announce@example.org',
    subject: 'advisory',
    text: body,
    textEncoding,
    attachments: [{ filename: 'advisory.txt', content: body }],
  });
  return info.message as Buffer;
}

describe('verifyMessage', () => {
  it('should find and verify a clearsigned text inside a quoted-printable mail', async () => {
    const mail = await composeMail(await clearsign(text, signing.key), 'quoted-printable');
    expect(mail.toString('latin1')).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(mail.toString('latin1')).toContain('=3D');
    const result = await verifyMessage(new Uint8Array(mail), teamKeys);
    expect(result).toMatchObject({ valid: true, format: 'clearsign', signerFingerprint: team.fingerprint, text });
  });

  it('should find and verify a clearsigned text inside a base64 mail', async () => {
    const mail = await composeMail(await clearsign(text, signing.key), 'base64');
    expect(mail.toString('latin1')).not.toContain('BEGIN PGP SIGNED MESSAGE');
    const result = await verifyMessage(mail.toString('latin1'), teamKeys);
    expect(result).toMatchObject({ valid: true, format: 'clearsign', text });
  });

  it('should name the signer and the team key when another key signed', async () => {
    const result = await verifyMessage(await clearsign(text, strangerSigning.key), teamKeys);
    expect(result).toMatchObject({ valid: false, problem: 'unknown-key', signerFingerprint: stranger.fingerprint });
    expect(result.message).toBe(`signed by key ${stranger.fingerprint}, which is not the team key ${team.fingerprint}`);
  });

  it('should accept the message when one of several keys given signed it', async () => {
    const both = [...(await parsePublicKeys(stranger.armoredPublicKey)), ...teamKeys];
    const result = await verifyMessage(await clearsign(text, signing.key), both);
    expect(result).toMatchObject({ valid: true, signerFingerprint: team.fingerprint });
  });

  it('should say so when there is no signature at all', async () => {
    const plain = await verifyMessage('just some text\n', teamKeys);
    expect(plain).toMatchObject({ valid: false, problem: 'no-signature', format: null });
    expect(plain.message).toContain('no OpenPGP signature found');
    const mail = await verifyMessage(new Uint8Array(await composeMail('no signature here', 'quoted-printable')), teamKeys);
    expect(mail).toMatchObject({ valid: false, problem: 'no-signature' });
    expect(mail.message).toContain('neither a PGP/MIME signature');
  });

  it('should reject a damaged signature block', async () => {
    const signed = await clearsign(text, signing.key);
    const lines = signed.split('\n');
    const i = lines.indexOf('-----BEGIN PGP SIGNATURE-----') + 3;
    lines[i] = lines[i].slice(0, 10) + (lines[i][10] === 'A' ? 'B' : 'A') + lines[i].slice(11);
    const result = await verifyMessage(lines.join('\n'), teamKeys);
    expect(result.valid).toBe(false);
    expect(['malformed', 'tampered']).toContain(result.problem);
  });

  it('should refuse a signature made after the moment of verification', async () => {
    const signed = await clearsign(text, signing.key, { date: new Date('2026-12-08T17:00:00Z') });
    const result = await verifyMessage(signed, teamKeys, { date: new Date('2026-12-01T00:00:00Z') });
    expect(result).toMatchObject({ valid: false, problem: 'signed-in-future' });
    expect(result.message).toContain('check DISCLOSE_NOW');
  });

  it('should tolerate a signer whose clock runs a minute ahead', async () => {
    const signed = await clearsign(text, signing.key, { date: new Date('2026-12-08T17:01:00Z') });
    expect((await verifyMessage(signed, teamKeys, { date: new Date('2026-12-08T17:00:00Z') })).valid).toBe(true);
  });
});

describe('verifyDetached', () => {
  it('should verify exact bytes and fail on a one-byte change', async () => {
    const bytes = new TextEncoder().encode('patch contents\r\nline 2\n');
    const sig = await detachedSignature(bytes, signing.key);
    expect(sig.micalg).toBe('pgp-sha512');
    expect(await verifyDetached(bytes, sig.armored, teamKeys)).toMatchObject({ valid: true, format: 'detached', signerFingerprint: team.fingerprint });
    const changed = bytes.slice();
    changed[3] ^= 1;
    expect(await verifyDetached(changed, sig.armored, teamKeys)).toMatchObject({ valid: false, problem: 'tampered' });
    // Binary mode: line endings are part of what is signed.
    const lf = new TextEncoder().encode('patch contents\nline 2\n');
    expect((await verifyDetached(lf, sig.armored, teamKeys)).valid).toBe(false);
  });
});

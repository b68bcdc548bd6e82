import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearsign, normaliseForClearsign, verifyMessage, type SigningKey } from '../../src/crypto/index.ts';
import { createTestSigningKey, type TestKey } from '../support/keys.ts';
import type { PublicKey } from 'openpgp';

let key: TestKey;
let signing: SigningKey;
let publicKeys: PublicKey[];

beforeAll(async () => {
  ({ key, signing, publicKeys } = await createTestSigningKey());
});
afterAll(() => key.cleanup());

const announcement = [
  'Rivet security advisory RSEC-2026-0004',
  '=======================================',
  '',
  'The Rivet Security Response team was notified that the standard',
  "library's `Command` API did not escape arguments on Windows [1].",
  '',
  '- this line starts with a dash',
  'From this line on, mbox would quote it.',
  '',
  '[1]: https://example.org/advisory',
  '',
].join('\n');

describe('normaliseForClearsign', () => {
  it('should turn CRLF into LF, strip trailing spaces and tabs, and drop trailing newlines', () => {
    expect(normaliseForClearsign('a  \r\nb\t\r\n\r\n')).toBe('a\nb');
    expect(normaliseForClearsign('  indented stays\n')).toBe('  indented stays');
  });
});

describe('clearsign', () => {
  it('should produce a clearsigned block that verifies and gives back the normalised text', async () => {
    const signed = await clearsign(announcement, signing.key);
    expect(signed.startsWith('-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n')).toBe(true);
    expect(signed.trimEnd().endsWith('-----END PGP SIGNATURE-----')).toBe(true);
    const result = await verifyMessage(signed, publicKeys);
    expect(result).toMatchObject({ valid: true, format: 'clearsign', signerFingerprint: key.fingerprint, signerUserId: key.userId, problem: null });
    expect(result.text).toBe(normaliseForClearsign(announcement));
  });

  it('should dash-escape lines starting with "-" and "From "', async () => {
    const signed = await clearsign(announcement, signing.key);
    expect(signed).toContain('\n- - this line starts with a dash\n');
    expect(signed).toContain('\n- From this line on, mbox would quote it.\n');
    expect((await verifyMessage(signed, publicKeys)).text).toContain('\nFrom this line on');
  });

  it('should still verify after an mbox-style ">From " rewrite could not touch the escaped line', async () => {
    const signed = await clearsign(announcement, signing.key);
    const mboxed = signed.replace(/^From /gm, '>From ');
    expect(mboxed).toBe(signed);
  });

  it('should sign the same content whatever the line endings or trailing spaces of the input', async () => {
    const signed = await clearsign(announcement.replace(/\n/g, ' \r\n'), signing.key);
    const result = await verifyMessage(signed, publicKeys);
    expect(result.valid).toBe(true);
    expect(result.text).toBe(normaliseForClearsign(announcement));
  });

  it('should record the signing time from DISCLOSE_NOW or the date option', async () => {
    const at = new Date('2026-12-08T17:00:00Z');
    const signed = await clearsign(announcement, signing.key, { date: at });
    const result = await verifyMessage(signed, publicKeys, { date: new Date('2026-12-08T17:05:00Z') });
    expect(result.valid).toBe(true);
    expect(result.signedAt?.toISOString()).toBe('2026-12-08T17:00:00.000Z');
  });

  it('should keep non-ASCII text intact', async () => {
    const text = 'Thanks to Zoë Ångström and 李雷 for the report.';
    const result = await verifyMessage(await clearsign(text, signing.key), publicKeys);
    expect(result).toMatchObject({ valid: true, text });
  });

  it('should fail with a clear message after a one-character change', async () => {
    const signed = await clearsign(announcement, signing.key);
    const tampered = signed.replace('did not escape', 'did not escapE');
    expect(tampered).not.toBe(signed);
    const result = await verifyMessage(tampered, publicKeys);
    expect(result).toMatchObject({ valid: false, problem: 'tampered', format: 'clearsign' });
    expect(result.message).toBe('the signature does not match the text: the message was changed after signing');
  });
});

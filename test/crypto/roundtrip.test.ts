// Many awkward texts through both signing forms: whatever a renderer produces, what verification
// gives back is exactly what was signed (clearsign: in its normalised form), and a change to the
// signed content is always caught.
import type { PublicKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearsign, normaliseForClearsign, signPgpMime, verifyMessage, type SigningKey } from '../../src/crypto/index.ts';
import { createTestSigningKey, type TestKey } from '../support/keys.ts';
import { prng } from '../support/prng.ts';

let key: TestKey;
let signing: SigningKey;
let publicKeys: PublicKey[];

beforeAll(async () => {
  ({ key, signing, publicKeys } = await createTestSigningKey());
});
afterAll(() => key.cleanup());

const pieces = [
  'From ', '-', '--', '-----BEGIN PGP SIGNATURE-----', '--=_disclose-signed-', '.', ' ', '\t', '=', '=3D', '=\n',
  'Zoë', '李雷', '🔒', 'CVE-2026-1234', '[1]', 'https://example.org/a?b=c&d=e', 'word', 'x'.repeat(90), '\r\n', '\n', '\n\n',
];

function awkwardText(random: () => number): string {
  let s = '';
  const n = 5 + Math.floor(random() * 60);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(random() * pieces.length)];
  return s;
}

describe('signing round trips', () => {
  it('should verify and return the exact text for 60 awkward texts, in both forms', async () => {
    const random = prng(20261208);
    for (let i = 0; i < 60; i++) {
      const text = awkwardText(random);
      const clear = await verifyMessage(await clearsign(text, signing.key), publicKeys);
      expect(clear.valid, `clearsign #${i}: ${JSON.stringify(text)}`).toBe(true);
      expect(clear.text).toBe(normaliseForClearsign(text));

      const mime = await signPgpMime(
        { from: 'a@example.org', to: 'b@example.org', subject: 's', messageId: `${i}@example.org`, date: new Date(), text, attachments: [{ filename: 'a.txt', content: text, contentType: 'text/plain' }] },
        signing.key,
      );
      const result = await verifyMessage(mime.raw, publicKeys);
      expect(result.valid, `pgp-mime #${i}: ${JSON.stringify(text)}`).toBe(true);
      // The MIME text part always ends with one line break; line endings come back as LF.
      expect(result.text).toBe(text.replace(/\r\n?/g, '\n').replace(/\n*$/, '\n'));
    }
  });

  it('should catch a change of any single byte of the signed PGP/MIME part body', async () => {
    const mime = await signPgpMime(
      { from: 'a@example.org', to: 'b@example.org', subject: 's', messageId: 'flip@example.org', date: new Date(), text: 'Upgrade to 1.96.1 now.\nThanks.\n' },
      signing.key,
    );
    const raw = Buffer.from(mime.raw);
    const part = Buffer.from(mime.signedPart);
    const start = raw.indexOf(part);
    for (let i = 0; i < part.length; i++) {
      if (part[i] === 0x0d || part[i] === 0x0a) continue; // line endings are canonicalised, by design
      const flipped = Buffer.from(raw);
      flipped[start + i] = part[i] === 0x41 ? 0x42 : 0x41;
      const result = await verifyMessage(new Uint8Array(flipped), publicKeys);
      expect(result.valid, `byte ${i} (${String.fromCharCode(part[i])})`).toBe(false);
    }
  });
});

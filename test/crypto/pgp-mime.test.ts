import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { PublicKey } from 'openpgp';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { micalgOf, signPgpMime, verifyMessage, type PgpMimeMail, type SigningKey } from '../../src/crypto/index.ts';
import { createTestSigningKey, type TestKey } from '../support/keys.ts';

let key: TestKey;
let signing: SigningKey;
let publicKeys: PublicKey[];

beforeAll(async () => {
  ({ key, signing, publicKeys } = await createTestSigningKey());
});
afterAll(() => key.cleanup());

const text = [
  'Rivet security advisory RSEC-2026-0004',
  '',
  'The Rivet Security Response team was notified that Command did not',
  'escape arguments on Windows. Thanks to Zoë Ångström for the report.',
  'From now on, upgrade to 1.96.1.',
  'A line with a trailing space ',
  '.',
  '',
].join('\n');

const mail: PgpMimeMail = {
  from: 'Rivet Security Response <security@rivet-lang.org>',
  to: 'security-announce@lists.rivet-lang.org',
  subject: '[Rivet security] Command argument injection on Windows (CVE-2026-1234) — Zoë',
  messageId: 'RSEC-2026-0004.announce@security.rivet-lang.org',
  date: new Date('2026-12-08T17:00:00Z'),
  text,
  attachments: [{ filename: 'RSEC-2026-0004.txt', content: text, contentType: 'text/plain' }],
};

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('signPgpMime', () => {
  it('should build an RFC 3156 multipart/signed message in canonical 7-bit form', async () => {
    const signed = await signPgpMime(mail, signing.key);
    const raw = latin1(signed.raw);
    // Canonical: CRLF everywhere, nothing but 7-bit bytes, no line a transport would have to fold.
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(raw).toMatch(/^[\x00-\x7f]*$/);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(raw).toMatch(/^Message-ID: <RSEC-2026-0004\.announce@security\.rivet-lang\.org>\r$/m);
    expect(raw).toContain('Date: Tue, 08 Dec 2026 17:00:00 +0000\r\n');
    expect(raw).toMatch(/Content-Type: multipart\/signed; micalg=pgp-sha\d+;\r\n protocol="application\/pgp-signature";\r\n boundary="[^"]+"/);
    // micalg names the hash the signature really used.
    expect(raw).toContain(`micalg=${await micalgOf(signed.signature)};`);
    expect(signed.micalg).toBe('pgp-sha512');
    // The signed part is inside the message exactly, followed by the delimiter's CRLF.
    expect(raw).toContain(`${latin1(signed.signedPart)}\r\n--`);
    // What mbox and SMTP would rewrite is encoded away.
    expect(latin1(signed.signedPart)).toContain('=46rom now on');
    expect(latin1(signed.signedPart)).toContain('trailing space=20');
  });

  it('should verify, and give back the text and the signer', async () => {
    const signed = await signPgpMime(mail, signing.key);
    const result = await verifyMessage(signed.raw, publicKeys);
    expect(result).toMatchObject({ valid: true, format: 'pgp-mime', signerFingerprint: key.fingerprint, signerUserId: key.userId, problem: null });
    expect(result.text).toBe(text);
  });

  it('should decode correctly in a real mail parser (mailparser)', async () => {
    const parsed = await simpleParser(Buffer.from((await signPgpMime(mail, signing.key)).raw));
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.messageId).toBe(`<${mail.messageId}>`);
    expect(parsed.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(text.trimEnd());
    const names = parsed.attachments.map((a) => a.filename).sort();
    expect(names).toEqual(['RSEC-2026-0004.txt', 'signature.asc']);
    const attached = parsed.attachments.find((a) => a.filename === 'RSEC-2026-0004.txt');
    expect(attached?.content.toString('utf8')).toBe(text);
  });

  it('should sign a text-only mail as a single text/plain part', async () => {
    const signed = await signPgpMime({ ...mail, attachments: [], text: 'short ascii text\n' }, signing.key);
    expect(latin1(signed.signedPart)).toBe('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nshort ascii text\r\n');
    expect(await verifyMessage(signed.raw, publicKeys)).toMatchObject({ valid: true, text: 'short ascii text\n' });
  });

  it('should not let a line break in the subject start a new header, and refuse a bad Message-ID', async () => {
    const signed = await signPgpMime({ ...mail, subject: 'advisory\r\nBcc: everyone@example.org' }, signing.key);
    const raw = latin1(signed.raw);
    expect(raw).not.toMatch(/^Bcc:/m);
    expect(raw).toContain('Subject: advisory Bcc: everyone@example.org\r\n');
    await expect(signPgpMime({ ...mail, messageId: 'no at sign' }, signing.key)).rejects.toThrow('is not of the form <left@domain>');
    await expect(signPgpMime({ ...mail, headers: { 'Bad Header': 'x' } }, signing.key)).rejects.toThrow('is not a valid mail header name');
  });

  it('should fail after a one-character change in the signed part', async () => {
    const raw = latin1((await signPgpMime(mail, signing.key)).raw);
    const tampered = raw.replace('escape arguments', 'escape argumentz');
    expect(tampered).not.toBe(raw);
    const result = await verifyMessage(tampered, publicKeys);
    expect(result).toMatchObject({ valid: false, problem: 'tampered', format: 'pgp-mime' });
    expect(result.message).toBe('the signature does not match the text: the message was changed after signing');
  });

  it('should still verify when stored with LF line endings or wrapped by a mailing list footer', async () => {
    const raw = latin1((await signPgpMime(mail, signing.key)).raw);
    expect((await verifyMessage(raw.replace(/\r\n/g, '\n'), publicKeys)).valid).toBe(true);
    // As stored in an mbox file: a "From " separator line first.
    expect((await verifyMessage(`From security@rivet-lang.org Tue Dec  8 17:00:00 2026\n${raw.replace(/\r\n/g, '\n')}`, publicKeys)).valid).toBe(true);
    // Mailman-style: the signed message becomes the first part of a multipart/mixed with a footer.
    const split = raw.indexOf('\r\n\r\n');
    const headers = raw.slice(0, split);
    const contentType = /^Content-Type: [\s\S]*?(?=\r\n[^ \t])/m.exec(`${headers}\r\nX: end`)![0];
    expect(contentType).toContain('boundary=');
    const outer = headers.replace(contentType, 'Content-Type: multipart/mixed; boundary="list-footer"');
    const wrapped = `${outer}\r\n\r\n--list-footer\r\n${contentType}\r\n\r\n${raw.slice(split + 4)}\r\n--list-footer\r\nContent-Type: text/plain\r\n\r\n--\r\nannounce mailing list\r\n--list-footer--\r\n`;
    expect(await verifyMessage(wrapped, publicKeys)).toMatchObject({ valid: true, format: 'pgp-mime' });
  });

  it('should arrive through a real SMTP server byte for byte and verify there', async () => {
    const received: Buffer[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.server.address() as AddressInfo;
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
      const signed = await signPgpMime(mail, signing.key);
      await transport.sendMail({ envelope: { from: 'security@rivet-lang.org', to: [mail.to as string] }, raw: Buffer.from(signed.raw) });
      transport.close();
      expect(received).toHaveLength(1);
      expect(received[0].equals(Buffer.from(signed.raw))).toBe(true);
      expect(await verifyMessage(new Uint8Array(received[0]), publicKeys)).toMatchObject({ valid: true, format: 'pgp-mime', signerFingerprint: key.fingerprint });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

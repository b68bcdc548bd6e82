import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeMail, parseSmtpUrl, sendMail, SmtpUrlError, verifySmtp, type MailPayload } from '../../src/mail/smtp.ts';
import { startFakeSmtp, type FakeSmtp } from '../support/fake-smtp.ts';

const PASSWORD = 'Pa#s@s%w/o:rd?-9f2k';

describe('parseSmtpUrl', () => {
  it('should decode a percent-encoded user and password and read host, port and TLS from the URL', () => {
    expect(parseSmtpUrl(`smtps://bot%40example.org:${encodeURIComponent(PASSWORD)}@smtp.example.org:465`)).toEqual({
      host: 'smtp.example.org',
      port: 465,
      secure: true,
      auth: { user: 'bot@example.org', pass: PASSWORD, rawPass: encodeURIComponent(PASSWORD) },
    });
    expect(parseSmtpUrl('smtp://mail.example.org')).toEqual({ host: 'mail.example.org', secure: false });
  });

  it.each([
    ['an unencoded #', 'smtp://bot:Pa#ss-secret@host'],
    ['an unencoded %', 'smtp://bot:Pa%zzss-secret@host'],
    ['a query', 'smtp://bot:Pa?ss-secret@host'],
    ['another scheme', 'http://bot:Pass-secret@host'],
    ['no URL at all', 'Pass-secret'],
  ])('should refuse %s without quoting any part of the URL', (_what, url) => {
    let error: unknown;
    try {
      parseSmtpUrl(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SmtpUrlError);
    const message = (error as Error).message;
    expect(message).toMatch(/DISCLOSE_SMTP_URL/);
    expect(message).not.toMatch(/ss-secret|Pass/);
  });
});

describe('verifySmtp and sendMail against a real SMTP server', () => {
  let smtp: FakeSmtp;
  beforeAll(async () => {
    smtp = await startFakeSmtp({ password: PASSWORD });
  });
  afterAll(() => smtp.close());

  it('should authenticate with a password containing #, @, % and /', async () => {
    await expect(verifySmtp(smtp.url, 5000)).resolves.toBeUndefined();
  });

  it('should refuse a wrong password with the server answer and without the password', async () => {
    const wrong = `smtp://${smtp.user}:${encodeURIComponent('wrong#pass%word')}@127.0.0.1:${smtp.port}`;
    const error = await verifySmtp(wrong, 5000).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/535/);
    expect((error as Error).message).not.toMatch(/wrong#pass|wrong%23pass/);
  });

  it('should refuse a server that does not answer as unreachable', async () => {
    const error = await verifySmtp(`smtp://u:p@127.0.0.1:1`, 2000).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/could not be reached/);
  });

  it('should deliver the composed bytes', async () => {
    const payload: MailPayload = { kind: 'mail', from: 'Security <security@example.org>', to: 'list@example.org', subject: 'test', messageId: '<t1@example.org>', text: 'hello\n', attachments: [] };
    const raw = await composeMail(payload);
    await sendMail(payload, raw, { url: smtp.url, timeoutMs: 5000 });
    expect(smtp.messages.at(-1)?.raw.toString()).toContain('hello');
  });
});

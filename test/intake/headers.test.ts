import { describe, expect, it } from 'vitest';
import { decodeHeaderWords, parseMailbox, titleFromSubject } from '../../src/intake/headers.ts';
import { readIncomingMail } from '../../src/intake/mail.ts';

describe('titleFromSubject', () => {
  it('should strip reply and forward markers and bracketed tags, however nested', () => {
    expect(titleFromSubject('Re: [SECURITY] Path traversal in rivet-doc')).toBe('Path traversal in rivet-doc');
    expect(titleFromSubject('Fwd: RE: AW: [vs][rivet] Heap overflow in rivet-fmt')).toBe('Heap overflow in rivet-fmt');
    expect(titleFromSubject('Re[2]: Security issue: token leak in logs')).toBe('token leak in logs');
    expect(titleFromSubject('  Vulnerability report -  crash on   empty input ')).toBe('crash on empty input');
  });

  it('should keep words that only look like markers', () => {
    expect(titleFromSubject('Regression: Re-entrancy bug in the allocator')).toBe('Regression: Re-entrancy bug in the allocator');
  });

  it('should give null for subjects that say nothing (hidden protected-headers subjects included)', () => {
    expect(titleFromSubject('')).toBeNull();
    expect(titleFromSubject('Re: [SECURITY]')).toBeNull();
    expect(titleFromSubject('...')).toBeNull();
    expect(titleFromSubject('Encrypted Message')).toBeNull();
  });

  it('should shorten long subjects to 120 characters at a word boundary', () => {
    const t = titleFromSubject(`Re: ${'overflow '.repeat(30)}`)!;
    expect(t.length).toBeLessThanOrEqual(120);
    expect(t.endsWith('overflow…')).toBe(true);
  });
});

describe('header decoding', () => {
  it('should decode RFC 2047 words in B and Q encoding and join adjacent ones', () => {
    expect(decodeHeaderWords('=?UTF-8?B?Wm/Dqw==?= =?UTF-8?Q?_=C3=85ngstr=C3=B6m?=')).toBe('Zoë Ångström');
    expect(decodeHeaderWords('plain =?ISO-8859-1?Q?caf=E9?= text')).toBe('plain café text');
  });

  it('should split the common mailbox forms', () => {
    expect(parseMailbox('"Reporter, Ada" <ada@example.net>')).toEqual({ name: 'Reporter, Ada', address: 'ada@example.net' });
    expect(parseMailbox('<ada@example.net>')).toEqual({ name: null, address: 'ada@example.net' });
    expect(parseMailbox('ada@example.net (Ada)')).toEqual({ name: 'Ada', address: 'ada@example.net' });
    expect(parseMailbox('ada@example.net')).toEqual({ name: null, address: 'ada@example.net' });
  });
});

describe('readIncomingMail', () => {
  it('should take received from the newest Received: header, not Date:', () => {
    const mail = readIncomingMail(
      'Received: by mx2.rivet-lang.org; Sun, 29 Nov 2026 08:00:00 +0000\r\nReceived: by relay.example.net; Sun, 29 Nov 2026 07:59:00 +0000\r\nFrom: a@example.net\r\nDate: Sat, 28 Nov 2026 23:00:00 -0500\r\nSubject: x\r\n\r\nbody\r\n',
      'm.eml',
    );
    expect(mail.received?.toISOString()).toBe('2026-11-29T08:00:00.000Z');
    expect(mail.encrypted).toBeNull();
    expect(mail.plainText).toBe('body\r\n');
  });

  it('should name the missing part of a malformed multipart mail', () => {
    expect(() => readIncomingMail('From: a@example.net\r\nContent-Type: multipart/encrypted; protocol="application/pgp-encrypted"\r\n\r\nx\r\n', 'bad.eml')).toThrow(
      'bad.eml: malformed mail: a multipart/encrypted part without a boundary parameter',
    );
    expect(() => readIncomingMail('Subject: x\r\n\r\nbody\r\n', 'nofrom.eml')).toThrow('nofrom.eml: malformed mail: no From: header');
  });
});

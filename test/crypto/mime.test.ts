import { describe, expect, it } from 'vitest';
import {
  decodeQuotedPrintable,
  encodeHeaderValue,
  encodeQuotedPrintable,
  isSafe7bit,
  parseContentType,
  parseEntity,
  splitMultipart,
} from '../../src/crypto/mime.ts';

describe('splitMultipart', () => {
  it('should return each part byte for byte, without the line break that belongs to the delimiter', () => {
    const body = 'preamble\r\n--b\r\nContent-Type: text/plain\r\n\r\nfirst\r\n\r\n--b\r\nsecond\r\n--b--\r\nepilogue\r\n';
    const { parts, closed } = splitMultipart(body, 'b');
    expect(closed).toBe(true);
    expect(parts).toEqual(['Content-Type: text/plain\r\n\r\nfirst\r\n', 'second']);
  });

  it('should not take a line that merely starts with the boundary for a delimiter', () => {
    const body = '--b\r\nline\r\n--bX not a delimiter\r\n--b \t\r\nnext\r\n--b--';
    expect(splitMultipart(body, 'b').parts).toEqual(['line\r\n--bX not a delimiter', 'next']);
  });

  it('should handle boundaries with regular-expression characters and bare LF files', () => {
    const boundary = '=_a+b(c)?.*';
    const body = `--${boundary}\npart one\n--${boundary}\npart two\n--${boundary}--\n`;
    expect(splitMultipart(body, boundary).parts).toEqual(['part one', 'part two']);
  });

  it('should report an unclosed multipart', () => {
    expect(splitMultipart('--b\r\nonly\r\n', 'b').closed).toBe(false);
  });
});

describe('parseEntity and parseContentType', () => {
  it('should unfold headers and read quoted parameters', () => {
    const e = parseEntity('Content-Type: multipart/signed; micalg=pgp-sha256;\r\n protocol="application/pgp-signature";\r\n\tboundary="x;y=z"\r\nX-A: 1\r\n\r\nbody\r\n');
    const ct = parseContentType(e.headers.get('content-type'));
    expect(ct.type).toBe('multipart/signed');
    expect(ct.params.get('boundary')).toBe('x;y=z');
    expect(ct.params.get('protocol')).toBe('application/pgp-signature');
    expect(ct.params.get('micalg')).toBe('pgp-sha256');
    expect(e.body).toBe('body\r\n');
  });

  it('should treat a part that starts with a blank line as having no headers', () => {
    const e = parseEntity('\r\nonly body\r\n');
    expect(e.headers.size).toBe(0);
    expect(e.body).toBe('only body\r\n');
  });
});

describe('quoted-printable', () => {
  it('should round-trip UTF-8, long lines and trailing spaces', () => {
    const text = `${'x'.repeat(200)}\nZoë = ünïcode  \nFrom the start\n.\nend`;
    const encoded = encodeQuotedPrintable(text);
    for (const line of encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(encoded).toMatch(/^[\x20-\x7e\r\n]*$/);
    expect(encoded).toContain('\r\n=46rom the start');
    expect(encoded).toContain('\r\n=2E\r\n');
    expect(new TextDecoder().decode(decodeQuotedPrintable(encoded))).toBe(text.replace(/\n/g, '\r\n'));
  });

  it('should call only plain short ASCII lines safe for 7bit', () => {
    expect(isSafe7bit('plain\ntext')).toBe(true);
    expect(isSafe7bit('trailing \n')).toBe(false);
    expect(isSafe7bit('From me')).toBe(false);
    expect(isSafe7bit('ü')).toBe(false);
    expect(isSafe7bit('y'.repeat(77))).toBe(false);
  });
});

describe('encodeHeaderValue', () => {
  it('should leave ASCII alone and encode non-ASCII as UTF-8 encoded-words', () => {
    expect(encodeHeaderValue('[Rivet security] plain')).toBe('[Rivet security] plain');
    const encoded = encodeHeaderValue(`Zoë ${'ü'.repeat(40)}`);
    const words = encoded.split(' ');
    for (const w of words) {
      expect(w).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
      expect(w.length).toBeLessThanOrEqual(75);
    }
    const decoded = words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('');
    expect(decoded).toBe(`Zoë ${'ü'.repeat(40)}`);
  });
});

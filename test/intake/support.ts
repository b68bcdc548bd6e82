// Real reporter mails for intake tests: encrypted with openpgp to a throwaway team key, signed by a
// throwaway reporter key, written as .eml files (CRLF) into a temp repository root.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as openpgp from 'openpgp';
import type { TestKey } from '../support/keys.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const NODE = process.execPath;

/** A repository root with its own config (signing.fingerprint = the test team key) and advisories/. */
export function makeRoot(teamFingerprint: string, samples: string[] = []): string {
  const root = mkdtempSync(path.join(tmpdir(), 'disclose-intake-'));
  const config = readFileSync(path.join(REPO, 'disclose.config.yaml'), 'utf8').replace(/^(\s*fingerprint:).*$/m, `$1 ${teamFingerprint}`);
  writeFileSync(path.join(root, 'disclose.config.yaml'), config);
  mkdirSync(path.join(root, 'advisories'));
  for (const s of samples) copyFileSync(path.join(REPO, 'advisories', s), path.join(root, 'advisories', s));
  return root;
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of our scripts as a child process, in `cwd`, with only the environment given. */
export function runScript(script: string, args: string[], cwd: string, env: Record<string, string>): Run {
  const r = spawnSync(NODE, [path.join(REPO, 'scripts', script), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function unlocked(key: TestKey): Promise<openpgp.PrivateKey> {
  return openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: key.armoredSecretKey }), passphrase: key.passphrase });
}

export interface MailParts {
  from: string;
  subject: string;
  messageId: string;
  date: string;
  received?: string;
  extraHeaders?: string[];
}

function headerBlock(m: MailParts, contentType: string): string {
  return [
    ...(m.received ? [`Received: from mx.example.net by mail.rivet-lang.org with ESMTPS id 42;\r\n\t${m.received}`] : []),
    `From: ${m.from}`,
    'To: Rivet Security <security@rivet-lang.org>',
    `Subject: ${m.subject}`,
    `Date: ${m.date}`,
    `Message-ID: ${m.messageId}`,
    ...(m.extraHeaders ?? []),
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
  ].join('\r\n');
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

export async function encryptText(text: string | Uint8Array, to: openpgp.PublicKey, signer: openpgp.PrivateKey | null, date: Date): Promise<string> {
  const message = typeof text === 'string' ? await openpgp.createMessage({ text }) : await openpgp.createMessage({ binary: text });
  return openpgp.encrypt({ message, encryptionKeys: to, ...(signer ? { signingKeys: signer } : {}), date, format: 'armored' });
}

/** Inline PGP: the armored message is the text/plain body (as Thunderbird/Enigmail "inline" or `gpg -ea` pasted). */
export async function inlineMail(m: MailParts, report: string, to: openpgp.PublicKey, signer: openpgp.PrivateKey | null, date: Date): Promise<Buffer> {
  const armored = await encryptText(report, to, signer, date);
  return Buffer.from(`${headerBlock(m, 'text/plain; charset=us-ascii')}\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${crlf(armored)}`, 'latin1');
}

/**
 * PGP/MIME (RFC 3156 §4, combined signed+encrypted per §6.2): the encrypted entity is a
 * multipart/mixed with the report text and the reporter's public key as application/pgp-keys.
 */
export async function pgpMimeMail(m: MailParts, report: string, reporterPublic: string | null, to: openpgp.PublicKey, signer: openpgp.PrivateKey | null, date: Date): Promise<Buffer> {
  const inner = crlf(
    [
      'Content-Type: multipart/mixed; boundary="inner-b"; protected-headers="v1"',
      `Subject: ${m.subject}`,
      '',
      '--inner-b',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      report.replace(/=/g, '=3D'),
      ...(reporterPublic
        ? ['--inner-b', 'Content-Type: application/pgp-keys; name="OpenPGP_0xREPORTER.asc"', 'Content-Disposition: attachment; filename="OpenPGP_0xREPORTER.asc"', '', reporterPublic.trim()]
        : []),
      '--inner-b--',
      '',
    ].join('\n'),
  );
  const armored = await encryptText(new TextEncoder().encode(inner), to, signer, date);
  const outer = { ...m, subject: '...' };
  const body = [
    'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)',
    '--outer-b',
    'Content-Type: application/pgp-encrypted',
    'Content-Description: PGP/MIME version identification',
    '',
    'Version: 1',
    '',
    '--outer-b',
    'Content-Type: application/octet-stream; name="encrypted.asc"',
    'Content-Description: OpenPGP encrypted message',
    'Content-Disposition: inline; filename="encrypted.asc"',
    '',
    armored.trim(),
    '',
    '--outer-b--',
    '',
  ].join('\n');
  return Buffer.from(`${headerBlock(outer, 'multipart/encrypted;\r\n protocol="application/pgp-encrypted"; boundary="outer-b"')}\r\n\r\n${crlf(body)}`, 'latin1');
}

// `npm run verify -- <file> [--key <public key file>] [--signature <file>] [--json]`
// Checks a clearsigned text or a PGP/MIME mail (or a file + detached signature) against the team
// key from disclose.config.yaml, or the key given with --key. Exit 0 valid, 1 invalid, 2 usage.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCommand, runCommand, EXIT } from '../src/cli/run.ts';
import { loadConfig } from '../src/config/load.ts';
import { formatFingerprint, readPublicKeysFile, verifyDetached, verifyMessage, type VerifyResult } from '../src/crypto/index.ts';
import { InputError, UsageError } from '../src/errors.ts';

const spec = {
  name: 'verify',
  usage: 'npm run verify -- <file> [--key <public key file>] [--signature <file>] [--json]',
  help: `
Verifies an OpenPGP-signed announcement and says who signed it and when.

<file> is one of:
  - an inline clearsigned text (-----BEGIN PGP SIGNED MESSAGE-----), alone or inside a mail (.eml);
  - a PGP/MIME signed mail (multipart/signed, RFC 3156), as raw bytes (.eml);
  - any file, with --signature naming its detached signature.
Use "-" to read standard input.

Options:
  --key <file>        armored public key(s) to accept (default: signing.public_key from
                      disclose.config.yaml, which must hold signing.fingerprint)
  --signature <file>  detached signature over <file> (as made by gpg --detach-sign)
  --json              print the result as JSON

Exit codes: 0 good signature, 1 bad or missing signature, wrong key, or unreadable input, 2 usage.
Times are checked against DISCLOSE_NOW when set.`,
  options: {
    key: { type: 'string' },
    signature: { type: 'string' },
    json: { type: 'boolean' },
  },
} as const;

type Values = { key?: string; signature?: string; json?: boolean };

async function readInput(file: string): Promise<Buffer> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(file);
  } catch (e) {
    throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'}) — check the path`);
  }
}

async function keysToUse(values: Values) {
  if (values.key) {
    return { keys: await readPublicKeysFile(values.key), label: `the key in ${values.key}` };
  }
  const root = process.cwd();
  const config = await loadConfig(root);
  const file = path.resolve(root, config.signing.public_key);
  const keys = await readPublicKeysFile(file);
  const expected = formatFingerprint(config.signing.fingerprint);
  const team = keys.filter((k) => formatFingerprint(k.getFingerprint()) === expected);
  if (team.length === 0) {
    throw new InputError(`${file} does not hold the team key ${expected} (signing.fingerprint in disclose.config.yaml) — fix signing.public_key or signing.fingerprint, or pass --key`);
  }
  return { keys: team, label: 'the team key' };
}

function print(result: VerifyResult, file: string, values: Values): void {
  if (values.json) {
    const { valid, format, signerFingerprint, signingSubkeyFingerprint, signerUserId, signedAt, problem, message, text } = result;
    const json = { file, valid, format, signerFingerprint, signingSubkeyFingerprint, signerUserId, signedAt: signedAt?.toISOString() ?? null, problem, message, text };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  if (result.valid) {
    const lines = [
      `${file}: good signature (${result.format})`,
      `  signed by  ${result.signerUserId ?? '(no user ID)'}`,
      `  key        ${result.signerFingerprint}${result.signingSubkeyFingerprint ? ` (subkey ${result.signingSubkeyFingerprint})` : ''}`,
      `  signed at  ${result.signedAt?.toISOString() ?? 'unknown'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } else {
    process.stdout.write(`${file}: BAD — ${result.message}\n`);
  }
}

runCommand(async () => {
  // Parsed inside runCommand so a bad flag becomes a UsageError (exit 2), not a crash.
  const { values, positionals } = parseCommand(spec);
  if (positionals.length !== 1) {
    throw new UsageError(`expected exactly one file to verify, got ${positionals.length} — run \`npm run verify -- --help\``);
  }
  const file = positionals[0];
  const input = await readInput(file);
  const { keys, label } = await keysToUse(values);
  let result: VerifyResult;
  if (values.signature) {
    const sig = await readInput(values.signature);
    // gpg --detach-sign writes binary, --armor writes text: accept both.
    const signature = sig.includes('-----BEGIN PGP SIGNATURE-----') ? sig.toString('utf8') : new Uint8Array(sig);
    result = await verifyDetached(new Uint8Array(input), signature, keys, { keyLabel: label });
  } else {
    result = await verifyMessage(new Uint8Array(input), keys, { keyLabel: label });
  }
  print(result, file, values);
  return result.valid ? EXIT.ok : EXIT.findings;
});

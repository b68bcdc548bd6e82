// npm run intake -- <message.eml> [--json] [--dry-run] [--show] [--root dir]
import path from 'node:path';
import { now } from '../src/clock.ts';
import { parseCommand, runCommand } from '../src/cli/run.ts';
import { loadConfig } from '../src/config/load.ts';
import { UsageError } from '../src/errors.ts';
import { intake } from '../src/intake/intake.ts';

const spec = {
  name: 'intake',
  usage: 'npm run intake -- <message.eml> [--json] [--dry-run] [--show] [--root dir]',
  help: `
Reads a reporter's mail as received (RFC 5322, e.g. "Save as .eml"), decrypts it with the team key
and creates advisories/<PREFIX>-<YEAR>-<NNNN>.md as a draft: title from the subject, the canonical
body sections, and the reporter (name, address, key fingerprint, signature check, received time,
Message-ID) in \`private\`. The original mail is stored as advisories/<ID>/report.eml, byte for byte
and still encrypted. The decrypted report is never written to disk. Never overwrites a file.

Accepted: PGP/MIME (multipart/encrypted, RFC 3156) and inline PGP (-----BEGIN PGP MESSAGE-----);
a report that arrived unencrypted is accepted with a warning and stored encrypted to the team key
as report.eml.asc.

  --dry-run        decrypt and print what would be created; write nothing
  --show           also print the decrypted report to standard output (never to a file)
  --json           print the result as JSON (with --show, the report is its "text" field)
  --root dir       repository root with disclose.config.yaml (default: current directory)

The team key comes from the environment: DISCLOSE_SIGNING_KEY_FILE (armored secret key, outside
the repository) and DISCLOSE_SIGNING_PASSPHRASE or DISCLOSE_SIGNING_PASSPHRASE_FILE; it must be the
key named by signing.fingerprint and have an encryption subkey. The year and a missing received
time come from DISCLOSE_NOW when it is set.
Exit status: 0 created, 1 bad input (not a mail, not for the team key, wrong passphrase), 2 usage,
3 refused (a file would be overwritten).`,
  options: {
    json: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    show: { type: 'boolean' },
    root: { type: 'string' },
  },
} as const;

runCommand(async () => {
  const { values, positionals } = parseCommand(spec);
  if (positionals.length !== 1) throw new UsageError('pass exactly one mail file, e.g. `npm run intake -- report.eml` (see --help)');
  const root = path.resolve(values.root ?? '.');
  const at = now();
  const config = await loadConfig(root);
  const result = await intake({ root, config, mailFile: positionals[0], now: at, dryRun: values['dry-run'] });
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  const { text, ...summary } = result;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(values.show ? { ...summary, text } : summary, null, 2)}\n`);
    return;
  }
  const who = [result.reporter.name, result.reporter.address && `<${result.reporter.address}>`].filter(Boolean).join(' ') || 'unknown sender';
  const lines = [
    `${result.written ? 'created' : 'would create (dry run)'} ${result.file}`,
    `  report     ${result.report} (${result.format})`,
    `  title      ${result.title}`,
    `  reporter   ${who}`,
    `  key        ${result.reporterKey ?? 'none in the mail'}`,
    `  signature  ${result.signature}${result.signature === 'unsigned' ? '' : ` — ${result.signatureNote}`}`,
    `  received   ${result.received}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.show) process.stdout.write(`\n----- decrypted report (not stored) -----\n${text.replace(/\r\n/g, '\n').replace(/\n?$/, '\n')}----- end of report -----\n`);
  else process.stderr.write(`the report was decrypted in memory only; add --show to read it here\n`);
});

// npm run reply -- <ID> <template> [--out file] [--reporter-key file] [--json] [--root dir]
import path from 'node:path';
import { now } from '../src/clock.ts';
import { parseCommand, runCommand } from '../src/cli/run.ts';
import { loadConfig } from '../src/config/load.ts';
import { UsageError } from '../src/errors.ts';
import { renderReply } from '../src/intake/replies/reply.ts';
import { TEMPLATES, TEMPLATE_NAMES } from '../src/intake/replies/templates.ts';

const spec = {
  name: 'reply',
  usage: 'npm run reply -- <ID> <template> [--out file] [--reporter-key file] [--json] [--root dir]',
  help: `
Renders a reply to the reporter of advisory <ID> from the advisory and disclose.config.yaml, as an
RFC 5322 mail file: outbox/<ID>/replies/<template>.eml (replaced atomically), or --out.
disclose NEVER sends it: open or import the .eml in your mail client, read it, edit the TODO
lines, and send it from there.

Templates:
${TEMPLATE_NAMES.map((t) => `  ${t.padEnd(20)} ${TEMPLATES[t].purpose}`).join('\n')}

The reporter's address and name come from private.reporter_contact / private.reporter_name and
appear only in the To: header. When the reporter's public key is known (--reporter-key, or
advisories/<ID>/reporter-key.asc; it must match private.reporter_key when that is set), the body
is an inline PGP message encrypted to the reporter AND the team key and signed with the team key
(DISCLOSE_SIGNING_KEY_FILE, DISCLOSE_SIGNING_PASSPHRASE or DISCLOSE_SIGNING_PASSPHRASE_FILE).
Otherwise the reply is plain text and a warning says it is NOT encrypted.

  --out file           write the .eml here instead
  --reporter-key file  the reporter's armored public key
  --json               print the result as JSON
  --root dir           repository root with disclose.config.yaml (default: current directory)

Exit status: 0 written, 1 bad input (no such advisory, no reporter address, key problems),
2 usage (unknown template), 3 refused (the template does not fit the advisory's status).`,
  options: {
    out: { type: 'string' },
    'reporter-key': { type: 'string' },
    json: { type: 'boolean' },
    root: { type: 'string' },
  },
} as const;

runCommand(async () => {
  const { values, positionals } = parseCommand(spec);
  if (positionals.length !== 2) throw new UsageError(`pass an advisory id and a template, e.g. \`npm run reply -- RSEC-2026-0004 acknowledge\`; templates: ${TEMPLATE_NAMES.join(', ')}`);
  const root = path.resolve(values.root ?? '.');
  const config = await loadConfig(root);
  const result = await renderReply({
    root,
    config,
    id: positionals[0],
    template: positionals[1],
    now: now(),
    reporterKeyFile: values['reporter-key'],
    out: values.out === undefined ? undefined : path.resolve(values.out),
  });
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  const rel = path.relative(process.cwd(), result.file) || result.file;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...result, file: rel }, null, 2)}\n`);
    return;
  }
  const how = result.encrypted ? `encrypted to ${result.recipients.join(' and ')}, signed by ${result.signedBy}` : 'NOT encrypted';
  process.stdout.write(`wrote ${rel} (${result.template} to ${result.to}, ${how})\nnot sent: open it in your mail client, check it and send it from there\n`);
});

// npm run render -- <ID> [--channel c] [--out dir] [--json]
import path from 'node:path';
import { CHANNELS, type Channel } from '../src/advisory/schema.ts';
import { renderOutbox } from '../src/channels/outbox.ts';
import { EXIT, parseCommand, runCommand } from '../src/cli/run.ts';
import { now } from '../src/clock.ts';
import { loadConfig } from '../src/config/load.ts';
import { UsageError } from '../src/errors.ts';

const spec = {
  name: 'render',
  usage: 'npm run render -- <ID> [--channel <name>] [--out <dir>] [--json]',
  help: `
Renders every channel listed in the advisory's \`channels\` and every export (OSV, CVE JSON 5,
CSAF 2.0) into an outbox folder, default outbox/<ID>/ (git-ignored). Nothing is sent.

The announcement is clearsigned (announce/announcement.txt.asc) and signed as PGP/MIME
(announce/announcement.eml) when DISCLOSE_SIGNING_KEY_FILE (and DISCLOSE_SIGNING_PASSPHRASE) are
set; otherwise it is written unsigned and the output says so.

Options:
  --channel <name>  only this channel (${CHANNELS.join(', ')}); exports are skipped
  --out <dir>       write here instead of outbox/<ID>/
  --json            print the result as JSON
  --rehearsal-key   sign with the key in DISCLOSE_SIGNING_KEY_FILE even if it is not the team
                    key (signing.fingerprint), for rehearsals; the output says so

Exit codes: 0 written; 1 invalid input or an export failed its schema; 2 bad usage;
3 refused (draft or rejected advisory, or \`private\` text would be written).
See docs/channels.md.`,
  options: {
    channel: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    'rehearsal-key': { type: 'boolean' },
  },
} as const;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

runCommand(async () => {
  const { values, positionals } = parseCommand(spec);
  if (positionals.length !== 1) throw new UsageError(`expected one advisory id, got ${positionals.length} — usage: ${spec.usage}`);
  const channel = values.channel as Channel | undefined;
  if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel)) {
    throw new UsageError(`--channel ${channel}: unknown channel — expected one of ${CHANNELS.join(', ')}`);
  }
  const root = process.cwd();
  const config = await loadConfig(root);
  const result = await renderOutbox({
    root,
    config,
    id: positionals[0],
    channel,
    outDir: values.out,
    now: now(),
    env: process.env,
    rehearsalKey: values['rehearsal-key'] === true,
    progress: values.json ? undefined : (line) => process.stderr.write(`${line}…\n`),
  });
  if (values.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    const rows = [['channel', 'file', 'bytes', 'signed?'], ...result.entries.map((e) => [e.source, e.file, String(e.bytes), e.signed === null ? '' : e.signed ? 'yes' : 'NO'])];
    process.stdout.write(`${result.id} (${result.status}) → ${path.relative(root, result.outDir) || '.'}\n\n${table(rows)}\n`);
    if (result.notes.length) process.stdout.write(`\nnotes:\n${result.notes.map((n) => `  - ${n}`).join('\n')}\n`);
    for (const bad of result.invalidExports) {
      process.stderr.write(`error: export ${bad.name} does not validate against its schema, not written:\n${bad.errors.map((e) => `  ${e}`).join('\n')}\n`);
    }
  }
  return result.invalidExports.length > 0 ? EXIT.findings : EXIT.ok;
});

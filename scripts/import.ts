// npm run import -- <file|folder>… [--dry-run] [--json] [--missing-severity s] [--root dir]
import path from 'node:path';
import { now } from '../src/clock.ts';
import { EXIT, parseCommand, runCommand } from '../src/cli/run.ts';
import { loadConfig } from '../src/config/load.ts';
import { UsageError } from '../src/errors.ts';
import { SEVERITIES, type Severity } from '../src/advisory/schema.ts';
import { formatFinding } from '../src/advisory/finding.ts';
import { expandSources } from '../src/import/read.ts';
import { importSources, type ImportOutcome } from '../src/import/run.ts';

const spec = {
  name: 'import',
  usage: 'npm run import -- <file|folder>… [--dry-run] [--json] [--missing-severity low|medium|high|critical] [--root dir]',
  help: `
Turns existing advisories into disclose advisories in advisories/: OSV JSON (RustSec's export,
osv.dev), GitHub advisory-database JSON, CVE JSON 5 records (cvelistV5) and RustSec advisory
Markdown (the \`\`\`toml block and the text). Folders are searched for .json and .md files.

Each record becomes advisories/<PREFIX>-<YEAR>-<NNNN>.md (the next free number of the year it was
published), status published, with its CVE and GHSA ids, its other ids as links to their records,
its affected ranges, CVSS vectors, CWEs, credits and references, and \`links\` for the channels it
was published on (GHSA, oss-security, announcement list, blog). The source's text is kept as it is;
only the required sections it lacks are added, filled from the record's data. Everything the
source has that the format cannot carry is listed per record.

A record one of whose ids (CVE, GHSA, RUSTSEC-…) an advisory already carries is skipped: running
the import twice changes nothing. A record whose advisory would not pass \`npm run validate\` is not
written; its findings are shown.

  --dry-run              show what would be imported; write nothing
  --json                 print {imported, skipped, failed, outcomes[]} as JSON
  --missing-severity s   the severity for records that give none (no CVSS vector, no rating);
                         without it such records are not imported
  --root dir             repository root (default: current directory)

Exit status: 0 every record imported or already there, 1 some record could not be imported,
2 usage (unknown flag, missing file).`,
  options: {
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    'missing-severity': { type: 'string' },
    root: { type: 'string' },
  },
  allowPositionals: true,
} as const;

function describe(o: ImportOutcome, root: string): string {
  const src = path.relative(process.cwd(), o.source) || o.source;
  if (o.status === 'imported') {
    const lines = [`imported ${o.sourceId} → ${o.id} (${path.relative(process.cwd(), o.file) || o.file})`];
    for (const u of o.unmapped) lines.push(`  not carried as is: ${u}`);
    for (const w of o.warnings) lines.push(`  ${formatFinding({ ...w, file: path.relative(root, w.file) })}`);
    return lines.join('\n');
  }
  if (o.status === 'skipped') return `skipped  ${o.sourceId} (${src}): already imported — ${o.reason}`;
  const lines = [`failed   ${o.sourceId ?? src} (${src}): ${o.reason}`];
  for (const f of o.findings ?? []) lines.push(`  ${formatFinding({ ...f, file: path.relative(root, f.file) })}`);
  return lines.join('\n');
}

runCommand(async () => {
  const { values, positionals } = parseCommand(spec);
  if (positionals.length === 0) throw new UsageError('give at least one file or folder to import — run `npm run import -- --help`');
  const missing = values['missing-severity'];
  if (missing !== undefined && !(SEVERITIES as readonly string[]).includes(missing)) throw new UsageError(`--missing-severity "${missing}" is not one of ${SEVERITIES.join(', ')}`);
  const root = path.resolve(values.root ?? '.');
  const config = await loadConfig(root);
  const files = await expandSources(positionals);
  const showProgress = !values.json && files.length > 1 && process.stderr.isTTY;
  const outcomes = await importSources(files, {
    root,
    config,
    now: now(),
    dryRun: values['dry-run'],
    missingSeverity: missing as Severity | undefined,
    progress: files.length > 20 ? (done, total) => {
      if (showProgress || (!values.json && done % 100 === 0)) process.stderr.write(`${showProgress ? '\r' : ''}[${done}/${total}]${showProgress ? '' : '\n'}`);
      if (showProgress && done === total) process.stderr.write('\n');
    } : undefined,
  });
  const count = (s: ImportOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const summary = { imported: count('imported'), skipped: count('skipped'), failed: count('failed'), dryRun: Boolean(values['dry-run']) };
  if (values.json) process.stdout.write(`${JSON.stringify({ ...summary, outcomes }, null, 2)}\n`);
  else {
    for (const o of outcomes) process.stdout.write(`${describe(o, root)}\n`);
    process.stdout.write(`${files.length} file${files.length === 1 ? '' : 's'}: ${summary.imported} ${values['dry-run'] ? 'would be imported' : 'imported'}, ${summary.skipped} already there, ${summary.failed} not imported\n`);
  }
  return summary.failed > 0 ? EXIT.findings : EXIT.ok;
});

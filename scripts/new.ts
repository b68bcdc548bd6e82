// npm run new [-- --title … --summary … --severity … --status … --cve … --embargo …]
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { now, timestampProblem } from '../src/clock.ts';
import { parseCommand, runCommand } from '../src/cli/run.ts';
import { loadConfig } from '../src/config/load.ts';
import { UsageError } from '../src/errors.ts';
import { closest } from '../src/advisory/error-map.ts';
import { createAdvisory, type ScaffoldInput } from '../src/advisory/scaffold.ts';
import { CVE_PATTERN, SEVERITIES, type Severity } from '../src/advisory/schema.ts';

const spec = {
  name: 'new',
  usage: 'npm run new [-- --title "…" [--summary "…"] [--severity s] [--status draft|embargoed] [--cve CVE-…]… [--embargo ts] [--json]]',
  help: `
Creates advisories/<PREFIX>-<YEAR>-<NNNN>.md with the next free number for the current year and
the canonical body sections, and prints its path. Never overwrites a file.

  --title t        title (≤ 120 characters); asked for when a terminal is attached
  --summary s      one sentence (default: the title)
  --severity s     low, medium, high or critical
  --status s       draft (default) or embargoed
  --cve id         a CVE id; repeat for several
  --embargo ts     public date with a zone, e.g. 2026-12-08T17:00:00Z
  --json           print {"id", "file"} instead of the path
  --root dir       repository root (default: current directory)

The year comes from DISCLOSE_NOW when it is set.`,
  options: {
    title: { type: 'string' },
    summary: { type: 'string' },
    severity: { type: 'string' },
    status: { type: 'string' },
    cve: { type: 'string', multiple: true },
    embargo: { type: 'string' },
    json: { type: 'boolean' },
    root: { type: 'string' },
  },
  allowPositionals: false,
} as const;

function checkInput(input: Partial<ScaffoldInput> & { severity?: string; status?: string }): ScaffoldInput {
  if (!input.title?.trim()) throw new UsageError('a title is required — pass --title "…" (or run in a terminal to be asked)');
  if (input.title.length > 120) throw new UsageError(`the title has ${input.title.length} characters; the limit is 120 — shorten it`);
  if (input.severity !== undefined && !(SEVERITIES as readonly string[]).includes(input.severity)) {
    const guess = closest(input.severity, SEVERITIES);
    throw new UsageError(`--severity "${input.severity}" is not one of ${SEVERITIES.join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
  if (input.status !== undefined && input.status !== 'draft' && input.status !== 'embargoed') {
    throw new UsageError(`--status "${input.status}" — a new advisory is draft or embargoed`);
  }
  for (const c of input.cve ?? []) if (!CVE_PATTERN.test(c)) throw new UsageError(`--cve "${c}" must look like CVE-2026-12345`);
  if (input.embargo !== undefined && timestampProblem(input.embargo) !== null) {
    throw new UsageError(`--embargo "${input.embargo}" must be a timestamp with a zone, e.g. 2026-12-08T17:00:00Z`);
  }
  return input as ScaffoldInput;
}

async function ask(input: Record<string, unknown>): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    if (!input.title) input.title = (await rl.question('Title (≤ 120 characters): ')).trim();
    if (!input.summary) input.summary = (await rl.question('Summary, one sentence [same as title]: ')).trim() || undefined;
    if (!input.severity) input.severity = (await rl.question(`Severity (${SEVERITIES.join(', ')}) [none yet]: `)).trim() || undefined;
    if (!input.cve) {
      const cves = (await rl.question('CVE ids, comma-separated [none yet]: ')).split(',').map((c) => c.trim()).filter(Boolean);
      if (cves.length) input.cve = cves;
    }
  } finally {
    rl.close();
  }
}

runCommand(async () => {
  const { values } = parseCommand(spec);
  const root = path.resolve(values.root ?? '.');
  const at = now();
  const config = await loadConfig(root);
  const raw: Record<string, unknown> = { title: values.title, summary: values.summary, severity: values.severity as Severity | undefined, status: values.status, cve: values.cve, embargo: values.embargo };
  if (process.stdin.isTTY && (!raw.title || !raw.severity)) await ask(raw);
  const input = checkInput(raw);
  const dir = path.join(root, 'advisories');
  await mkdir(dir, { recursive: true });
  const { id, file } = await createAdvisory(dir, config.id_prefix, at.getUTCFullYear(), input, config.project.name);
  const shown = path.relative(process.cwd(), file) || file;
  process.stdout.write(values.json ? `${JSON.stringify({ id, file: shown })}\n` : `${shown}\n`);
  if (!values.json) process.stderr.write(`created ${id}; fill in the TODOs, then run \`npm run validate -- ${shown}\`\n`);
});

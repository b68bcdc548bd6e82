// npm run validate [-- paths…] [--format text|json|github] [--json] [--root dir]
import module from 'node:module';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { now } from '../src/clock.ts';
import { EXIT, parseCommand, runCommand } from '../src/cli/run.ts';
import { UsageError } from '../src/errors.ts';
import type { Finding } from '../src/advisory/finding.ts';
import type { ReportFormat } from '../src/advisory/report.ts';

// Node keeps compiled (and type-stripped) modules in its on-disk compile cache, which halves the
// start-up of a command run on every pull request. It only applies to modules loaded after this
// call, hence the dynamic imports of the heavy ones below.
module.enableCompileCache?.();
const [{ loadConfig }, { misnamedFinding, scanAdvisoryFiles }, { FORMATS, formatReport }, { countBySeverity, validateFiles }] = await Promise.all([
  import('../src/config/load.ts'),
  import('../src/advisory/parse.ts'),
  import('../src/advisory/report.ts'),
  import('../src/advisory/validate.ts'),
]);

const spec = {
  name: 'validate',
  usage: 'npm run validate [-- [paths…] [--format text|json|github] [--json] [--root dir] [--no-cache]]',
  help: `
Checks advisories against every rule of docs/advisory-format.md and prints one line per finding:
  file:line:col: error|warning [rule] field: what is wrong — how to fix

  paths            advisory files to check (default: every advisories/*.md under --root)
  --format f       text (default), json, or github (workflow annotations for pull requests)
  --json           same as --format json
  --root dir       repository root with disclose.config.yaml (default: current directory)
  --no-cache       do not read or write .disclose/cache/ (facts of bodies that needed the full
                   Markdown parser, CVSS scores; keyed by content, safe to delete at any time)

Times are compared with DISCLOSE_NOW when it is set (e.g. DISCLOSE_NOW=2026-12-08T17:00:00Z).
Exit status: 0 no errors (warnings allowed), 1 errors found, 2 wrong usage.`,
  options: {
    format: { type: 'string' },
    json: { type: 'boolean' },
    root: { type: 'string' },
    'no-cache': { type: 'boolean' },
  },
} as const;

runCommand(async () => {
  const { values, positionals } = parseCommand(spec);
  const format = (values.json ? 'json' : (values.format ?? 'text')) as ReportFormat;
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format "${values.format}" is not one of ${FORMATS.join(', ')} — run \`npm run validate -- --help\``);
  }
  const root = path.resolve(values.root ?? '.');
  const at = now();
  const config = await loadConfig(root);
  const shown = (f: string) => path.relative(process.cwd(), f) || f;
  let files: string[];
  // Markdown files disclose would not read (.MD, .markdown): each one is an error finding, never
  // silently skipped.
  let misnamed: Finding[] = [];
  if (positionals.length > 0) {
    const missing = positionals.filter((p) => !existsSync(p));
    if (missing.length) throw new UsageError(`no such file: ${missing.join(', ')} — pass advisory files such as advisories/RSEC-2026-0001.md`);
    const isMisnamed = (p: string) => /\.(?:md|markdown)$/i.test(p) && !p.endsWith('.md');
    files = positionals.filter((p) => !isMisnamed(p));
    misnamed = positionals.filter(isMisnamed).map((p) => misnamedFinding({ file: p, rename: path.basename(p).replace(/\.(?:md|markdown)$/i, '.md') }));
  } else {
    const dir = path.join(root, 'advisories');
    if (!existsSync(dir)) throw new UsageError(`${dir} does not exist — run in the repository root, or pass --root or file paths`);
    const scan = await scanAdvisoryFiles(dir);
    files = scan.files.map(shown);
    misnamed = scan.misnamed.map((m) => misnamedFinding(m, shown(m.file)));
  }
  const validated = await validateFiles(files, { config, now: at, root, cache: !values['no-cache'] });
  const findings = [...misnamed, ...validated.findings];
  process.stdout.write(formatReport(format, files.length + misnamed.length, findings));
  return countBySeverity(findings).errors > 0 ? EXIT.findings : EXIT.ok;
});

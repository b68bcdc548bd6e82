// `node bench/validate.bench.ts`: the whole `npm run validate` over 10,000 generated advisories,
// against floors measured in the same run (issue 3, item 9):
//   read       — list and read every file, nothing else;
//   js-yaml    — read + split + the fastest plain YAML parse (js-yaml, core schema);
//   naive      — read + split + `yaml` with positions for every node + zod + a full remark parse
//                of every body, on one thread: what a straightforward validator would do;
//   validate 1 thread — the real validator in-process without the worker (to show the split's gain).
// Every measurement is a fresh child process (startup and module loading included), median of 3.
// Prints a Markdown section and writes it to docs/benchmarks/validate.md.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const SELF = fileURLToPath(import.meta.url);
const REPO = path.resolve(path.dirname(SELF), '..');
const NOW = '2026-11-29T12:00:00Z';
const COUNT = Number(process.env.BENCH_VALIDATE_COUNT ?? 10_000);

// ---- floors, run as child processes: node bench/validate.bench.ts --floor <name> <dir> -------
if (process.argv[2] === '--floor') {
  const [, , , name, dir] = process.argv;
  const files = readdirSync(path.join(dir, 'advisories')).filter((n) => n.endsWith('.md')).sort().map((n) => path.join(dir, 'advisories', n));
  const split = (s: string) => {
    const end = s.indexOf('\n---\n', 4);
    return { fm: s.slice(4, end + 1), body: s.slice(end + 5) };
  };
  let sink = 0;
  if (name === 'read') {
    for (const f of files) sink += readFileSync(f, 'utf8').length;
  } else if (name === 'js-yaml') {
    const yaml = (await import('js-yaml')).default;
    for (const f of files) sink += Object.keys(yaml.load(split(readFileSync(f, 'utf8')).fm, { schema: yaml.CORE_SCHEMA }) as object).length;
  } else if (name === 'naive') {
    const { LineCounter, parseDocument } = await import('yaml');
    const { unified } = await import('unified');
    const remarkParse = (await import('remark-parse')).default;
    const { AdvisoryFrontmatter } = await import('../src/advisory/schema.ts');
    const md = unified().use(remarkParse);
    for (const f of files) {
      const { fm, body } = split(readFileSync(f, 'utf8'));
      const doc = parseDocument(fm, { lineCounter: new LineCounter(), schema: 'core' });
      sink += AdvisoryFrontmatter.safeParse(doc.toJS()).success ? 1 : 0;
      sink += md.parse(body).children.length;
    }
  } else if (name === 'validate-1-thread') {
    const { validateFiles } = await import('../src/advisory/validate.ts');
    const { loadConfig } = await import('../src/config/load.ts');
    const r = await validateFiles(files, { config: await loadConfig(dir), now: new Date(NOW), parallelFrom: Infinity });
    if (r.findings.length) throw new Error(`unexpected findings: ${r.findings.length}`);
    sink = r.files;
  } else throw new Error(`unknown floor ${name}`);
  process.stdout.write(`${sink}\n`);
  process.exit(0);
}

// ---- advisories from real ones -------------------------------------------------------------------
// The bodies are real: every record under test/fixtures/real/ (RustSec, GitHub, OSV, CVE) is
// imported with `npm run import`'s code, and the 10,000 files are copies of those advisories, each
// with its own id, CVE and GHSA ids (so no cross-file rule fires) and one sentence of its own at
// the end (so no two bodies are equal and a cache cannot answer for a body it has not seen).
const { fastBodyFacts } = await import('../src/advisory/rules/body-facts.ts');
const { importSources } = await import('../src/import/run.ts');
const { expandSources } = await import('../src/import/read.ts');
const { loadConfig } = await import('../src/config/load.ts');

const GHSA_ALPHABET = '23456789cfghjmpqrvwx';
const ghsaOf = (n: number) => {
  const chars: string[] = [];
  for (let k = 0; k < 12; k++) {
    chars.push(GHSA_ALPHABET[n % 20]);
    n = Math.floor(n / 20);
  }
  return `GHSA-${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
};

async function realAdvisories(): Promise<string[]> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'disclose-bench-import-'));
  copyFileSync(path.join(REPO, 'disclose.config.yaml'), path.join(tmp, 'disclose.config.yaml'));
  const sources = await expandSources([path.join(REPO, 'test/fixtures/real')]);
  const outcomes = await importSources(sources, { root: tmp, config: await loadConfig(tmp), now: new Date(NOW), missingSeverity: 'medium' });
  const texts = outcomes.flatMap((o) => (o.status === 'imported' ? [readFileSync(o.file, 'utf8')] : []));
  rmSync(tmp, { recursive: true, force: true });
  return texts;
}

/** Copy number i of a real advisory: new id, CVE and GHSA ids; optionally one warning (links-missing). */
function copyOf(text: string, i: number, finding: boolean): { id: string; text: string } {
  const year = 2016 + (i % 10);
  const id = `RSEC-${year}-${String(Math.floor(i / 10) + 1).padStart(4, '0')}`;
  let cveN = 0;
  let out = text
    .replace(/^id: .*$/m, `id: ${id}`)
    .replace(/^( {2}- )CVE-\d{4}-\d+$/gm, (_m, lead: string) => `${lead}CVE-${year}-${100000 + i * 4 + cveN++}`)
    .replace(/^ghsa: .*$/m, `ghsa: ${ghsaOf(i)}`)
    .replace(/^embargo: "\d{4}/m, `embargo: "${year}`)
    .replace(/^(\s*- at: )"\d{4}/gm, `$1"${year}`);
  // A channel without its link: the `links-missing` warning, located in the frontmatter.
  if (finding) out = out.replace(/^channels:( \[\])?$/m, 'channels:\n  - forum');
  return { id, text: `${out.trimEnd()}\n\nThis copy is number ${i} of the benchmark.\n` };
}

// ---- run ----------------------------------------------------------------------------------------
const real = await realAdvisories();
const { mkdirSync } = await import('node:fs');
function makeRepo(finding: boolean): string {
  const d = mkdtempSync(path.join(os.tmpdir(), `disclose-bench-validate${finding ? '-finding' : ''}-`));
  copyFileSync(path.join(REPO, 'disclose.config.yaml'), path.join(d, 'disclose.config.yaml'));
  mkdirSync(path.join(d, 'advisories'));
  for (let i = 0; i < COUNT; i++) {
    const a = copyOf(real[i % real.length], i, finding);
    writeFileSync(path.join(d, 'advisories', `${a.id}.md`), a.text);
  }
  return d;
}
const dir = makeRepo(false);
const findingDir = makeRepo(true);
let bytes = 0;
let fast = 0;
for (const n of readdirSync(path.join(dir, 'advisories'))) {
  const t = readFileSync(path.join(dir, 'advisories', n), 'utf8');
  bytes += Buffer.byteLength(t);
  if (fastBodyFacts(t.slice(t.indexOf('\n---\n', 4) + 5))) fast++;
}

// BENCH_VALIDATE_GENERATE_ONLY=1 leaves the generated folder in place (for profiling) and stops.
if (process.env.BENCH_VALIDATE_GENERATE_ONLY) {
  process.stdout.write(`${dir}\n`);
  process.exit(0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Measured {
  name: string;
  command: string;
  median: number;
  cpu: number;
  rssMb: number;
  runs: number[];
}

interface Variant {
  name: string;
  args: string[];
  check: (stdout: string) => void;
  /** The repository it runs in (default: the clean one). */
  cwd?: string;
}

/** One run under /usr/bin/time (for CPU time and peak RSS), checked for success. */
function runOnce(v: Variant): { wall: number; cpu: number; rssMb: number } {
  const t = performance.now();
  const p = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M cpu_s=%U+%S', process.execPath, ...v.args], { cwd: v.cwd ?? dir, env: { ...process.env, DISCLOSE_NOW: NOW }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = (performance.now() - t) / 1000;
  if (p.status !== 0) throw new Error(`${v.name} failed (${p.status}) in ${dir}:\n${p.stdout.slice(0, 3000)}\n${p.stderr.slice(-2000)}`);
  v.check(p.stdout);
  const cpu = /cpu_s=([\d.]+)\+([\d.]+)/.exec(p.stderr);
  process.stderr.write(`${v.name}: ${wall.toFixed(2)} s\n`);
  return { wall, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN, rssMb: Number(/maxrss_kb=(\d+)/.exec(p.stderr)?.[1] ?? 0) / 1024 };
}

/**
 * Runs every variant once per round, ROUNDS rounds: on a machine shared with other work the load
 * changes over minutes, and interleaving gives every variant the same conditions.
 */
function measureAll(variants: Variant[], rounds: number): Measured[] {
  const samples = variants.map(() => [] as { wall: number; cpu: number; rssMb: number }[]);
  for (let r = 0; r < rounds; r++) variants.forEach((v, i) => samples[i].push(runOnce(v)));
  return variants.map((v, i) => {
    const shown = v.args.map((a) => (a.startsWith(dir) ? a.replace(dir, '<tmp>') : a.startsWith(REPO) ? path.relative(REPO, a) : a)).join(' ');
    const runs = samples[i].map((x) => x.wall);
    return { name: v.name, command: `cd <tmp> && node ${shown}`, median: median(runs), cpu: median(samples[i].map((x) => x.cpu)), rssMb: Math.max(...samples[i].map((x) => x.rssMb)), runs };
  });
}

const floor = (name: string, d = dir): Variant => ({ name, args: [SELF, '--floor', name, d], check: () => {}, cwd: d });
const passes = (out: string) => {
  if (out.trim() !== `${COUNT} files, 0 errors, 0 warnings`) throw new Error(`validate did not pass the copies of real advisories:\n${out.slice(-3000)}`);
};
const warnsOnce = (out: string) => {
  if (!out.trim().endsWith(`${COUNT} files, 0 errors, ${COUNT} warnings`)) throw new Error(`expected one warning per file:\n${out.slice(-3000)}`);
};
const command = path.join(REPO, 'scripts/validate.ts');
// Cold: no cache (every body the fast path declines goes to the parser, every vector is scored), as
// on a fresh CI clone. Warm: a run filled .disclose/cache/ before. The cold runs pass --no-cache,
// so they neither use nor disturb the warm cache.
runOnce({ name: '(priming the cache)', args: [command], check: passes });
runOnce({ name: '(priming the cache, one finding per file)', args: [command], check: warnsOnce, cwd: findingDir });
const results = measureAll(
  [
    floor('read'),
    floor('js-yaml'),
    { name: 'validate, cold', args: [command, '--no-cache'], check: passes },
    { name: 'validate, warm', args: [command], check: passes },
    { name: 'validate, one finding per file, cold', args: [command, '--no-cache'], check: warnsOnce, cwd: findingDir },
    { name: 'validate, one finding per file, warm', args: [command], check: warnsOnce, cwd: findingDir },
    floor('naive'),
  ],
  Number(process.env.BENCH_VALIDATE_ROUNDS ?? 3),
);
rmSync(dir, { recursive: true, force: true });
rmSync(findingDir, { recursive: true, force: true });

const byName = (n: string) => results.find((r) => r.name === n)!;
const cold = byName('validate, cold');
const warm = byName('validate, warm');
const coldF = byName('validate, one finding per file, cold');
const warmF = byName('validate, one finding per file, warm');
const floorJs = byName('js-yaml');
const naive = byName('naive');
const s = (x: number) => `${x.toFixed(2)} s`;
const r = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const load = os.loadavg()[0].toFixed(1);
const section = `## Validation (src/advisory/validate.ts)

Command: \`node bench/validate.bench.ts\` (also run by \`npm run bench\`). ${COUNT.toLocaleString('en')} advisories made from the
${real.length} real records under \`test/fixtures/real/\` (RustSec, GitHub advisory database, OSV, CVE; imported with
\`npm run import\`'s code), each copy with its own id, CVE and GHSA ids and one sentence of its own, so the bodies are the
real ones (reference links, lists, code blocks, quotes, bare URLs) and no two are equal. ${(bytes / COUNT / 1024).toFixed(1)} KB per file on
average. "One finding per file": the same files with a public channel that has no link (\`links-missing\`, a warning
located in the frontmatter). Each row is a fresh \`node\` process (startup and module loading included), median of
${cold.runs.length} runs, the variants interleaved round by round; CPU time is user + system of the whole process.
${((fast / COUNT) * 100).toFixed(1)} % of the bodies take the Markdown fast path (rules/body-facts.ts).

| what | median wall time | × floor (read + js-yaml) | CPU time (median) | peak RSS | runs (wall) |
|---|---|---|---|---|---|
${results.map((x) => `| ${x.name} | ${s(x.median)} | ${r(x.median, floorJs.median)} | ${s(x.cpu)} | ${x.rssMb.toFixed(0)} MB | ${x.runs.map((y) => y.toFixed(2)).join(', ')} |`).join('\n')}

- Floor: \`read\` lists and reads every file; \`js-yaml\` reads, splits and parses every frontmatter (js-yaml, core
  schema), one thread: the least any validator does. Naive: \`yaml\` with positions + zod + remark on every body.
- **Cold, clean: ${r(cold.median, floorJs.median)} the floor** (target ≤ 3×); warm: ${r(warm.median, floorJs.median)}.
- **One finding in every file, cold: ${r(coldF.median, cold.median)} clean** (target ≤ 1.3×); warm: ${r(warmF.median, warm.median)} clean.
- Against the naive pipeline: cold ${r(naive.median, cold.median)} faster in wall time, ${r(naive.cpu, cold.cpu)} in CPU time.
- Machine: ${os.availableParallelism()} × ${cpu}, Node ${process.version}; 1-minute load average at the end: ${load}
  (shared with other work; absolute times vary with it, the ratios less).
`;

process.stdout.write(`${section}\n`);
const out = path.join(REPO, 'docs/benchmarks/validate.md');
const tmp = `${out}.${process.pid}.tmp`;
await writeFile(tmp, section);
await rename(tmp, out);

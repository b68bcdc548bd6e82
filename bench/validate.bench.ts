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

// ---- generating realistic, varied, valid advisories ---------------------------------------------
const { scoreCvss } = await import('../src/advisory/cvss.ts');
const { fastBodyFacts } = await import('../src/advisory/rules/body-facts.ts');

const { prng } = await import('../test/support/prng.ts');
const rand = prng(7);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

// Varied vectors (as in a real archive, few advisories share one), so that no cache makes the
// CVSS work look cheaper than it is.
const M31: [string, string[]][] = [['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['PR', ['N', 'L', 'H']], ['UI', ['N', 'R']], ['S', ['U', 'C']], ['C', ['N', 'L', 'H']], ['I', ['N', 'L', 'H']], ['A', ['N', 'L', 'H']]];
const M40: [string, string[]][] = [['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['AT', ['N', 'P']], ['PR', ['N', 'L', 'H']], ['UI', ['N', 'P', 'A']], ['VC', ['H', 'L', 'N']], ['VI', ['H', 'L', 'N']], ['VA', ['H', 'L', 'N']], ['SC', ['H', 'L', 'N']], ['SI', ['H', 'L', 'N']], ['SA', ['H', 'L', 'N']]];
function randomVector(): { v: string; band: string } {
  const [prefix, metrics] = rand() < 0.8 ? ['CVSS:3.1', M31] : ['CVSS:4.0', M40];
  for (;;) {
    const v = `${prefix}/${metrics.map(([k, vals]) => `${k}:${pick(vals)}`).join('/')}`;
    const { band } = scoreCvss(v);
    if (band !== 'none') return { v, band };
  }
}
const CRATES = ['rivet-regex', 'rivet-pkg', 'rivet-doc', 'rivet-http', 'rivet-zip', 'rivet-tls', 'rivet-json', 'rivet-fmt', 'rivet-std', 'rivet-async'];
const WORDS = 'the parser a crafted input could make process stack overflow when decoding untrusted archives memory limit attacker request header path traversal permissions cache buffer length check was missing allowing read beyond end of slice'.split(' ');
const CWE = ['CWE-20', 'CWE-22', 'CWE-78', 'CWE-125', 'CWE-400', 'CWE-674', 'CWE-770', 'CWE-862', 'CWE-1333'];
const GHSA_ALPHABET = '23456789cfghjmpqrvwx';
const NAMES = ['Ada Park', 'Lena Vogt', 'Ryotaro Ikeda', 'Sam Whitfield', 'Marek Dvořák', 'Chioma Eze', 'Tomás Ruiz', 'Ines Haddad'];
const ghsas = new Set<string>();

function sentence(code = true): string {
  const n = 8 + int(14);
  const words = Array.from({ length: n }, () => pick(WORDS));
  if (code && rand() < 0.4) words[int(n)] = `\`${pick(CRATES)}::${pick(['Regex::new', 'Archive::unpack', 'Client::get', 'fmt::write'])}\``;
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}
const paragraph = (k: number) => {
  const lines: string[] = [];
  let line = '';
  for (const w of Array.from({ length: k }, sentence).join(' ').split(' ')) {
    if (line && line.length + w.length > 95) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  return [...lines, line].join('\n');
};
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const DAY = 86_400_000;
/** A Tuesday to Thursday at 15:00 or 17:00 UTC (16:00 / 18:00 in Berlin), on or after `ms`. */
function workingDay(ms: number): number {
  const d = new Date(ms);
  d.setUTCHours(pick([15, 17]), 0, 0, 0);
  while (![2, 3, 4].includes(d.getUTCDay())) d.setUTCDate(d.getUTCDate() + 1);
  return d.getTime();
}

function advisory(i: number): { id: string; text: string } {
  const year = 2017 + (i % 10);
  const id = `RSEC-${year}-${String(Math.floor(i / 10) + 1).padStart(4, '0')}`;
  const status = year === 2026 && i % 5 === 0 ? 'embargoed' : i % 23 === 0 ? 'draft' : 'published';
  const vec = randomVector();
  const rated = vec.band;
  const severity = rand() < 0.1 ? pick(['low', 'medium', 'high', 'critical'] as const) : rated;
  const cves = Array.from({ length: rand() < 0.2 ? 2 : 1 }, (_, k) => `CVE-${year}-${20000 + i * 2 + k}`);
  const crate = pick(CRATES);
  const fixed = `${1 + int(3)}.${int(40)}.${1 + int(9)}`;
  let embargo: number;
  if (status === 'embargoed') embargo = workingDay(Date.parse('2026-12-01T00:00:00Z') + int(9) * DAY);
  else if (year === 2026) embargo = workingDay(Date.parse('2026-01-05T00:00:00Z') + int(300) * DAY);
  else embargo = workingDay(Date.parse(`${year}-01-05T00:00:00Z`) + int(340) * DAY);
  const publicChannels = ['announce', ...['blog', 'forum', 'ghsa', 'oss-security'].filter(() => rand() < 0.7)];
  const distros = severity !== 'low' && (status === 'embargoed' || rand() < 0.6);
  const notified = status === 'embargoed' ? Date.parse('2026-11-28T10:00:00Z') : embargo - (3 + int(10)) * DAY;
  const fm: string[] = [
    `id: ${id}`,
    `title: ${pick(['Denial of service', 'Path traversal', 'Memory exhaustion', 'Incorrect permissions', 'Header injection'])} in ${crate} when handling ${pick(['archives', 'patterns', 'requests', 'documents'])}`,
    `summary: ${sentence(false).slice(0, 200)}`,
    `status: ${status}`,
  ];
  if (status !== 'draft') {
    fm.push(`severity: ${severity}`);
    if (severity !== rated) fm.push(`severity_rationale: ${sentence(false)}`);
    fm.push(`cvss:\n  - ${vec.v}`, `cve:\n${cves.map((c) => `  - ${c}`).join('\n')}`);
    let ghsa = '';
    if (status === 'published' && publicChannels.includes('ghsa')) {
      do ghsa = `GHSA-${Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => pick([...GHSA_ALPHABET])).join('')).join('-')}`;
      while (ghsas.has(ghsa));
      ghsas.add(ghsa);
      fm.push(`ghsa: ${ghsa}`);
    }
    fm.push(`cwe:\n  - ${pick(CWE)}`, `embargo: "${iso(embargo)}"`, `channels: [${[...publicChannels, ...(distros ? ['distros'] : [])].join(', ')}]`);
    if (distros) fm.push(`distros:\n  notified: "${iso(notified)}"`);
    else if (severity !== 'low' && status === 'embargoed') fm.push('distros:\n  skip: Fix already public in the repository.');
    fm.push(
      `affected:\n  - package: ${crate}\n    ecosystem: crates.io\n    ranges:\n      - introduced: "${rand() < 0.3 ? '0' : '0.9.0'}"\n        fixed: "${fixed}"` +
        (rand() < 0.2 ? `\n    platforms: [${pick(['windows', 'unix', 'macos'])}]` : '') +
        (rand() < 0.4 ? `\n    functions:\n      - ${crate.replace('-', '_')}::decode` : ''),
    );
    const who = pick(NAMES);
    fm.push(`credits:\n  - name: ${who}\n    role: ${pick(['reporter', 'finder'])}\n  - name: ${pick(NAMES)}\n    role: remediation_developer\n    org: Rivet Project`);
    const reported = embargo - (20 + int(30)) * DAY;
    fm.push(
      `timeline:\n  - at: "${iso(reported)}"\n    event: Issue reported to the Rivet Security Response team.\n  - at: "${iso(reported + DAY)}"\n    event: Report acknowledged.\n  - at: "${iso(embargo)}"\n    event: Public disclosure.` +
        (status === 'embargoed' ? '\n    planned: true' : ''),
    );
    fm.push(`references:\n  - url: https://github.com/rivet-lang/${crate}/commit/${(i * 7919).toString(16).padStart(12, 'a')}\n    type: FIX`);
    if (status === 'published') {
      fm.push(`links:\n${publicChannels.map((c) => `  ${c}: https://${c}.rivet-lang.org/${id.toLowerCase()}`).join('\n')}`);
      if (rand() < 0.2) fm.push(`updates:\n  - at: "${iso(embargo + 2 * DAY)}"\n    note: ${sentence(false)}`);
    }
  }
  fm.push(`private:\n  reporter_contact: reporter-${i}@example.net\n  triage_notes: Reproduced in ${int(60)} minutes; report ${i}.`);

  const refs = 1 + int(3);
  const overview = cves.length > 1 && status !== 'draft'
    ? cves.map((c, k) => `## ${c}: ${pick(['stack overflow', 'unbounded allocation', 'missing check'])}\n\n${paragraph(2)}${k === 0 ? ' See the fix [1].' : ''}\n`).join('\n')
    : `## Overview\n\n${paragraph(3)} See the fix [1].\n`;
  // 5 % have an autolink (the fast path reads those); 3 % compare versions with a bare `<`, which
  // only the Markdown parser may judge, so the slow path stays measured.
  const draw = rand();
  const autolink = draw < 0.05 ? ` The advisory database has details at <https://db.rivet-lang.org/${id}>.` : draw < 0.08 ? ' Releases < 0.9.0 are not affected.' : '';
  const mitigation = rand() < 0.1
    ? `Update to \`${crate}\` ${fixed}. If you cannot update, set a limit:\n\n\`\`\`toml\n[limits]\ndepth = 250\n\`\`\`\n`
    : rand() < 0.2
      ? `Update to \`${crate}\` ${fixed}. If you cannot update:\n\n- limit the size of untrusted input;\n- run the parser on a thread with a large stack.\n`
      : `Update to \`${crate}\` ${fixed}. ${paragraph(1)}${autolink}\n`;
  const body = [
    `The Rivet Security Response team was notified that \`${crate}\` ${paragraph(2)}`,
    '',
    `The severity of this vulnerability is **${severity}**. ${cves.length > 1 ? `They have been assigned ${cves.join(' and ')}.` : `This issue has been assigned ${cves[0]}.`}`,
    '',
    overview,
    '## Affected Versions',
    '',
    `All versions of \`${crate}\` before ${fixed} are affected.${refs > 2 ? ' See the changelog [3].' : ''}`,
    '',
    '## Mitigations',
    '',
    mitigation,
    '## Acknowledgments',
    '',
    `We want to thank the reporter for following the Rivet security policy [${refs > 1 ? 2 : 1}].`,
    '',
    ...Array.from({ length: refs }, (_, k) => `[${k + 1}]: https://rivet-lang.org/${['commit', 'policies/security', 'changelog'][k]}/${i}`),
    '',
  ].join('\n');
  return { id, text: `---\n${fm.join('\n')}\n---\n${body}` };
}

// ---- run ----------------------------------------------------------------------------------------
const dir = mkdtempSync(path.join(os.tmpdir(), 'disclose-bench-validate-'));
copyFileSync(path.join(REPO, 'disclose.config.yaml'), path.join(dir, 'disclose.config.yaml'));
const { mkdirSync } = await import('node:fs');
mkdirSync(path.join(dir, 'advisories'));
let bytes = 0;
let fast = 0;
for (let i = 0; i < COUNT; i++) {
  const a = advisory(i);
  bytes += Buffer.byteLength(a.text);
  if (fastBodyFacts(a.text.slice(a.text.indexOf('\n---\n', 4) + 5))) fast++;
  writeFileSync(path.join(dir, 'advisories', `${a.id}.md`), a.text);
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
}

/** One run under /usr/bin/time (for CPU time and peak RSS), checked for success. */
function runOnce(v: Variant): { wall: number; cpu: number; rssMb: number } {
  const t = performance.now();
  const p = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M cpu_s=%U+%S', process.execPath, ...v.args], { cwd: dir, env: { ...process.env, DISCLOSE_NOW: NOW }, encoding: 'utf8', maxBuffer: 64 << 20 });
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

const floor = (name: string): Variant => ({ name, args: [SELF, '--floor', name, dir], check: () => {} });
const passes = (out: string) => {
  if (out.trim() !== `${COUNT} files, 0 errors, 0 warnings`) throw new Error(`validate did not pass the generated files:\n${out.slice(-3000)}`);
};
const command = path.join(REPO, 'scripts/validate.ts');
// Cold: no cache (every body the fast path declines goes to the parser, every vector is scored).
// Warm: a run filled .disclose/cache/ before; the YAML, schema and rule work is the same in both.
// The cold runs pass --no-cache, so they neither use nor disturb the warm cache.
runOnce({ name: '(priming the cache)', args: [command], check: passes });
const results = measureAll(
  [
    floor('read'),
    floor('js-yaml'),
    { name: 'validate (the command), cold', args: [command, '--no-cache'], check: passes },
    { name: 'validate (the command), warm cache', args: [command], check: passes },
    floor('validate-1-thread'),
    floor('naive'),
  ],
  3,
);
rmSync(dir, { recursive: true, force: true });

const byName = (n: string) => results.find((r) => r.name === n)!;
const validate = byName('validate (the command), cold');
const warm = byName('validate (the command), warm cache');
const naive = byName('naive');
const s = (x: number) => `${x.toFixed(2)} s`;
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const load = os.loadavg()[0].toFixed(1);
const section = `## Validation (src/advisory/validate.ts)

Command: \`node bench/validate.bench.ts\` (also run by \`npm run bench\`). ${COUNT.toLocaleString('en')} generated advisories
(${(bytes / COUNT / 1024).toFixed(1)} KB on average; published, embargoed and draft; one or two CVEs; random CVSS 3.1/4.0
vectors; 10 % with a fenced code block, 20 % with lists, 5 % with an autolink, 3 % with a bare \`<\`), all valid, in a temporary folder. Each row is a fresh \`node\` process (startup and
module loading included), median of ${validate.runs.length} runs, the variants interleaved round by round; CPU time
is user + system of the whole process (both threads); peak memory is the process's max RSS.
${((fast / COUNT) * 100).toFixed(1)} % of the bodies take the Markdown fast path (rules/body-facts.ts); the others (a bare \`<\`) are parsed by remark.

| what | median wall time | × validate | CPU time (user+sys, median) | peak RSS | runs (wall) |
|---|---|---|---|---|---|
${results.map((r) => `| ${r.name} | ${s(r.median)} | ${(r.median / validate.median).toFixed(2)} | ${s(r.cpu)} | ${r.rssMb.toFixed(0)} MB | ${r.runs.map((x) => x.toFixed(2)).join(', ')} |`).join('\n')}

- \`validate\` (cold) is \`${validate.command}\`: ${s(validate.median)} for ${COUNT.toLocaleString('en')} files (target < 3 s); against the naive
  pipeline **${(naive.median / validate.median).toFixed(1)}× in wall time, ${(naive.cpu / validate.cpu).toFixed(1)}× in CPU time** (target ≥ 5×).
- Warm (validation cache of body facts and CVSS scores filled by an earlier run): ${s(warm.median)};
  **${(naive.median / warm.median).toFixed(1)}× in wall time, ${(naive.cpu / warm.cpu).toFixed(1)}× in CPU time**.
- The command's own start-up (Node, module loading, config) is included; Node's compile cache is warm after the first run.
- Floors: reading only ${s(byName('read').median)}; reading + js-yaml ${s(byName('js-yaml').median)}; the validator on one thread ${s(byName('validate-1-thread').median)}.
- Naive pipeline: \`yaml\` parseDocument with positions for every node + zod + remark on every body, one thread.
- Machine: ${os.availableParallelism()} × ${cpu}, Node ${process.version}; 1-minute load average at the end of the run: ${load}
  (the machine is shared with other work; absolute times vary with it, the ratios less).
`;

process.stdout.write(`${section}\n`);
const out = path.join(REPO, 'docs/benchmarks/validate.md');
const tmp = `${out}.${process.pid}.tmp`;
await writeFile(tmp, section);
await rename(tmp, out);

// Benchmark: the site build (`npm run build`: our loader, archive pages, filter pages, feed, OSV
// records, runbook, then the Pagefind index) on 2,000 generated public advisories, against a bare
// Astro project that builds the same Markdown files with a plain glob collection and one page
// each. Both builds are cold (fresh output and cache folders), alternated, in one run.
// Target: our build ≤ 1.3× the bare build. Run: node bench/site.bench.ts [--count N] [--runs N]
// Prints a Markdown section and writes it to docs/benchmarks/site.md.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { count: { type: 'string', default: '2000' }, runs: { type: 'string', default: '2' } } });
const COUNT = Number(values.count);
const RUNS = Number(values.runs);
const NOW = '2026-11-29T00:00:00Z';
const SEVERITIES = ['low', 'medium', 'high', 'critical'];

function advisory(i: number): string {
  const n = String(i + 1).padStart(4, '0');
  const pkg = `rivet-pkg-${String(i % 100).padStart(2, '0')}`;
  const embargo = new Date(Date.parse('2024-01-01T15:00:00Z') + i * 3 * 3600_000).toISOString().replace('.000Z', 'Z');
  const cve = `CVE-2025-${10000 + i}`;
  return `---
id: RSEC-2025-${n}
title: Generated advisory ${n} for ${pkg}
summary: A generated vulnerability in ${pkg} number ${n}, for the site benchmark.
status: published
severity: ${SEVERITIES[i % 4]}
severity_rationale: Generated; the rating is arbitrary.
cvss:
  - CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H
cve:
  - ${cve}
cwe:
  - CWE-674
embargo: "${embargo}"
channels: [announce, blog, forum]
distros:
  skip: Generated advisory.
affected:
  - package: ${pkg}
    ecosystem: crates.io
    ranges:
      - introduced: "0"
        fixed: "1.${i}.1"
credits:
  - name: Generated Reporter ${n}
    role: reporter
links:
  announce: https://lists.example.org/announce/RSEC-2025-${n}
  blog: https://blog.example.org/rsec-2025-${n}/
  forum: https://forum.example.org/t/rsec-2025-${n}/${i}
---
The Rivet Security Response team was notified of an issue in \`${pkg}\`. An attacker who can supply
input to a program using \`${pkg}\` can make it crash with a stack overflow, or make matching take
time exponential in the length of the input.

The severity of this vulnerability is **${SEVERITIES[i % 4]}**. It has been assigned ${cve}.

## Overview

The parser of \`${pkg}\` used recursion for nested groups without a depth limit. A pattern of a
few tens of kilobytes of nested parentheses overflows the stack of the thread that calls
\`Parser::new\`, which aborts the whole process. Version 1.${i}.1 parses with an explicit stack.

## Affected Versions

All versions of \`${pkg}\` before 1.${i}.1 are affected.

## Mitigations

Update to \`${pkg}\` 1.${i}.1. If you cannot update, limit the length of untrusted input.

## Acknowledgments

We want to thank Generated Reporter ${n} for reporting this issue following the security policy [1].

[1]: https://rivet-lang.org/policies/security
`;
}

const BARE_CONFIG = `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
export const collections = {
  advisories: defineCollection({ loader: glob({ pattern: '*.md', base: process.env.BENCH_ADVISORIES }) }),
};
`;
const BARE_INDEX = `---
import { getCollection } from 'astro:content';
const entries = await getCollection('advisories');
---
<html lang="en"><head><title>Advisories</title></head><body><main><h1>Advisories</h1><ul>
{entries.map((e) => <li><a href={\`/advisories/\${e.id}/\`}>{e.data.title}</a></li>)}
</ul></main></body></html>
`;
const BARE_PAGE = `---
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  return (await getCollection('advisories')).map((entry) => ({ params: { id: entry.id }, props: { entry } }));
}
const { entry } = Astro.props;
const { Content } = await render(entry);
---
<html lang="en"><head><title>{entry.data.title}</title></head><body><main><h1>{entry.data.title}</h1><Content /></main></body></html>
`;

interface Sample {
  ms: number;
  /** User + system CPU time of the whole process and its children (Pagefind), from /usr/bin/time. */
  cpuMs: number;
  maxRssMb: number;
  detail?: { astroMs: number; astroCpuMs: number; searchMs: number; htmlPages: number; publicAdvisories: number };
}

/** Runs a command under /usr/bin/time to get its peak memory, and times it. */
async function measure(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; cpuMs: number; maxRssMb: number; stdout: string }> {
  const t = performance.now();
  const { stdout, stderr } = await run('/usr/bin/time', ['-f', 'MAXRSS=%M CPU=%U+%S', cmd, ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t;
  const rss = Number(/MAXRSS=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024;
  const cpu = /CPU=([\d.]+)\+([\d.]+)/.exec(stderr);
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, maxRssMb: rss, stdout };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const loadStart = os.loadavg()[0].toFixed(1);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'disclose-site-bench-'));
try {
  const advisories = path.join(tmp, 'advisories');
  await mkdir(advisories);
  for (let i = 0; i < COUNT; i++) await writeFile(path.join(advisories, `RSEC-2025-${String(i + 1).padStart(4, '0')}.md`), advisory(i));

  const bare = path.join(tmp, 'bare');
  await mkdir(path.join(bare, 'src/pages/advisories'), { recursive: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(bare, 'node_modules'));
  await writeFile(path.join(bare, 'package.json'), '{ "name": "bare-astro", "private": true, "type": "module" }\n');
  await writeFile(path.join(bare, 'astro.config.mjs'), "import { defineConfig } from 'astro/config';\nexport default defineConfig({});\n");
  await writeFile(path.join(bare, 'src/content.config.ts'), BARE_CONFIG);
  await writeFile(path.join(bare, 'src/pages/index.astro'), BARE_INDEX);
  await writeFile(path.join(bare, 'src/pages/advisories/[id].astro'), BARE_PAGE);
  // Timed the same way as ours (scripts/build-site.ts times Astro's build() from inside).
  await writeFile(
    path.join(bare, 'build-bare.mjs'),
    `import { build } from 'astro';
const t = performance.now();
const c = process.cpuUsage();
await build({ root: process.cwd(), outDir: process.argv[2], cacheDir: process.argv[3], logLevel: 'silent' });
const cpu = process.cpuUsage(c);
process.stdout.write(JSON.stringify({ astroMs: Math.round(performance.now() - t), astroCpuMs: Math.round((cpu.user + cpu.system) / 1000) }) + '\\n');
`,
  );

  // Inside the repository, so Astro's prerender bundle sits in the output folder and finds
  // node_modules (see src/site/build.ts).
  const oursDir = path.join(ROOT, '.disclose', 'site-builds', `bench-${process.pid}`);
  const node = process.execPath;
  const ours: Sample[] = [];
  const base: Sample[] = [];
  // Run 0 of each is a warm-up, not counted: the first build after another project's pays for
  // Vite's dependency scan and a cold file cache, whichever project it is.
  for (let r = 0; r <= RUNS; r++) {
    process.stderr.write(`run ${r}/${RUNS}${r === 0 ? ' (warm-up)' : ''}: bare Astro…\n`);
    const b = await measure(node, ['build-bare.mjs', path.join(bare, `dist-${r}`), path.join(tmp, `bare-cache-${r}`)], bare, {
      ...process.env,
      BENCH_ADVISORIES: advisories,
      ASTRO_TELEMETRY_DISABLED: '1',
    });
    const bareDetail = JSON.parse(b.stdout) as { astroMs: number; astroCpuMs: number };
    if (r > 0) base.push({ ms: b.ms, cpuMs: b.cpuMs, maxRssMb: b.maxRssMb, detail: { ...bareDetail, searchMs: 0, htmlPages: 0, publicAdvisories: COUNT } });
    process.stderr.write(`  ${sec(b.ms)} (astro ${sec(bareDetail.astroMs)})\nrun ${r}/${RUNS}: disclose site…\n`);
    const o = await measure(
      node,
      ['scripts/build-site.ts', '--json', '--advisories', advisories, '--out', path.join(oursDir, `out-${r}`), '--cache-dir', path.join(oursDir, `cache-${r}`)],
      ROOT,
      { ...process.env, DISCLOSE_NOW: NOW, ASTRO_TELEMETRY_DISABLED: '1' },
    );
    const detail = JSON.parse(o.stdout);
    if (detail.publicAdvisories !== COUNT) throw new Error(`the site took ${detail.publicAdvisories} advisories, expected ${COUNT}`);
    if (r > 0) ours.push({ ms: o.ms, cpuMs: o.cpuMs, maxRssMb: o.maxRssMb, detail });
    process.stderr.write(`  ${sec(o.ms)} (astro ${sec(detail.astroMs)}, search index ${sec(detail.searchMs)})\n`);
  }

  const bareMs = median(base.map((s) => s.ms));
  const bareAstroMs = median(base.map((s) => s.detail!.astroMs));
  const bareAstroCpu = median(base.map((s) => s.detail!.astroCpuMs));
  const oursMs = median(ours.map((s) => s.ms));
  const oursAstroMs = median(ours.map((s) => s.detail!.astroMs));
  const oursAstroCpu = median(ours.map((s) => s.detail!.astroCpuMs));
  const searchMs = median(ours.map((s) => s.detail!.searchMs));
  const ratio = oursMs / bareMs;
  const astroRatio = oursAstroMs / bareAstroMs;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const section = `## Site build (${COUNT} advisories)

Command: \`node bench/site.bench.ts --count ${COUNT} --runs ${RUNS}\` (fresh output and cache folders for every build; bare and ours alternated in one run, after one uncounted warm-up build of each)

| build | wall, median | wall, runs | CPU, median | peak RSS |
|---|---|---|---|---|
| bare Astro, whole process (glob collection, index + one page per advisory) | ${sec(bareMs)} | ${base.map((s) => sec(s.ms)).join(', ')} | ${sec(median(base.map((s) => s.cpuMs)))} | ${Math.max(...base.map((s) => s.maxRssMb)).toFixed(0)} MB |
| of which Astro's \`build()\` | ${sec(bareAstroMs)} | ${base.map((s) => sec(s.detail!.astroMs)).join(', ')} | ${sec(bareAstroCpu)} | |
| disclose \`npm run build\`, whole process (incl. search index) | ${sec(oursMs)} | ${ours.map((s) => sec(s.ms)).join(', ')} | ${sec(median(ours.map((s) => s.cpuMs)))} | ${Math.max(...ours.map((s) => s.maxRssMb)).toFixed(0)} MB |
| of which Astro's \`build()\` | ${sec(oursAstroMs)} | ${ours.map((s) => sec(s.detail!.astroMs)).join(', ')} | ${sec(oursAstroCpu)} | |
| of which the Pagefind index and OSV records (side by side) | ${sec(searchMs)} | ${ours.map((s) => sec(s.detail!.searchMs)).join(', ')} | | |

CPU is user + system time (for the whole process including Pagefind's own process, from
\`/usr/bin/time\`; for \`build()\`, \`process.cpuUsage()\` around it). On a shared machine it is
steadier than wall time, which waits for other people's work.

- **Astro build, ours / bare: ${astroRatio.toFixed(2)}× wall, ${(oursAstroCpu / bareAstroCpu).toFixed(2)}× CPU** (target ≤ 1.3×: ${astroRatio <= 1.3 ? 'met' : 'NOT met'} on wall time, ${oursAstroCpu / bareAstroCpu <= 1.3 ? 'met' : 'NOT met'} on CPU). Same Markdown, same Astro, timed the same way.
- **Whole command, \`npm run build\` / bare \`astro build\`: ${ratio.toFixed(2)}× wall, ${(median(ours.map((s) => s.cpuMs)) / median(base.map((s) => s.cpuMs))).toFixed(2)}× CPU** (${ratio <= 1.3 ? 'within' : 'over'} 1.3×); the difference is mostly the full-text search index, which the bare project does not build, and the OSV records.
- Our build renders pages 4 at a time (Astro's \`build.concurrency\`, set by \`src/site/build.ts\`); the bare project keeps Astro's default of 1.
- Our build writes ${ours[0].detail!.htmlPages} HTML pages (advisory pages, severity and package filter pages, runbook) plus ${COUNT} OSV records and the feed; the bare build writes ${COUNT + 1}.
- Ratios of each bare/ours pair (built back to back, so under similar load): Astro ${base.map((b, i) => (ours[i].detail!.astroMs / b.detail!.astroMs).toFixed(2) + '×').join(', ')}; whole command ${base.map((b, i) => (ours[i].ms / b.ms).toFixed(2) + '×').join(', ')}.
- Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, ${os.type()} ${os.release()}; shared with other work (load average ${loadStart} at the start, ${os.loadavg()[0].toFixed(1)} at the end), so expect noise.
`;
  process.stdout.write(section);
  await mkdir(path.join(ROOT, 'docs/benchmarks'), { recursive: true });
  await writeFile(path.join(ROOT, 'docs/benchmarks/site.md'), section);
} finally {
  await rm(tmp, { recursive: true, force: true });
  await rm(path.join(ROOT, '.disclose', 'site-builds', `bench-${process.pid}`), { recursive: true, force: true });
}

// `npm run bench`: runs every bench/*.bench.ts in turn (each prints its Markdown section and writes
// docs/benchmarks/<area>.md), then assembles docs/benchmarks.md from those sections.
import { spawnSync } from 'node:child_process';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseCommand, runCommand } from '../src/cli/run.ts';

const { positionals } = parseCommand({
  name: 'bench',
  usage: 'npm run bench [-- area…]',
  help: 'Runs the benchmarks (all, or the areas named: validate, render, sign, publish, site, gate) and rewrites docs/benchmarks.md.',
  options: {},
});

runCommand(async () => {
  const all = (await readdir('bench')).filter((f) => f.endsWith('.bench.ts')).sort();
  const chosen = positionals.length ? all.filter((f) => positionals.includes(f.replace('.bench.ts', ''))) : all;
  for (const file of chosen) {
    process.stderr.write(`\n== bench/${file}\n`);
    const r = spawnSync(process.execPath, [path.join('bench', file)], { stdio: 'inherit' });
    if (r.status !== 0) return r.status ?? 1;
  }
  const sections = (await readdir('docs/benchmarks').catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
  const parts = await Promise.all(sections.map((f) => readFile(path.join('docs/benchmarks', f), 'utf8')));
  const header = `# Benchmarks

Produced by \`npm run bench\` (each section also by \`node bench/<area>.bench.ts\`). Figures are
medians of repeated runs and ratios measured in the same run, on ${os.cpus().length} cores
(${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}. The machine is shared and
noisy: compare ratios, not absolute times across runs. Targets are checked here, never in tests.

`;
  const tmp = 'docs/benchmarks.md.tmp';
  await writeFile(tmp, header + parts.map((p) => p.trim()).join('\n\n') + '\n');
  await rename(tmp, 'docs/benchmarks.md');
  process.stderr.write('\nwrote docs/benchmarks.md\n');
});

// Benchmark: the outbound gate over a site-sized output. Every page is checked against every
// private value of every advisory and everything of every withheld advisory; the first gate did
// one `includes` per needle and page (quadratic), the gate now hashes each page once
// (src/gate/matcher.ts). Run: node bench/gate.bench.ts. Prints a Markdown section and writes it to
// docs/benchmarks/gate.md.
//
// Inputs look like real ones: pages are the bodies of the sample and fixture advisories (modelled
// on real published advisories) wrapped as the site wraps them; private values are the samples'
// own reporter addresses and triage notes, numbered per advisory; withheld advisories are real
// bodies, their words shuffled, under other ids and titles.
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseFrontmatterFast, splitAdvisory } from '../src/advisory/parse.ts';
import { PHRASE_WORDS, wordsOf } from '../src/gate/embargo-index.ts';
import { buildEmbargoIndex, normaliseForMatch, OutboundGate, privateValuesOf, type PrivateValue } from '../src/gate/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function advisoriesIn(dir: string): { data: Record<string, unknown>; body: string }[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md') && /RSEC-\d{4}-\d{4}\.md$/.test(f))
    .flatMap((f) => {
      const split = splitAdvisory(readFileSync(path.join(dir, f), 'utf8'));
      if (!split) return [];
      try {
        return [{ data: parseFrontmatterFast(split.frontmatter) as Record<string, unknown>, body: split.body }];
      } catch {
        return [];
      }
    });
}

const real = [...advisoriesIn(path.join(ROOT, 'advisories')), ...advisoriesIn(path.join(ROOT, 'test/fixtures/good')), ...advisoriesIn(path.join(ROOT, 'test/fixtures/site/advisories'))].filter((a) => a.body.length > 500);

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// The site's advisory page is ~8.5 KB for a sample (dist/advisories/RSEC-2026-0001/index.html):
// the body, a facts table, the affected packages, and the navigation. Two bodies per page give
// about that size.
function page(i: number): string {
  const a = real[i % real.length];
  const b = real[(i + 5) % real.length];
  const paragraphs = `${a.body}\n\n${b.body}`.split(/\n\s*\n/).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const facts = Object.entries(a.data).filter(([k]) => k !== 'private').map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(JSON.stringify(v))}</td></tr>`).join('');
  return `<!doctype html><html><head><title>RSEC-2025-${String(i).padStart(4, '0')}: ${escapeHtml(String(a.data.title))}</title></head><body><header><a href="/">Archive</a> <a href="/runbook/">Runbook</a> <a href="/search/">Search</a></header><main><table>${facts}</table>${paragraphs}</main><footer>Security advisories of the project</footer></body></html>`;
}

/** A seeded shuffle of each paragraph's words: real vocabulary, no sentence shared with a page. */
function scramble(text: string, seed: number): string {
  let x = seed >>> 0 || 1;
  const next = () => ((x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  return text
    .split(/\n\s*\n/)
    .map((p) => p.split(/\s+/).map((w) => [next(), w] as const).sort((u, v) => u[0] - v[0]).map(([, w]) => w).join(' '))
    .join('\n\n');
}

/** The samples' private values, made distinct per advisory as a real archive's would be. */
function privateValuesFor(n: number): PrivateValue[] {
  const base = real.flatMap((a) => privateValuesOf(a.data));
  return Array.from({ length: n }, (_, i) => {
    const v = base[i % base.length];
    return { field: `RSEC-2025-${i} ${v.field}`, needle: normaliseForMatch(v.needle.replace('@', `+${i}@`).replace(/^(\S+)/, `$1 ${i}`)) };
  });
}

function withheld(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const a = real[(i * 7 + 3) % real.length];
    return { id: `RSEC-2027-${String(i).padStart(4, '0')}`, data: { title: `Embargoed issue ${i}: ${String(a.data.title)}`, cve: [`CVE-2027-${40000 + i}`] }, body: scramble(a.body, i + 1), attachmentNames: [`fix-${i}.patch`] };
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The first gate: one `includes` per needle and page, and every phrase window joined and looked up. */
function naiveInspect(pages: string[], values: PrivateValue[], needles: string[], phrases: Map<string, string>): number {
  let hits = 0;
  for (const p of pages) {
    const texts = [normaliseForMatch(p), normaliseForMatch(p.replace(/<[^>]*>/g, ' '))];
    for (const v of values) if (texts.some((t) => t.includes(v.needle))) hits++;
    for (const n of needles) if (texts.some((t) => t.includes(n))) hits++;
    for (const t of texts) {
      const words = wordsOf(t);
      for (let i = 0; i + PHRASE_WORDS <= words.length; i++) if (phrases.has(words.slice(i, i + PHRASE_WORDS).join(' '))) hits++;
    }
  }
  return hits;
}

function run(pages: string[], privateCount: number, withheldCount: number, naive: boolean) {
  const values = privateValuesFor(privateCount);
  const held = withheld(withheldCount);
  const index = buildEmbargoIndex(held, { bodies: real.map((a, i) => ({ id: `P${i}`, body: a.body })) });
  const gate = new OutboundGate({ privateValues: values, embargo: index });
  const times: number[] = [];
  let hits = 0;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    hits = naive ? naiveInspect(pages, values, index.needles.map((n) => n.needle), index.phrases) : pages.reduce((h, p, i) => h + gate.inspect({ name: `p${i}`, content: p, public: true }).length, 0);
    times.push(performance.now() - t);
  }
  return { ms: median(times), hits, phrases: index.phrases.size };
}

const small = Array.from({ length: 200 }, (_, i) => page(i));
const large = Array.from({ length: 2000 }, (_, i) => page(i));
const mb = (ps: string[]) => ps.reduce((n, p) => n + Buffer.byteLength(p), 0) / 1e6;

process.stderr.write(`gate bench: ${real.length} real bodies, pages of ${(mb(large) / large.length * 1000).toFixed(1)} KB\n`);
const naiveSmall = run(small, 2000, 20, true);
const gateSmall = run(small, 2000, 20, false);
const gateLarge = run(large, 4000, 50, false);
const rss = process.memoryUsage().rss / 1e6;

const section = `## Outbound gate (site output)

Pages: the bodies of ${real.length} sample and fixture advisories wrapped as HTML pages
(${(mb(large) / large.length * 1000).toFixed(1)} KB each); private values: the samples' reporter addresses and
triage notes, one set per advisory; withheld advisories: real bodies with their words shuffled, under other ids and titles
(${gateLarge.phrases} distinctive phrases at 50). Medians of 3 runs in one process.

| what | pages | MB | private values | withheld | median |
|---|---|---|---|---|---|
| one \`includes\` per needle and page (the first gate) | 200 | ${mb(small).toFixed(1)} | 2,000 | 20 | ${(naiveSmall.ms / 1000).toFixed(2)} s |
| one hashed pass per page (src/gate/matcher.ts) | 200 | ${mb(small).toFixed(1)} | 2,000 | 20 | ${(gateSmall.ms / 1000).toFixed(2)} s |
| one hashed pass per page | 2,000 | ${mb(large).toFixed(1)} | 4,000 | 50 | ${(gateLarge.ms / 1000).toFixed(2)} s |

At 200 pages the hashed pass is **${(naiveSmall.ms / gateSmall.ms).toFixed(1)}×** faster than a search per needle, and
it grows with the output, not with output × needles: ${(gateLarge.ms / mb(large)).toFixed(0)} ms per MB at 2,000 pages
(${(gateSmall.ms / mb(small)).toFixed(0)} ms per MB at 200). Both find the same (${gateSmall.hits} and ${naiveSmall.hits} hits in pages that
leak nothing). Peak RSS ${rss.toFixed(0)} MB. Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim().split(' ').slice(0, 2).join(' ')}, Node ${process.version}.
Command: \`node bench/gate.bench.ts\`.
`;
process.stdout.write(section);
if (gateSmall.hits !== naiveSmall.hits) throw new Error(`the gate found ${gateSmall.hits} hits, the naive search ${naiveSmall.hits}`);
await writeFile(path.join(ROOT, 'docs/benchmarks/gate.md'), section);

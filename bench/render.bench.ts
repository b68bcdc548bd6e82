// Benchmark: rendering every channel and every export of one advisory (the target: < 200 ms per
// advisory, excluding key decryption), and the signing step alone. Run: node bench/render.bench.ts
// Prints a Markdown section and writes it to docs/benchmarks/render.md.
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as openpgp from 'openpgp';
import { loadAdvisory } from '../src/advisory/parse.ts';
import { announcementText } from '../src/channels/announce/index.ts';
import { renderOutbox } from '../src/channels/outbox.ts';
import { shareableAttachments } from '../src/gate/repository.ts';
import { ALL_CHANNELS } from '../src/channels/registry.ts';
import type { RenderContext } from '../src/channels/types.ts';
import { loadConfig } from '../src/config/load.ts';
import { clearsign, loadSigningKey, signPgpMime } from '../src/crypto/index.ts';
import { EXPORT_FORMATS } from '../src/exports/registry.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ID = 'RSEC-2026-0001'; // the richest sample: two CVEs, every channel, updates, credits, timeline
const NOW = new Date('2026-11-29T00:00:00Z');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}
async function time(n: number, fn: () => unknown | Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}
const ms = (x: number) => `${x.toFixed(2)} ms`;

const config = await loadConfig(ROOT);
const advisory = await loadAdvisory(path.join(ROOT, 'advisories', `${ID}.md`));
const ctx: RenderContext = { advisory, config, now: NOW, links: {}, attachments: await shareableAttachments(`${ROOT}/advisories`, ID) };

// A fresh advisory object per run, as `npm run render` has: the completed body is cached per object.
const channelsOnce = () => {
  const fresh: RenderContext = { ...ctx, advisory: { ...advisory } };
  return ALL_CHANNELS.filter((c) => advisory.data.channels?.includes(c.name)).map((c) => c.render(fresh));
};
const exportsOnce = () =>
  EXPORT_FORMATS.flatMap((f) => f.render({ advisory, config, now: NOW }).map((d) => ({ d, errors: f.validate(d.document) })));

// Cold: the first call compiles the export schemas (ajv) and warms the parsers.
const coldStart = performance.now();
channelsOnce();
exportsOnce();
const cold = performance.now() - coldStart;

const ITER = 300;
await time(30, () => (channelsOnce(), exportsOnce())); // warm-up
const channels = await time(ITER, channelsOnce);
const exports = await time(ITER, exportsOnce);
const both = await time(ITER, () => (channelsOnce(), exportsOnce()));
const announceOnly = await time(ITER, () => announcementText(ctx));

// The whole command in-process (load, render, validate, write atomically), unsigned.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'disclose-bench-'));
const OUT_ITER = 40;
const outbox = await time(OUT_ITER, () => renderOutbox({ root: ROOT, config, id: ID, now: NOW, env: {}, outDir: path.join(tmp, 'out') }));

// Signing alone: a throwaway passphrase-protected key, decrypted once (excluded, reported apart).
const keyDir = mkdtempSync(path.join(os.tmpdir(), 'disclose-bench-key-'));
const passphrase = 'bench-passphrase-not-secret';
const generated = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Bench', email: 'bench@example.org' }], passphrase, date: new Date('2025-01-01T00:00:00Z'), format: 'armored' });
await mkdir(keyDir, { recursive: true });
const keyFile = path.join(keyDir, 'key.asc');
await writeFile(keyFile, generated.privateKey, { mode: 0o600 });
const decryptTimes = await time(5, () => loadSigningKey(keyFile, passphrase, { repoRoot: null, date: NOW }));
const key = await loadSigningKey(keyFile, passphrase, { repoRoot: null, date: NOW });
const text = announcementText(ctx);
const SIGN_ITER = 100;
const clearsignTimes = await time(SIGN_ITER, () => clearsign(text, key.key, { date: NOW }));
const mimeTimes = await time(SIGN_ITER, () =>
  signPgpMime({ from: config.mail.from, to: config.mail.announce, subject: 'bench', messageId: `<${ID}.announce@bench>`, date: NOW, text, attachments: [{ filename: `${ID}.txt.asc`, content: text, contentType: 'text/plain' }] }, key.key, { date: NOW }),
);
await rm(tmp, { recursive: true, force: true });
await rm(keyDir, { recursive: true, force: true });

const total = median(both);
const rss = process.resourceUsage().maxRSS / 1024;
const section = `## Render (channels and exports)

Advisory ${ID} (two CVEs, all six channels, one update), rendered in-process at a fixed "now".
${ITER} iterations after 30 warm-up runs unless said otherwise; medians with p95.

| what | median | p95 |
|---|---|---|
| all 6 channels | ${ms(median(channels))} | ${ms(p95(channels))} |
| all exports (OSV, CVE ×2, CSAF), each validated against its schema | ${ms(median(exports))} | ${ms(p95(exports))} |
| **channels + exports** (target < 200 ms) | **${ms(total)}** | ${ms(p95(both))} |
| the announcement text alone (Markdown → 72-column plain text) | ${ms(median(announceOnly))} | ${ms(p95(announceOnly))} |
| \`renderOutbox\` as \`npm run render\` runs it: load, render, validate, write ${OUT_ITER}× (unsigned) | ${ms(median(outbox))} | ${ms(p95(outbox))} |
| first call in a fresh process (compiles the export schemas) | ${ms(cold)} | |
| clearsign the announcement (${SIGN_ITER}×, key already decrypted) | ${ms(median(clearsignTimes))} | ${ms(p95(clearsignTimes))} |
| PGP/MIME sign the announcement (${SIGN_ITER}×) | ${ms(median(mimeTimes))} | ${ms(p95(mimeTimes))} |
| load + decrypt the key (5×, excluded from the target) | ${ms(median(decryptTimes))} | |

Target: channels + exports ${total < 200 ? 'met' : 'NOT met'} — ${(200 / total).toFixed(0)}× under 200 ms in this run.
Clearsigning the announcement costs ${((median(clearsignTimes) / total) * 100).toFixed(1)} % of the channels + exports time; it happens once per advisory.
Peak RSS ${rss.toFixed(0)} MB. Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${os.platform()} ${os.release()}.
Command: \`node bench/render.bench.ts\`.
`;
process.stdout.write(section);
await mkdir(path.join(ROOT, 'docs/benchmarks'), { recursive: true });
const target = path.join(ROOT, 'docs/benchmarks/render.md');
await writeFile(`${target}.tmp`, section);
const { rename } = await import('node:fs/promises');
await rename(`${target}.tmp`, target);

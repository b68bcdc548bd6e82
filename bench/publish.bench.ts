// Benchmark: release-day overhead of disclose itself, against local parties (real SMTP server, local
// GitHub and Discourse servers, a bare git repository), so network waits are loopback-short.
// Measured in one run: an in-process live publish of RSEC-2026-0004 (all 7 steps) with each step's
// time, the rehearsal (no network at all: pure render/sign/compose overhead), and the CLI as a
// child process (what a responder waits for, Node start-up included).
// Run: node bench/publish.bench.ts — prints a Markdown section and writes docs/benchmarks/publish.md.
import { spawnSync } from 'node:child_process';
import { writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { silentReporter } from '../src/publish/hooks.ts';
import { runPublish } from '../src/publish/runner.ts';
import type { StepId } from '../src/publish/plan.ts';
import { createRoot, freshBlog, ID, releaseEnv, resetParties, startParties } from '../test/publish/harness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIVE_RUNS = 7;
const REHEARSAL_RUNS = 9;
const CLI_RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);

// Network waits, measured where they happen: every fetch (GitHub, Discourse, the list archive) is
// timed by wrapping the real global fetch (it still goes to the real local servers), and every SMTP
// session is timed by the SMTP server from connect to close.
const realFetch = globalThis.fetch;
let fetchMs = 0;
globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
  const t = performance.now();
  try {
    const res = await realFetch(...args);
    const body = await res.arrayBuffer();
    return new Response(res.status === 204 || res.status === 304 ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
  } finally {
    fetchMs += performance.now() - t;
  }
}) as typeof fetch;

const parties = await startParties();
const live: number[] = [];
const waits: number[] = [];
const preflightTimes: number[] = [];
const stepTimes = new Map<StepId | 'preflight', number[]>();
try {
  // Warm-up (module loading, schema compilation in the fake servers), not counted.
  for (const mode of ['rehearsal', 'live'] as const) {
    resetParties(parties);
    await freshBlog(parties);
    const root = await createRoot(parties);
    await runPublish({ root: root.dir, id: ID, mode, env: releaseEnv(parties), reporter: silentReporter });
    await root.cleanup();
  }

  for (let i = 0; i < LIVE_RUNS; i++) {
    resetParties(parties);
    await freshBlog(parties);
    const root = await createRoot(parties);
    const env = releaseEnv(parties);
    let mark = performance.now();
    const start = mark;
    let first = true;
    const reporter = {
      progress(line: string) {
        // The first step line marks the end of preflight.
        if (first && /^\[1\/\d+\]/.test(line)) {
          first = false;
          preflightTimes.push(performance.now() - start);
          mark = performance.now();
        }
      },
      warn() {},
    };
    fetchMs = 0;
    parties.smtp.sessionMs.length = 0;
    await runPublish({
      root: root.dir,
      id: ID,
      mode: 'live',
      env,
      reporter,
      afterStep: (id) => {
        const now = performance.now();
        stepTimes.set(id, [...(stepTimes.get(id) ?? []), now - mark]);
        mark = now;
      },
    });
    live.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 20)); // let the SMTP server see the last session close
    waits.push(fetchMs + parties.smtp.sessionMs.reduce((a, b) => a + b, 0));
    await root.cleanup();
  }

  const rehearsal: number[] = [];
  for (let i = 0; i < REHEARSAL_RUNS; i++) {
    const root = await createRoot(parties);
    const t = performance.now();
    await runPublish({ root: root.dir, id: ID, mode: 'rehearsal', env: releaseEnv(parties), reporter: silentReporter });
    rehearsal.push(performance.now() - t);
    await root.cleanup();
  }

  const cli: number[] = [];
  const cliRehearsal: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    resetParties(parties);
    await freshBlog(parties);
    const root = await createRoot(parties);
    const env = releaseEnv(parties);
    let t = performance.now();
    const r1 = spawnSync(process.execPath, [path.join(ROOT, 'scripts/publish.ts'), ID, '--quiet'], { cwd: root.dir, env });
    cliRehearsal.push(performance.now() - t);
    t = performance.now();
    // spawnSync would block this process's event loop, where the parties run: use a promise.
    const { spawn } = await import('node:child_process');
    const code = await new Promise<number | null>((resolve) => {
      const c = spawn(process.execPath, [path.join(ROOT, 'scripts/publish.ts'), ID, '--live', '--quiet'], { cwd: root.dir, env, stdio: 'ignore' });
      c.on('close', resolve);
    });
    cli.push(performance.now() - t);
    if (r1.status !== 0 || code !== 0) throw new Error(`CLI run failed: rehearsal ${r1.status}, live ${code}`);
    await root.cleanup();
  }
  clearInterval(sampler);

  const steps = [...stepTimes.entries()].map(([id, xs]) => `| ${id} | ${ms(median(xs))} |`).join('\n');
  const section = `## publish

Release-day overhead of disclose for RSEC-2026-0004 (all 7 steps: announce, announce-url, blog,
forum, ghsa, oss-security, finalize) against local parties started by the benchmark: a real SMTP
server (smtp-server), local GitHub and Discourse servers that validate every request against the
vendored OpenAPI descriptions, and a bare git repository. Network waits are loopback round trips;
what remains is disclose's own work (validation, rendering, signing, MIME, git, journal fsyncs).

| measure | median | runs |
|---|---|---|
| live publish, in process (preflight + 7 steps) | ${ms(median(live))} | ${LIVE_RUNS} |
| of which network waits (HTTP requests + SMTP sessions, loopback) | ${ms(median(waits))} | ${LIVE_RUNS} |
| **publish overhead excluding network waits** | **${ms(median(live.map((t, i) => t - waits[i])))}** | ${LIVE_RUNS} |
| of which preflight (validate, load key, sign + verify, git ls-remote) | ${ms(median(preflightTimes))} | ${LIVE_RUNS} |
| rehearsal, in process (no network; writes the outbox) | ${ms(median(rehearsal))} | ${REHEARSAL_RUNS} |
| CLI rehearsal (\`node scripts/publish.ts <ID>\`, Node start-up included) | ${ms(median(cliRehearsal))} | ${CLI_RUNS} |
| CLI live publish (\`--live\`) | ${ms(median(cli))} | ${CLI_RUNS} |

Ratios (same run): live / rehearsal = ${(median(live) / median(rehearsal)).toFixed(2)}; CLI live / in-process live = ${(median(cli) / median(live)).toFixed(2)}.

Per step (in-process live, median):

| step | time |
|---|---|
${steps}

Network waits include smtp-server's greeting delay (about 100 ms per SMTP session, its
early-talker check), which is why the two mail steps take longer than the HTTP ones.
Git work for the blog (ls-remote, clone, commit, push to the local bare repository) counts as
overhead here: it is local processes, not waiting on a remote, and it dominates. Every journal
write is fsync'd twice (file and directory).

Peak RSS of the benchmark process (parties included): ${(peakRss / 1024 / 1024).toFixed(0)} MiB.
Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (the machine is shared: absolute times vary with load, ratios less).
Command: \`node bench/publish.bench.ts\`
`;
  process.stdout.write(section);
  await mkdir(path.join(ROOT, 'docs', 'benchmarks'), { recursive: true });
  await writeFile(path.join(ROOT, 'docs', 'benchmarks', 'publish.md'), section);
} finally {
  clearInterval(sampler);
  await parties.close();
}

// `npm run amend`: the newest `updates` entry of a published (or withdrawn) advisory, sent to every
// channel the advisory was published on, exactly once (spec §7, §10). It reuses release day's
// machinery — the lock, a journal per amendment (`.disclose/journal/<ID>.amend-<n>.json`), the
// same started/done discipline, rehearsal by default — and the channels' own errata renderings
// and delivery functions. Rules: docs/publish.md "Amendments".
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Advisory, Channel } from '../advisory/schema.ts';
import { formatFinding } from '../advisory/finding.ts';
import { validateFiles } from '../advisory/validate.ts';
import { repositoryReachable } from '../channels/blog/deliver.ts';
import { REGISTRY } from '../channels/registry.ts';
import { sortedUpdates } from '../channels/shared/updates.ts';
import type { AmendStepSpec } from '../channels/types.ts';
import { clockOf, liveClock } from '../clock.ts';
import { checkCredentials, secretsFrom } from '../engine/credentials.ts';
import { gateAll, runSteps, type Step } from '../engine/engine.ts';
import { acquireLock } from '../engine/lock.ts';
import { DiscloseError, RefusedError } from '../errors.ts';
import { gateForAdvisory } from '../gate/repository.ts';
import type { Reporter } from './hooks.ts';
import { loadRelease } from './load-release.ts';
import { Journal } from './journal.ts';
import type { AmendChannel, AmendContext } from './amend-context.ts';
import { channelsNeeding, embargoCheck, embargoGuard, failures, neededCredentials, type Check } from './preflight.ts';
import { channelRenderer, readAttachments, renderChannel, type Renderer } from './render.ts';
import { KeyUnavailable, loadSigningKey, type SigningKey } from './signing.ts';
import { writeOut } from './step-context.ts';

/** The channels an amendment reaches: every registry channel with an amendment step, in order (the signed mail first). */
const AMEND_STEPS = REGISTRY.flatMap((m) => (m.amend ? [{ id: m.name as AmendChannel, ...m.amend }] : []));
export const AMEND_CHANNELS: readonly AmendChannel[] = AMEND_STEPS.map((s) => s.id);
export type { AmendChannel } from './amend-context.ts';

export interface AmendOptions {
  root: string;
  id: string;
  live: boolean;
  confirmResend?: string[];
  confirmSent?: string[];
  env?: NodeJS.ProcessEnv;
  clock?: () => Date;
  render?: Renderer;
  reporter: Reporter;
  timeoutMs?: number;
}

export type Evidence = Record<string, string>;

export interface AmendStepOutcome {
  id: AmendChannel;
  result: 'done' | 'already-done' | 'found-on-remote' | 'rehearsed';
  evidence?: Evidence;
  files?: string[];
}

export interface AmendResult {
  id: string;
  mode: 'live' | 'rehearsal';
  status: 'amended' | 'already-sent' | 'rehearsed';
  /** `index` counts from 1 in date order: the n of `amend-<n>`. */
  update: { index: number; at: string; note: string };
  checks: Check[];
  steps: AmendStepOutcome[];
  outbox?: string;
  journal?: string;
}

/** The journal name of the n-th amendment: its own file beside the release-day journal. */
export function amendJournalId(id: string, index: number): string {
  return `${id}.amend-${index}`;
}

type AmendStep = AmendStepSpec & { id: AmendChannel };

/** An amendment step as the engine runs it; its payload is the channel's errata, all public. */
function engineStep(s: AmendStep): Step<AmendContext> {
  return {
    id: s.id,
    title: s.title,
    key: (ctx) => s.key(ctx),
    find: (ctx) => s.find(ctx),
    perform: (ctx) => s.perform(ctx),
    outgoing: async (ctx) => {
      const errata = ctx.errata[s.id];
      return errata ? [{ payload: errata.payload, public: true }] : [];
    },
  };
}

/** Which of the advisory's channels the release reached (the release journal, when there is one). */
async function publishedChannels(root: string, advisory: Advisory, reporter: Reporter): Promise<AmendChannel[]> {
  const listed = AMEND_CHANNELS.filter((c) => (advisory.data.channels ?? []).includes(c as Channel));
  const release = await Journal.open(root, advisory.data.id);
  if (!release.exists) return listed;
  return listed.filter((c) => {
    if (release.isDone(c)) return true;
    reporter.warn(`${c}: the release journal does not show it as sent, so the amendment skips it`);
    return false;
  });
}

export async function runAmend(opts: AmendOptions): Promise<AmendResult> {
  const env = opts.env ?? process.env;
  // A live amendment sends: DISCLOSE_NOW ahead of the system clock is refused (exit 3).
  const clock = opts.clock ?? (opts.live ? liveClock(env) : clockOf(env));
  const reporter = opts.reporter;
  // The id is parsed before any file, journal or lock is touched (`<A>/../<B>` is refused).
  const { id, config, file, advisory } = await loadRelease(opts.root, opts.id);
  opts = { ...opts, id };
  const status = advisory.data.status;
  if (status !== 'published' && status !== 'withdrawn') {
    throw new RefusedError(`${opts.id} is ${status}: amend sends updates of a published or withdrawn advisory — ${status === 'embargoed' ? 'edit it and publish it with `npm run publish`' : 'publish it first'}; nothing was sent`);
  }
  const updates = sortedUpdates(advisory);
  const newest = updates.at(-1);
  if (!newest) {
    throw new RefusedError(`${file}: updates: there is nothing to amend — add an entry (updates: [{ at: "YYYY-MM-DDTHH:MM:SSZ", note: "what changed" }]), commit it, then run amend; nothing was sent`);
  }
  const update = { index: updates.length, at: newest.at, note: newest.note };
  const journalId = amendJournalId(opts.id, update.index);
  const channels = await publishedChannels(opts.root, advisory, reporter);
  if (channels.length === 0) throw new RefusedError(`${opts.id}: none of its channels (${(advisory.data.channels ?? []).join(', ')}) can carry an amendment; nothing was sent`);

  const steps = channels.map((c) => AMEND_STEPS.find((s) => s.id === c)!);
  const already = (j: Journal) => steps.every((s) => j.isDone(s.id));
  const alreadyResult = (j: Journal): AmendResult => ({
    id: opts.id,
    mode: 'live',
    status: 'already-sent',
    update,
    checks: [],
    steps: steps.map((s) => ({ id: s.id, result: 'already-done', evidence: j.step(s.id)?.evidence })),
    journal: j.file,
  });
  if (opts.live) {
    const j = await Journal.open(opts.root, journalId, clock);
    if (already(j)) {
      reporter.progress(`${opts.id}: update ${update.index} (${update.at}) was already sent to ${channels.join(', ')}; nothing to do`);
      return alreadyResult(j);
    }
  }

  // Render every channel's errata for the newest update, with the links publish wrote back.
  const attachments = await readAttachments(advisory);
  const errata: AmendContext['errata'] = {};
  for (const c of channels) {
    // A renderer that fails is a refusal before anything is sent (exit 3), never a remote failure.
    const r = await renderChannel(opts.render ?? channelRenderer, c, { advisory, config, now: clock(), links: {}, attachments }).catch((e: unknown) => {
      if (e instanceof DiscloseError) throw e;
      throw new RefusedError(`preflight: the ${c} renderer failed (${(e as Error).message}); nothing was sent`);
    });
    if (!r.errata || r.errata.at !== update.at) throw new RefusedError(`preflight: the ${c} renderer rendered no errata for the update of ${update.at}; nothing was sent`);
    errata[c] = r.errata;
  }

  // Preflight, in publish's style: every reason not to start, before anything is sent.
  const mode = opts.live ? 'live' : 'rehearsal';
  const soft = opts.live ? 'error' : 'warning';
  const checks: Check[] = [{ name: 'status', level: 'ok', message: `status: ${status}; update ${update.index} of ${updates.length}: ${update.at}` }];
  const { findings } = await validateFiles([file], { config, now: clock(), root: opts.root, parallelFrom: Infinity });
  const errors = findings.filter((f) => f.file === file && f.severity === 'error').map(formatFinding);
  if (errors.length > 0) checks.push({ name: 'validate', level: 'error', message: `${file} does not validate:\n  ${errors.join('\n  ')}\n  run \`npm run validate -- ${file}\`` });
  else checks.push({ name: 'validate', level: 'ok', message: `${file} validates` });
  checks.push(embargoCheck(advisory, clock()));
  const secrets = secretsFrom(env);
  const needed = neededCredentials(channels);
  for (const name of needed) {
    if (env[name]) checks.push({ name: `credential ${name}`, level: 'ok', message: `${name} is set` });
    else checks.push({ name: `credential ${name}`, level: soft, message: `${name} is not set — it is needed for ${channelsNeeding(name, channels).join(', ')}; export it in this shell` });
  }
  if (opts.live) {
    for (const c of await checkCredentials(needed, config, secrets, opts.timeoutMs)) checks.push(c);
  }
  if (opts.live && channels.includes('blog')) {
    const problem = await repositoryReachable(config.blog.repository);
    checks.push(problem ? { name: 'blog repository', level: 'error', message: `the blog repository cannot be reached: ${problem}` } : { name: 'blog repository', level: 'ok', message: 'blog repository is reachable' });
  }
  let key: SigningKey | undefined;
  if (channels.includes('announce')) {
    try {
      key = await loadSigningKey(env, opts.root, clock());
      for (const w of key.warnings) checks.push({ name: 'signing key', level: 'warning', message: w });
      if (key.fingerprint !== config.signing.fingerprint) checks.push({ name: 'signing key', level: soft, message: `the signing key is ${key.fingerprint}, but the team key (signing.fingerprint) is ${config.signing.fingerprint}` });
      else checks.push({ name: 'signing key', level: 'ok', message: `signing key ${key.fingerprint} loaded` });
    } catch (e) {
      if (!(e instanceof KeyUnavailable)) throw e;
      checks.push({ name: 'signing key', level: soft, message: e.message });
    }
  }
  for (const c of checks) {
    if (c.level === 'warning') reporter.warn(`${c.name}: ${c.message}`);
    else if (c.level === 'ok') reporter.progress(`  ok  ${c.name}: ${c.message}`);
  }
  const failed = failures(checks);
  if (failed.length > 0) throw new RefusedError(`preflight refused the amendment of ${opts.id}, nothing was sent:\n${failed.map((c) => `  - ${c.name}: ${c.message}`).join('\n')}`);

  const ctx: AmendContext = { advisory, config, env, clock, reporter, timeoutMs: opts.timeoutMs, update, errata, key, secrets };
  // The gate, before the first side effect (and again by the engine before each send).
  const gate = await gateForAdvisory(advisory, clock());
  const engineSteps = steps.map(engineStep);
  await gateAll(gate, engineSteps, ctx);

  if (mode === 'rehearsal') {
    const outbox = path.join(opts.root, 'outbox', opts.id, `amend-${update.index}`);
    await rm(outbox, { recursive: true, force: true });
    await mkdir(outbox, { recursive: true });
    const out: AmendStepOutcome[] = [];
    for (const s of steps) {
      const files = await s.rehearse(ctx, outbox);
      reporter.progress(`  rehearsed ${s.id}: ${files.join(', ')}`);
      out.push({ id: s.id, result: 'rehearsed', files });
    }
    await writeOut(outbox, 'amend.txt', `Amendment ${update.index} of ${opts.id} (${update.at}): ${update.note}\nChannels, in order: ${channels.join(', ')}\n`);
    reporter.progress(`rehearsal written to ${path.relative(opts.root, outbox)}; nothing was sent. Run with --live to send.`);
    return { id: opts.id, mode, status: 'rehearsed', update, checks, steps: out, outbox };
  }

  const lock = await acquireLock(opts.root, opts.id, 'amend');
  try {
    // Read again under the lock: another amend may have finished meanwhile.
    const journal = await Journal.open(opts.root, journalId, clock);
    if (already(journal)) return alreadyResult(journal);
    const out = await runSteps({
      command: 'amend',
      steps: engineSteps,
      ctx,
      journal,
      lock,
      env,
      reporter,
      gate,
      confirmResend: opts.confirmResend,
      confirmSent: opts.confirmSent,
      pausePrefix: 'amend-',
      // An amendment follows a publication; the embargo is checked again before every send.
      guard: embargoGuard(advisory, clock),
    });
    await journal.note(`amended: update ${update.at}`);
    return { id: opts.id, mode: 'live', status: 'amended', update, checks, steps: out as AmendStepOutcome[], journal: journal.file };
  } finally {
    await lock.release();
  }
}

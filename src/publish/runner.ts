// Release day, driven: preflight, then the planned steps in order, each journaled around its side
// effect (live), or written into the outbox (rehearsal), or only the signed announcement sent to a
// teammate (--test-to). The rules are in src/publish/README.md.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { sendMail } from '../channels/announce/deliver.ts';
import { clockOf, liveClock } from '../clock.ts';
import { gateAll, remoteFailure as engineFailure, runSteps, type Step } from '../engine/engine.ts';
import { acquireLock } from '../engine/lock.ts';
import { DiscloseError, RefusedError } from '../errors.ts';
import { gateForAdvisory } from '../gate/repository.ts';
import type { Reporter } from './hooks.ts';
import { loadRelease } from './load-release.ts';
import { Journal, writeFileDurably } from './journal.ts';
import { formatPlan, formatTime, planSteps, type StepId } from './plan.ts';
import { embargoGuard, failures, preflight, type Check, type Mode } from './preflight.ts';
import { channelRenderer, readAttachments, type Renderer } from './render.ts';
import { signedAnnouncement } from '../channels/announce/release.ts';
import { STEP_IMPLS, type Evidence, type StepContext, type StepImpl } from './steps.ts';
import { verifySignedMail } from './verify-mail.ts';

export interface PublishOptions {
  /** Repository root: disclose.config.yaml, advisories/, .disclose/journal/. */
  root: string;
  id: string;
  mode: Mode;
  testTo?: string;
  announceUrl?: string;
  /** Steps whose earlier, unconfirmed send a person has checked and allows to be sent again. */
  confirmResend?: string[];
  /** Steps whose earlier, unconfirmed send a person has seen arrive: recorded as done, not resent. */
  confirmSent?: string[];
  env?: NodeJS.ProcessEnv;
  /**
   * Injected for tests (in-process only); defaults to src/clock.ts: liveClock(env) for a live run
   * (refuses DISCLOSE_NOW ahead of the system clock), clockOf(env) for a rehearsal or --test-to.
   */
  clock?: () => Date;
  render?: Renderer;
  reporter: Reporter;
  prompt?: (question: string) => Promise<string>;
  timeoutMs?: number;
  /** Sign the announcement as PGP/MIME instead of inline (spec §7: an option). */
  pgpMime?: boolean;
  /** Called after every step (tests move the clock here). */
  afterStep?: (id: StepId) => void | Promise<void>;
}

export interface StepOutcome {
  id: StepId;
  result: 'done' | 'already-done' | 'found-on-remote' | 'rehearsed' | 'not-run';
  evidence?: Evidence;
  files?: string[];
}

export interface PublishResult {
  id: string;
  mode: Mode;
  status: 'published' | 'already-published' | 'rehearsed' | 'test-sent';
  checks: Check[];
  steps: StepOutcome[];
  outbox?: string;
  journal?: string;
}

function linksFromJournal(ctx: StepContext): void {
  for (const [id, impl] of Object.entries(STEP_IMPLS)) {
    const rec = ctx.journal.step(id);
    if (rec?.state === 'done' && rec.evidence && impl.links) Object.assign(ctx.links, impl.links(rec.evidence));
  }
}

function remoteFailure(step: string, e: unknown): never {
  return engineFailure('publish', step, e);
}

/** A release step as the engine runs it: the step's own functions, its links folded into ctx. */
function engineStep(impl: StepImpl, title: string): Step<StepContext> {
  return {
    id: impl.id,
    title: title.charAt(0).toLowerCase() + title.slice(1),
    key: (ctx) => impl.key(ctx),
    find: (ctx) => impl.find(ctx),
    perform: (ctx) => impl.perform(ctx),
    outgoing: impl.outgoing ? (ctx) => impl.outgoing!(ctx) : undefined,
    absorb: impl.links ? (ctx, ev) => Object.assign(ctx.links, impl.links!(ev)) : undefined,
    unknownNote: impl.unknownNote ? (ctx) => impl.unknownNote!(ctx) : undefined,
  };
}

export async function runPublish(opts: PublishOptions): Promise<PublishResult> {
  const env = opts.env ?? process.env;
  // A live run sends: DISCLOSE_NOW ahead of the system clock is refused (exit 3) before anything.
  const clock = opts.clock ?? (opts.mode === 'live' ? liveClock(env) : clockOf(env));
  const reporter = opts.reporter;
  // The id is parsed before any file, journal or lock is touched.
  const { id, config, advisory } = await loadRelease(opts.root, opts.id);
  opts = { ...opts, id };
  const journal = await Journal.open(opts.root, opts.id, clock);
  const render = opts.render ?? channelRenderer;
  const ctx: StepContext = {
    advisory,
    config,
    root: opts.root,
    env,
    clock,
    journal,
    render,
    attachments: await readAttachments(advisory),
    links: {},
    secrets: {},
    options: { announceUrl: opts.announceUrl, prompt: opts.prompt, timeoutMs: opts.timeoutMs, pgpMime: opts.pgpMime },
    reporter,
  };
  const plan = planSteps(advisory, clock());

  // Fully done already: success, nothing to do (changesets' "already published" rule).
  if (opts.mode === 'live' && (journal.isDone('finalize') || (advisory.data.status === 'published' && !journal.exists))) {
    reporter.progress(`${opts.id} is already published; nothing to do`);
    return {
      id: opts.id,
      mode: opts.mode,
      status: 'already-published',
      checks: [],
      steps: plan.map((p) => ({ id: p.step.id, result: 'already-done', evidence: journal.step(p.step.id)?.evidence })),
      journal: journal.file,
    };
  }

  // Preflight.
  reporter.progress(`preflight: checking ${opts.id} (${opts.mode})`);
  linksFromJournal(ctx);
  const pre = await preflight({
    advisory,
    config,
    root: opts.root,
    env,
    now: clock(),
    mode: opts.mode,
    resuming: journal.exists,
    timeoutMs: opts.timeoutMs,
    signAnnouncement: async (key) => {
      const announceCtx = { ...ctx, key };
      // A renderer that fails is a refusal before anything is sent (exit 3), never exit 4 later.
      const signed = await signedAnnouncement(announceCtx).catch((e: unknown) => {
        if (e instanceof DiscloseError) throw e;
        throw new RefusedError(`preflight: the announce renderer failed (${(e as Error).message}); nothing was sent`);
      });
      return signed.signed ?? '';
    },
  });
  for (const c of pre.checks) {
    if (c.level === 'warning') reporter.warn(`${c.name}: ${c.message}`);
    else if (c.level === 'ok') reporter.progress(`  ok  ${c.name}: ${c.message}`);
  }
  const failed = failures(pre.checks);
  if (failed.length > 0) {
    throw new RefusedError(`preflight refused ${opts.id}, nothing was sent:\n${failed.map((c) => `  - ${c.name}: ${c.message}`).join('\n')}`);
  }
  ctx.key = pre.key;
  ctx.secrets = pre.secrets;

  // The gate, before the first side effect: every planned channel rendered (with the links known
  // so far) and inspected. A renderer that throws is refused here, with nothing sent.
  const gate = await gateForAdvisory(advisory, clock());
  const engineSteps = plan.filter((p) => opts.mode !== 'test-to' || p.step.id === 'announce').map((p) => engineStep(STEP_IMPLS[p.step.id as Exclude<StepId, 'preflight'>], p.step.title));
  await gateAll(gate, engineSteps.filter((s) => !ctx.journal.isDone(s.id)), ctx);

  if (opts.mode === 'test-to') return testTo(ctx, opts, pre.checks);
  if (opts.mode === 'rehearsal') return rehearse(ctx, opts, plan, pre.checks);

  const lock = await acquireLock(opts.root, opts.id, 'publish');
  try {
    // Read the journal again under the lock: a run that held it a moment ago may have finished
    // steps since we first read it, and acting on the old copy would send them twice.
    ctx.journal = await Journal.open(opts.root, opts.id, clock);
    linksFromJournal(ctx);
    if (ctx.journal.isDone('finalize')) {
      reporter.progress(`${opts.id} was published by another run meanwhile; nothing to do`);
      return { id: opts.id, mode: 'live', status: 'already-published', checks: pre.checks, steps: [], journal: ctx.journal.file };
    }
    const steps = await runSteps({
      command: 'publish',
      steps: engineSteps,
      ctx,
      journal: ctx.journal,
      lock,
      env,
      reporter,
      gate,
      confirmResend: opts.confirmResend,
      confirmSent: opts.confirmSent,
      // Checked again before every send: a clock moved back, or a run resumed early, stops here.
      guard: embargoGuard(ctx.advisory, ctx.clock),
      afterStep: opts.afterStep ? (step) => opts.afterStep!(step as StepId) : undefined,
    });
    await ctx.journal.note('published');
    return { id: opts.id, mode: 'live', status: 'published', checks: pre.checks, steps: steps as StepOutcome[], journal: ctx.journal.file };
  } finally {
    await lock.release();
  }
}

async function rehearse(ctx: StepContext, opts: PublishOptions, plan: ReturnType<typeof planSteps>, checks: Check[]): Promise<PublishResult> {
  const outbox = path.join(opts.root, 'outbox', opts.id, 'rehearsal');
  await rm(outbox, { recursive: true, force: true });
  await mkdir(outbox, { recursive: true });
  const steps: StepOutcome[] = [];
  for (const p of plan) {
    const impl = STEP_IMPLS[p.step.id as Exclude<StepId, 'preflight'>];
    const files = await impl.rehearse(ctx, outbox);
    ctx.reporter.progress(`  rehearsed ${p.step.id}: ${files.join(', ')}`);
    steps.push({ id: p.step.id, result: 'rehearsed', files });
  }
  const text = formatPlan(ctx.advisory, plan, ctx.config.timezone);
  await writeFileDurably(path.join(outbox, 'plan.txt'), `${text}\n`);
  ctx.reporter.progress(`rehearsal written to ${path.relative(opts.root, outbox) || outbox}; nothing was sent. Run with --live at ${formatTime(plan[0]?.notBefore ?? ctx.clock(), ctx.config.timezone)} to publish.`);
  return { id: opts.id, mode: 'rehearsal', status: 'rehearsed', checks, steps, outbox };
}

async function testTo(ctx: StepContext, opts: PublishOptions, checks: Check[]): Promise<PublishResult> {
  if (!ctx.key) throw new RefusedError('--test-to needs the signing key (DISCLOSE_SIGNING_KEY_FILE)');
  const at = ctx.clock();
  // Its own Message-ID: the real one belongs to the list mail, and archives dedupe by it.
  const { payload: test, raw } = await signedAnnouncement(ctx, (p) => ({
    ...p,
    to: opts.testTo!,
    subject: `[TEST, not public] ${p.subject}`,
    messageId: p.messageId.replace('@', `.test-${at.getTime()}@`),
  }));
  const check = await verifySignedMail(raw, ctx.key.publicKey, at);
  if (!check.body.valid || check.attachment?.valid === false) {
    throw new RefusedError(`the test mail's signature does not verify on the bytes to be sent (${check.body.error ?? check.attachment?.error}) — not sent`);
  }
  ctx.reporter.progress(`test-to: sending the signed announcement to ${opts.testTo}`);
  let sent;
  try {
    sent = await sendMail(test, raw, { url: ctx.secrets.smtpUrl!, timeoutMs: opts.timeoutMs });
  } catch (e) {
    remoteFailure('test-to', e);
  }
  ctx.reporter.progress(`test-to: sent ${sent.messageId}; the signature verified on the exact bytes handed to the SMTP server`);
  return {
    id: opts.id,
    mode: 'test-to',
    status: 'test-sent',
    checks,
    steps: [{ id: 'announce', result: 'done', evidence: { messageId: sent.messageId, to: opts.testTo!, response: sent.response, signature: 'verified' } }],
  };
}

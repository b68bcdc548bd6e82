// Release day, driven: preflight, then the planned steps in order, each journaled around its side
// effect (live), or written into the outbox (rehearsal), or only the signed announcement sent to a
// teammate (--test-to). The rules are in src/publish/README.md.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { MailError, sendMail } from '../channels/announce/deliver.ts';
import { HttpError } from '../channels/forum/deliver.ts';
import { InputError, RefusedError, RemoteError } from '../errors.ts';
import { pausePoint, type Reporter } from './hooks.ts';
import { loadRelease } from './load-release.ts';
import { Journal, writeFileDurably } from './journal.ts';
import { lock } from './lock.ts';
import { formatPlan, formatTime, planSteps, type StepId } from './plan.ts';
import { embargoCheck, failures, preflight, type Check, type Mode } from './preflight.ts';
import { channelRenderer, readAttachments, type Renderer } from './render.ts';
import { signedAnnouncement, STEP_IMPLS, type Evidence, type StepContext } from './steps.ts';
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
  /** Injected for tests; defaults to now() semantics over `env` (DISCLOSE_NOW). */
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

function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  return () => {
    const raw = env.DISCLOSE_NOW;
    if (!raw) return new Date();
    const t = Date.parse(raw);
    if (Number.isNaN(t)) throw new InputError(`DISCLOSE_NOW is "${raw}", which is not a timestamp`);
    return new Date(t);
  };
}

function linksFromJournal(ctx: StepContext): void {
  for (const [id, impl] of Object.entries(STEP_IMPLS)) {
    const rec = ctx.journal.step(id);
    if (rec?.state === 'done' && rec.evidence && impl.links) Object.assign(ctx.links, impl.links(rec.evidence));
  }
}

function remoteFailure(step: string, e: unknown): never {
  if (e instanceof MailError) {
    const next = e.outcome === 'refused' ? 're-run publish to try again (nothing was accepted)' : `re-run publish: it will check before sending again`;
    throw new RemoteError(`${step}: ${e.message} — ${next}`);
  }
  if (e instanceof HttpError) {
    throw new RemoteError(`${step}: ${e.message} — re-run publish: it checks the remote for what was already created before sending again`);
  }
  if (e instanceof RefusedError || e instanceof RemoteError || e instanceof InputError) throw e;
  throw new RemoteError(`${step}: ${(e as Error).message} — re-run publish to resume`);
}

export async function runPublish(opts: PublishOptions): Promise<PublishResult> {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? clockFrom(env);
  const reporter = opts.reporter;
  const { config, file, advisory } = await loadRelease(opts.root, opts.id);
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
    signAnnouncement: async (key) => {
      const announceCtx = { ...ctx, key };
      return (await signedAnnouncement(announceCtx)).signed ?? '';
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

  if (opts.mode === 'test-to') return testTo(ctx, opts, pre.checks);
  if (opts.mode === 'rehearsal') return rehearse(ctx, opts, plan, pre.checks);

  const release = await lock(opts.root, opts.id);
  try {
    // Read the journal again under the lock: a run that held it a moment ago may have finished
    // steps since we first read it, and acting on the old copy would send them twice.
    ctx.journal = await Journal.open(opts.root, opts.id, clock);
    linksFromJournal(ctx);
    if (ctx.journal.isDone('finalize')) {
      reporter.progress(`${opts.id} was published by another run meanwhile; nothing to do`);
      return { id: opts.id, mode: 'live', status: 'already-published', checks: pre.checks, steps: [], journal: ctx.journal.file };
    }
    return await live(ctx, opts, plan, pre.checks);
  } finally {
    await release();
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

async function live(ctx: StepContext, opts: PublishOptions, plan: ReturnType<typeof planSteps>, checks: Check[]): Promise<PublishResult> {
  const { journal, reporter } = ctx;
  const confirm = new Set(opts.confirmResend ?? []);
  const confirmedSent = new Set(opts.confirmSent ?? []);
  await journal.note(journal.exists ? 'live run resumed' : 'live run started');
  const steps: StepOutcome[] = [];
  let n = 0;
  for (const p of plan) {
    n++;
    const id = p.step.id as Exclude<StepId, 'preflight'>;
    const impl = STEP_IMPLS[id];
    const label = `[${n}/${plan.length}] ${id}`;
    const rec = journal.step(id);
    if (rec?.state === 'done') {
      reporter.progress(`${label}: already done (${summary(rec.evidence)})`);
      steps.push({ id, result: 'already-done', evidence: rec.evidence });
      continue;
    }
    await pausePoint(ctx.env, id, 'before');
    // Checked again before every send: a clock moved back, or a run resumed early, stops here.
    const embargo = embargoCheck(ctx.advisory, ctx.clock());
    if (embargo.level === 'error') {
      await journal.note(`refused before ${id}: embargo not lifted`);
      throw new RefusedError(`${id}: ${embargo.message}. The journal keeps what was done; re-run after the embargo to resume.`);
    }
    const started = Date.now();
    if (rec?.state === 'started') {
      reporter.progress(`${label}: an earlier run started this step (${rec.startedAt}); checking the remote first`);
      // The remote is searched by the key; if the advisory changed so that the key changed (e.g. a
      // new embargo date moves the blog post's path), a search would miss the first delivery.
      const now = await impl.key(ctx);
      if (now !== rec.key) {
        throw new RefusedError(
          `${id}: the earlier run started it as ${rec.key}, but the advisory now gives ${now} — it changed since; look for ${rec.key} on the remote, and restore the advisory (or record the step with --confirm-sent ${id}) before resuming. Nothing was sent.`,
        );
      }
      let found: Evidence | null | 'unknown';
      try {
        found = await impl.find(ctx);
      } catch (e) {
        remoteFailure(id, e);
      }
      if (found && found !== 'unknown') {
        await journal.done(id, rec.key, found);
        if (impl.links) Object.assign(ctx.links, impl.links(found));
        reporter.progress(`${label}: found on the remote, not sent again (${summary(found)})`);
        steps.push({ id, result: 'found-on-remote', evidence: found });
        await opts.afterStep?.(id);
        continue;
      }
      if (found === 'unknown' && confirmedSent.has(id)) {
        const ev = { key: rec.key, foundBy: 'operator (--confirm-sent)' };
        await journal.done(id, rec.key, ev);
        reporter.progress(`${label}: recorded as sent on your word (--confirm-sent), not sent again`);
        steps.push({ id, result: 'found-on-remote', evidence: ev });
        await opts.afterStep?.(id);
        continue;
      }
      if (found === 'unknown' && !confirm.has(id)) {
        await journal.note(`refused to resend ${id} without confirmation`);
        throw new RefusedError(
          `${id}: an earlier run started sending ${rec.key} at ${rec.startedAt} and did not record the result, and no remote can tell whether it arrived` +
            `${id === 'announce' && ctx.config.mail.archive_url ? ' (the list archive does not have it, perhaps not yet)' : ''}. ` +
            `Check the list (or your mail server's log) for that Message-ID. If it did NOT go out, re-run with --confirm-resend ${id}; if it did, re-run with --confirm-sent ${id} to record it and go on. Nothing was sent.`,
        );
      }
    }
    const key = await impl.key(ctx);
    reporter.progress(`${label}: ${p.step.title.toLowerCase()} …`);
    await journal.started(id, key);
    await pausePoint(ctx.env, id, 'started');
    let evidence: Evidence;
    try {
      evidence = await impl.perform(ctx);
    } catch (e) {
      if (e instanceof MailError && e.outcome === 'refused') await journal.failed(id, e.message);
      else await journal.note(`${id} failed: ${(e as Error).message}`);
      remoteFailure(id, e);
    }
    await pausePoint(ctx.env, id, 'effect');
    await journal.done(id, key, evidence);
    if (impl.links) Object.assign(ctx.links, impl.links(evidence));
    reporter.progress(`${label}: done in ${Date.now() - started} ms (${summary(evidence)})`);
    steps.push({ id, result: 'done', evidence });
    await opts.afterStep?.(id);
  }
  await journal.note('published');
  return { id: opts.id, mode: 'live', status: 'published', checks, steps, journal: journal.file };
}

function summary(evidence: Evidence | undefined): string {
  if (!evidence) return 'no evidence';
  const keys = ['messageId', 'url', 'commit', 'ghsaId', 'topicId', 'foundBy'];
  return keys.filter((k) => evidence[k]).map((k) => `${k} ${evidence[k]}`).join(', ');
}

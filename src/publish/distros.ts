// `npm run notify-distros -- <ID>`: the private heads-up to the distros list, 3 to 14 days before
// the embargo (the list's policy, spec §5), recorded in the advisory as distros.notified (atomic
// write + commit). Two steps run by the one engine (src/engine/engine.ts), journaled in the
// advisory's release journal: `distros` (the mail) and `distros-record` (write back and commit).
// Without --live it writes the mail to the outbox only.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Advisory } from '../advisory/schema.ts';
import { composeMail, sendMail, type MailPayload } from '../channels/distros/deliver.ts';
import { clockOf, liveClock, stamp } from '../clock.ts';
import type { TeamConfig } from '../config/schema.ts';
import { checkSmtp } from '../engine/credentials.ts';
import { gateAll, runSteps, type Step } from '../engine/engine.ts';
import { acquireLock } from '../engine/lock.ts';
import { DiscloseError, RefusedError } from '../errors.ts';
import { gateForAdvisory } from '../gate/repository.ts';
import type { Reporter } from './hooks.ts';
import { Journal } from './journal.ts';
import { loadRelease } from './load-release.ts';
import { formatTime } from './plan.ts';
import { channelRenderer, readAttachments, renderChannel, type Renderer } from './render.ts';
import { commitFile, identityOf, writeBack } from './write-back.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The distros list's rules: at least 72 hours, at most 14 days before the public date. */
export const DISTROS_MIN_LEAD = 3 * DAY;
export const DISTROS_MAX_LEAD = 14 * DAY;

export interface NotifyOptions {
  root: string;
  id: string;
  live: boolean;
  env?: NodeJS.ProcessEnv;
  /** Injected for tests (in-process); defaults to liveClock(env) live, clockOf(env) otherwise. */
  clock?: () => Date;
  render?: Renderer;
  reporter: Reporter;
  confirmResend?: boolean;
  confirmSent?: boolean;
  timeoutMs?: number;
}

export interface NotifyResult {
  id: string;
  status: 'rehearsed' | 'sent' | 'already-notified';
  messageId?: string;
  notified?: string;
  commit?: string;
  outbox?: string;
  window: { opens: string; closes: string };
}

interface DistrosContext {
  advisory: Advisory;
  config: TeamConfig;
  file: string;
  clock: () => Date;
  payload: MailPayload;
  isPublic: boolean;
  raw: Buffer;
  smtpUrl: string;
  timeoutMs?: number;
  /** The moment the mail went out (from the send step's evidence), written as distros.notified. */
  notified?: string;
}

/** Why the distros list cannot take the mail at `now`, or null inside the window. */
function windowProblem(advisory: Advisory, config: TeamConfig, now: Date): string | null {
  const embargo = Date.parse(advisory.data.embargo!);
  const opens = new Date(embargo - DISTROS_MAX_LEAD);
  const closes = new Date(embargo - DISTROS_MIN_LEAD);
  const id = advisory.data.id;
  if (now.getTime() >= embargo) return `${id}: the embargo (${advisory.data.embargo}) has passed — the issue is public, so the distros list cannot take it; send oss-security only`;
  if (now < opens) return `${id}: too early — the distros list accepts at most 14 days before the public date; the window opens ${formatTime(opens, config.timezone)} and closes ${formatTime(closes, config.timezone)}`;
  if (now > closes) {
    return `${id}: too late — the distros list needs at least 72 hours before the public date (${formatTime(new Date(embargo), config.timezone)}); the window closed ${formatTime(closes, config.timezone)}. Move the embargo, or set distros.skip with the reason`;
  }
  return null;
}

const send: Step<DistrosContext> = {
  id: 'distros',
  title: 'sending the heads-up to the distros list',
  key: (ctx) => ctx.payload.messageId,
  // The distros list has no public archive: an unknown outcome needs a person's word.
  find: async () => 'unknown',
  outgoing: async (ctx) => [{ payload: ctx.payload, public: ctx.isPublic }],
  async perform(ctx) {
    const sent = await sendMail(ctx.payload, ctx.raw, { url: ctx.smtpUrl, timeoutMs: ctx.timeoutMs });
    return { messageId: sent.messageId, response: sent.response, at: stamp(ctx.clock()) };
  },
  absorb(ctx, ev) {
    ctx.notified = ev.at ?? stamp(ctx.clock());
  },
};

// Recording is idempotent (the same value written again, a commit only when it changed), so a run
// killed half way simply does it again.
const record: Step<DistrosContext> = {
  id: 'distros-record',
  title: 'recording distros.notified in the advisory',
  key: (ctx) => `${path.basename(ctx.file)}:distros.notified`,
  find: async () => null,
  async perform(ctx) {
    const notified = ctx.notified ?? stamp(ctx.clock());
    await writeBack(ctx.file, [{ path: ['distros', 'notified'], value: notified }]);
    const committed = await commitFile(ctx.file, `Notify distros of ${ctx.advisory.data.id}`, identityOf(ctx.config.mail.from));
    return { notified, commit: committed.commit };
  },
};

export async function notifyDistros(opts: NotifyOptions): Promise<NotifyResult> {
  const env = opts.env ?? process.env;
  // A malformed DISCLOSE_NOW is refused at once (exit 2); a live send refuses one ahead of the
  // system clock (exit 3): the window checks below are only as good as the clock.
  const clock = opts.clock ?? (opts.live ? liveClock(env) : clockOf(env));
  const { id, config, file, advisory } = await loadRelease(opts.root, opts.id);
  const data = advisory.data;
  const now = clock();

  if (!(data.channels ?? []).includes('distros')) throw new RefusedError(`${id}: distros is not in channels — add it to channels, or leave the list out on purpose with distros.skip`);
  if (data.distros?.skip) throw new RefusedError(`${id}: distros.skip is set ("${data.distros.skip}") — the distros list takes only issues that are not public; nothing to send`);
  if (data.status === 'published' || data.status === 'withdrawn') throw new RefusedError(`${id} is already ${data.status}: the distros list takes only issues that are not public`);
  if (data.status !== 'embargoed') throw new RefusedError(`${id} has status ${data.status}: set status: embargoed with the agreed embargo date first`);
  if (!data.embargo) throw new RefusedError(`${id}: no embargo date — the distros mail states the public date and time`);

  const embargo = Date.parse(data.embargo);
  const window = { opens: new Date(embargo - DISTROS_MAX_LEAD).toISOString(), closes: new Date(embargo - DISTROS_MIN_LEAD).toISOString() };

  const journal = await Journal.open(opts.root, id, clock);
  // Recorded but not committed (killed while recording): the run goes on and finishes that.
  const recording = opts.live && journal.step('distros-record') !== undefined && !journal.isDone('distros-record');
  if (data.distros?.notified && !recording) {
    opts.reporter.progress(`${id}: distros was already notified at ${data.distros.notified}; nothing to do`);
    return { id, status: 'already-notified', notified: data.distros.notified, window };
  }
  const sentBefore = journal.isDone('distros');
  if (!sentBefore) {
    const problem = windowProblem(advisory, config, now);
    if (problem) throw new RefusedError(problem);
  }

  const rendered = await renderChannel(opts.render ?? channelRenderer, 'distros', { advisory, config, now, links: {}, attachments: await readAttachments(advisory) }).catch((e: unknown) => {
    if (e instanceof DiscloseError) throw e;
    throw new RefusedError(`preflight: the distros renderer failed (${(e as Error).message}); nothing was sent`);
  });
  if (rendered.payload.kind !== 'mail') throw new RefusedError(`preflight: the distros renderer returned a ${rendered.payload.kind} payload, expected mail; nothing was sent`);
  const payload: MailPayload = rendered.payload;
  const raw = await composeMail(payload);
  const ctx: DistrosContext = { advisory, config, file, clock, payload, isPublic: rendered.public, raw, smtpUrl: env.DISCLOSE_SMTP_URL ?? '', timeoutMs: opts.timeoutMs };
  // The gate: private values and non-shareable attachments never reach the list.
  const gate = await gateForAdvisory(advisory, now);
  await gateAll(gate, [send], ctx);

  if (!opts.live) {
    const outbox = path.join(opts.root, 'outbox', id, 'rehearsal');
    await mkdir(outbox, { recursive: true });
    await writeFile(path.join(outbox, '00-distros.eml'), raw);
    opts.reporter.progress(`rehearsal: the distros mail is in ${path.relative(opts.root, outbox)}/00-distros.eml; nothing was sent. Run with --live to send it (window: until ${formatTime(new Date(window.closes), config.timezone)}).`);
    return { id, status: 'rehearsed', messageId: payload.messageId, outbox, window };
  }

  if (!ctx.smtpUrl) throw new RefusedError('DISCLOSE_SMTP_URL is not set — export it in this shell');
  if (!sentBefore) {
    const smtp = await checkSmtp(ctx.smtpUrl, opts.timeoutMs ?? 30_000);
    if (smtp.level === 'error') throw new RefusedError(`preflight refused the distros mail of ${id}, nothing was sent:\n  - ${smtp.name}: ${smtp.message}`);
  }

  const lock = await acquireLock(opts.root, id, 'notify-distros');
  try {
    const steps = await runSteps({
      command: 'notify-distros',
      steps: [send, record],
      // Read again under the lock: another run may have sent it meanwhile.
      ctx,
      journal: await Journal.open(opts.root, id, clock),
      lock,
      env,
      reporter: opts.reporter,
      gate,
      confirmResend: opts.confirmResend ? ['distros'] : [],
      confirmSent: opts.confirmSent ? ['distros'] : [],
      // The window is checked again right before the mail; recording it afterwards always runs.
      guard: (step) => {
        const problem = step === 'distros' ? windowProblem(advisory, config, clock()) : null;
        if (problem) throw new RefusedError(problem);
      },
    });
    const recorded = steps.find((s) => s.id === 'distros-record')?.evidence ?? {};
    const notified = recorded.notified ?? ctx.notified ?? '';
    opts.reporter.progress(`distros: notified at ${notified}; recorded in the advisory (commit ${(recorded.commit ?? '').slice(0, 12)})`);
    return { id, status: 'sent', messageId: payload.messageId, notified, commit: recorded.commit, window };
  } finally {
    await lock.release();
  }
}

// `npm run notify-distros -- <ID>`: the private heads-up to the distros list, 3 to 14 days before
// the embargo (the list's policy, spec §5), journaled like a release step and recorded in the
// advisory as distros.notified (atomic write + commit). Without --live it writes the mail to the
// outbox only.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadAdvisory } from '../advisory/parse.ts';
import { composeMail, MailError, sendMail, type MailPayload } from '../channels/distros/deliver.ts';
import { loadConfig } from '../config/load.ts';
import { InputError, RefusedError, RemoteError } from '../errors.ts';
import { pausePoint, type Reporter } from './hooks.ts';
import { Journal } from './journal.ts';
import { lock } from './lock.ts';
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

/** ISO 8601 in UTC without milliseconds, as the advisory files write timestamps. */
function stamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function notifyDistros(opts: NotifyOptions): Promise<NotifyResult> {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? (() => (env.DISCLOSE_NOW ? new Date(env.DISCLOSE_NOW) : new Date()));
  const config = await loadConfig(opts.root);
  const file = path.join(opts.root, 'advisories', `${opts.id}.md`);
  const advisory = await loadAdvisory(file).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${file}: no such advisory — check the id`);
    throw e;
  });
  const data = advisory.data;
  const now = clock();

  if (!(data.channels ?? []).includes('distros')) throw new RefusedError(`${opts.id}: distros is not in channels — add it to channels, or leave the list out on purpose with distros.skip`);
  if (data.distros?.skip) throw new RefusedError(`${opts.id}: distros.skip is set ("${data.distros.skip}") — the distros list takes only issues that are not public; nothing to send`);
  if (data.status === 'published' || data.status === 'withdrawn') throw new RefusedError(`${opts.id} is already ${data.status}: the distros list takes only issues that are not public`);
  if (data.status !== 'embargoed') throw new RefusedError(`${opts.id} has status ${data.status}: set status: embargoed with the agreed embargo date first`);
  if (!data.embargo) throw new RefusedError(`${opts.id}: no embargo date — the distros mail states the public date and time`);

  const embargo = Date.parse(data.embargo);
  const opens = new Date(embargo - DISTROS_MAX_LEAD);
  const closes = new Date(embargo - DISTROS_MIN_LEAD);
  const window = { opens: opens.toISOString(), closes: closes.toISOString() };

  if (data.distros?.notified) {
    opts.reporter.progress(`${opts.id}: distros was already notified at ${data.distros.notified}; nothing to do`);
    return { id: opts.id, status: 'already-notified', notified: data.distros.notified, window };
  }
  if (now.getTime() >= embargo) throw new RefusedError(`${opts.id}: the embargo (${data.embargo}) has passed — the issue is public, so the distros list cannot take it; send oss-security only`);
  if (now < opens) {
    throw new RefusedError(`${opts.id}: too early — the distros list accepts at most 14 days before the public date; the window opens ${formatTime(opens, config.timezone)} and closes ${formatTime(closes, config.timezone)}`);
  }
  if (now > closes) {
    throw new RefusedError(
      `${opts.id}: too late — the distros list needs at least 72 hours before the public date (${formatTime(new Date(embargo), config.timezone)}); the window closed ${formatTime(closes, config.timezone)}. Move the embargo, or set distros.skip with the reason`,
    );
  }

  const rendered = await renderChannel(opts.render ?? channelRenderer, 'distros', {
    advisory,
    config,
    now,
    links: {},
    attachments: await readAttachments(advisory),
  });
  if (rendered.payload.kind !== 'mail') throw new Error(`the distros renderer returned a ${rendered.payload.kind} payload, expected mail`);
  const payload: MailPayload = rendered.payload;
  const raw = await composeMail(payload);

  if (!opts.live) {
    const outbox = path.join(opts.root, 'outbox', opts.id, 'rehearsal');
    await mkdir(outbox, { recursive: true });
    await writeFile(path.join(outbox, '00-distros.eml'), raw);
    opts.reporter.progress(`rehearsal: the distros mail is in ${path.relative(opts.root, outbox)}/00-distros.eml; nothing was sent. Run with --live to send it (window: until ${formatTime(closes, config.timezone)}).`);
    return { id: opts.id, status: 'rehearsed', messageId: payload.messageId, outbox, window };
  }

  const smtpUrl = env.DISCLOSE_SMTP_URL;
  if (!smtpUrl) throw new RefusedError('DISCLOSE_SMTP_URL is not set — export it in this shell');

  const release = await lock(opts.root, opts.id);
  try {
    return await sendAndRecord(opts, { env, clock, file, config, payload, raw, smtpUrl, window, journal: await Journal.open(opts.root, opts.id, clock) });
  } finally {
    await release();
  }
}

interface SendInput {
  env: NodeJS.ProcessEnv;
  clock: () => Date;
  file: string;
  config: Awaited<ReturnType<typeof loadConfig>>;
  payload: MailPayload;
  raw: Buffer;
  smtpUrl: string;
  window: NotifyResult['window'];
  /** Read under the lock. */
  journal: Journal;
}

async function sendAndRecord(opts: NotifyOptions, { env, clock, file, config, payload, raw, smtpUrl, window, journal }: SendInput): Promise<NotifyResult> {
  const rec = journal.step('distros');
  if (rec?.state === 'started' && !opts.confirmResend) {
    if (opts.confirmSent) {
      await journal.done('distros', rec.key, { messageId: rec.key, foundBy: 'operator (--confirm-sent)' });
    } else {
      throw new RefusedError(
        `distros: an earlier run started sending ${rec.key} at ${rec.startedAt} and did not record the result, and the distros list has no public archive to ask. Check with the list (or your mail server's log): if it did NOT arrive, re-run with --confirm-resend; if it did, with --confirm-sent. Nothing was sent.`,
      );
    }
  }
  if (journal.step('distros')?.state !== 'done') {
    await pausePoint(env, 'distros', 'before');
    await journal.started('distros', payload.messageId);
    opts.reporter.progress(`distros: sending to ${payload.to} …`);
    try {
      const sent = await sendMail(payload, raw, { url: smtpUrl, timeoutMs: opts.timeoutMs });
      await pausePoint(env, 'distros', 'effect');
      await journal.done('distros', payload.messageId, { messageId: sent.messageId, response: sent.response, at: stamp(clock()) });
    } catch (e) {
      if (e instanceof MailError) {
        if (e.outcome === 'refused') await journal.failed('distros', e.message);
        throw new RemoteError(`distros: ${e.message} — re-run notify-distros to resume`);
      }
      throw e;
    }
  }
  // Record it in the advisory: the publish preflight checks distros.notified.
  const notified = journal.step('distros')?.evidence?.at ?? stamp(clock());
  await writeBack(file, [{ path: ['distros', 'notified'], value: notified }]);
  const committed = await commitFile(file, `Notify distros of ${opts.id}`, identityOf(config.mail.from));
  await journal.note(`distros notified at ${notified}, recorded in ${committed.commit}`);
  opts.reporter.progress(`distros: notified at ${notified}; recorded in the advisory (commit ${committed.commit.slice(0, 12)})`);
  return { id: opts.id, status: 'sent', messageId: payload.messageId, notified, commit: committed.commit, window };
}

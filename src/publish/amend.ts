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
import { composeMail, findArchived, sendMail, type MailPayload } from '../channels/announce/deliver.ts';
import { editPost, findPost, postFile, postUrl, repositoryReachable, type BlogTarget, type GitFilePayload } from '../channels/blog/deliver.ts';
import { findTopic, replyToTopic, type ForumTarget } from '../channels/forum/deliver.ts';
import { findAdvisory, ghsaMarker, updateAdvisory, withMarker, type GhsaTarget } from '../channels/ghsa/deliver.ts';
import { sortedUpdates, updateStamp } from '../channels/shared/updates.ts';
import type { ErrataPayload, MailAttachment, RenderedErrata } from '../channels/types.ts';
import type { TeamConfig } from '../config/schema.ts';
import { clockOf, liveClock } from '../clock.ts';
import { checkCredentials } from '../engine/credentials.ts';
import { gateAll, runSteps, type Step } from '../engine/engine.ts';
import { acquireLock } from '../engine/lock.ts';
import { DiscloseError, RefusedError } from '../errors.ts';
import { gateForAdvisory } from '../gate/repository.ts';
import type { Reporter } from './hooks.ts';
import { loadRelease } from './load-release.ts';
import { Journal } from './journal.ts';
import { embargoCheck, failures, REMOTE_OF, type Check } from './preflight.ts';
import { channelRenderer, readAttachments, renderChannel, type Renderer } from './render.ts';
import { KeyUnavailable, loadSigningKey, type SigningKey } from './signing.ts';
import { smtpTarget, writeOut } from './steps.ts';
import { identityOf } from './write-back.ts';
import { verifySignedMail } from './verify-mail.ts';

/** The channels an amendment reaches, in the order they are sent (the signed mail first). */
export const AMEND_CHANNELS = ['announce', 'blog', 'forum', 'ghsa', 'oss-security'] as const;
export type AmendChannel = (typeof AMEND_CHANNELS)[number];

const CREDENTIALS: Record<AmendChannel, 'DISCLOSE_SMTP_URL' | 'GITHUB_TOKEN' | 'DISCOURSE_API_KEY' | null> = {
  announce: 'DISCLOSE_SMTP_URL',
  blog: null,
  forum: 'DISCOURSE_API_KEY',
  ghsa: 'GITHUB_TOKEN',
  'oss-security': 'DISCLOSE_SMTP_URL',
};

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

interface AmendContext {
  advisory: Advisory;
  config: TeamConfig;
  env: NodeJS.ProcessEnv;
  clock: () => Date;
  reporter: Reporter;
  timeoutMs?: number;
  update: { index: number; at: string; note: string };
  errata: Partial<Record<AmendChannel, RenderedErrata>>;
  key?: SigningKey;
  secrets: { smtpUrl?: string; githubToken?: string; discourseKey?: string };
}

interface AmendStep {
  id: AmendChannel;
  key(ctx: AmendContext): string;
  /** Evidence of an earlier delivery, null when there is none (or re-sending is harmless), 'unknown' when no remote can tell. */
  find(ctx: AmendContext): Promise<Evidence | null | 'unknown'>;
  perform(ctx: AmendContext): Promise<Evidence>;
  rehearse(ctx: AmendContext, outbox: string): Promise<string[]>;
}

function errataOf<K extends ErrataPayload['kind']>(ctx: AmendContext, channel: AmendChannel, kind: K): Extract<ErrataPayload, { kind: K }> {
  const payload = ctx.errata[channel]?.payload;
  if (!payload || payload.kind !== kind) throw new Error(`the ${channel} renderer gave no ${kind} errata for ${ctx.update.at}`);
  return payload as Extract<ErrataPayload, { kind: K }>;
}

function smtp(ctx: AmendContext) {
  return smtpTarget(ctx.secrets.smtpUrl, ctx.timeoutMs);
}

// ---------------------------------------------------------------------------------------------
// announce: a signed follow-up to the list, In-Reply-To the announcement. Its body is the
// clearsigned errata text; the full updated advisory is attached, clearsigned too.

export async function signedErrata(ctx: AmendContext): Promise<{ payload: MailPayload; raw: Buffer; signed: string | null; attachments: MailAttachment[] }> {
  const mail = errataOf(ctx, 'announce', 'mail');
  const at = ctx.clock();
  const signed = ctx.key ? await ctx.key.clearsign(mail.text, at) : null;
  const asc: MailAttachment[] = [];
  for (const a of mail.attachments) {
    if (ctx.key && typeof a.content === 'string' && a.filename.endsWith('.txt')) {
      asc.push({ filename: `${a.filename}.asc`, content: await ctx.key.clearsign(a.content, at), contentType: a.contentType });
    }
  }
  // Signed copies replace the plain ones they were made from (as the announcement does).
  const payload: MailPayload = ctx.key ? { ...mail, attachments: mail.attachments.filter((a) => !asc.some((s) => s.filename === `${a.filename}.asc`)) } : mail;
  return { payload, raw: await composeMail(payload, signed ?? mail.text, asc), signed, attachments: asc };
}

const announce: AmendStep = {
  id: 'announce',
  key: (ctx) => errataOf(ctx, 'announce', 'mail').messageId,
  async find(ctx) {
    const template = ctx.config.mail.archive_url;
    if (!template) return 'unknown';
    const messageId = this.key(ctx);
    const url = await findArchived(template, messageId, ctx.timeoutMs);
    return url ? { messageId, archived: url, foundBy: 'list archive' } : 'unknown';
  },
  async perform(ctx) {
    if (!ctx.key) throw new RefusedError('the follow-up to the announcement must be signed: no signing key is loaded');
    const { payload, raw } = await signedErrata(ctx);
    const check = await verifySignedMail(raw, ctx.key.publicKey, ctx.clock());
    if (!check.body.valid || check.attachment?.valid === false) {
      throw new RefusedError(`the follow-up's signature does not verify on the bytes to be sent (${check.body.error ?? check.attachment?.error}); nothing was sent`);
    }
    const sent = await sendMail(payload, raw, smtp(ctx));
    return { messageId: sent.messageId, inReplyTo: payload.inReplyTo ?? '', response: sent.response };
  },
  async rehearse(ctx, outbox) {
    const { raw, signed, attachments } = await signedErrata(ctx);
    const files = [await writeOut(outbox, '01-announce-followup.eml', raw)];
    if (signed) for (const a of attachments) files.push(await writeOut(outbox, `01-${a.filename}`, a.content));
    else ctx.reporter.warn('no signing key: the rehearsal follow-up is NOT signed (a live run refuses without the key)');
    return files;
  },
};

// ---------------------------------------------------------------------------------------------
// blog: the post file, edited in place (the footer is part of the rendered post).

function blogTarget(ctx: AmendContext): BlogTarget {
  return { repository: ctx.config.blog.repository, branch: ctx.config.blog.branch, postsDir: ctx.config.blog.posts_dir, identity: identityOf(ctx.config.mail.from) };
}

const blog: AmendStep = {
  id: 'blog',
  key: (ctx) => `${ctx.config.blog.branch}:${postFile(blogTarget(ctx), errataOf(ctx, 'blog', 'git-file'))}@${ctx.update.at}`,
  async find(ctx) {
    const payload = errataOf(ctx, 'blog', 'git-file');
    const found = await findPost(blogTarget(ctx), payload);
    // Only the exact amended text counts; anything else is edited again (an edit is idempotent).
    return found?.sameContent ? { commit: found.commit, url: postUrl(ctx.config.blog.base_url, payload), foundBy: 'blog branch' } : null;
  },
  async perform(ctx) {
    const payload: GitFilePayload = errataOf(ctx, 'blog', 'git-file');
    const done = await editPost(blogTarget(ctx), payload);
    return { commit: done.commit, file: done.file, url: postUrl(ctx.config.blog.base_url, payload), ...(done.alreadyThere ? { foundBy: 'blog branch' } : {}) };
  },
  async rehearse(ctx, outbox) {
    const payload = errataOf(ctx, 'blog', 'git-file');
    return [await writeOut(outbox, path.join('02-blog', postFile(blogTarget(ctx), payload)), payload.content)];
  },
};

// ---------------------------------------------------------------------------------------------
// forum: a reply in the advisory's topic, found by its external_id.

function forumTarget(ctx: AmendContext): ForumTarget {
  if (!ctx.secrets.discourseKey) throw new RefusedError('DISCOURSE_API_KEY is not set');
  return { url: ctx.config.forum.url, apiKey: ctx.secrets.discourseKey, apiUsername: ctx.config.forum.api_username, timeoutMs: ctx.timeoutMs };
}

const forum: AmendStep = {
  id: 'forum',
  key: (ctx) => `${errataOf(ctx, 'forum', 'discourse-reply').external_id}#update-${updateStamp(ctx.update.at)}`,
  // A client cannot tag a reply with its own id, so Discourse cannot say whether it was posted.
  find: async () => 'unknown',
  async perform(ctx) {
    const target = forumTarget(ctx);
    const reply = errataOf(ctx, 'forum', 'discourse-reply');
    const topic = await findTopic(target, reply.external_id);
    if (!topic) throw new RefusedError(`the forum has no topic with external_id ${reply.external_id} — was the advisory published to the forum?`);
    const posted = await replyToTopic(target, topic.topicId, reply.body.raw);
    return { topicId: String(topic.topicId), postId: String(posted.postId), url: posted.url };
  },
  async rehearse(ctx, outbox) {
    const reply = errataOf(ctx, 'forum', 'discourse-reply');
    const base = ctx.config.forum.url.replace(/\/$/, '');
    const requests = [
      { method: 'GET', url: `${base}/t/external_id/${encodeURIComponent(reply.external_id)}.json` },
      { method: 'POST', url: `${base}/posts.json`, headers: { 'Api-Key': '<DISCOURSE_API_KEY>', 'Api-Username': ctx.config.forum.api_username }, body: { topic_id: '<id of that topic>', ...reply.body } },
    ];
    return [await writeOut(outbox, '03-forum.requests.json', `${JSON.stringify(requests, null, 2)}\n`)];
  },
};

// ---------------------------------------------------------------------------------------------
// ghsa: PATCH the advisory. GitHub's update accepts state published/closed/draft only, so a
// withdrawal cannot be expressed there: the description says so and the responder is told.

function ghsaTarget(ctx: AmendContext): GhsaTarget {
  if (!ctx.secrets.githubToken) throw new RefusedError('GITHUB_TOKEN is not set');
  return { apiUrl: ctx.config.github.api_url, repository: ctx.config.github.repository, token: ctx.secrets.githubToken, timeoutMs: ctx.timeoutMs };
}

const WITHDRAW_NOTE = "GitHub's API cannot withdraw a repository advisory (PATCH state takes published, closed or draft): its description now says it is withdrawn; ask GitHub to withdraw it";

const ghsa: AmendStep = {
  id: 'ghsa',
  key: (ctx) => `${ghsaMarker(ctx.advisory.data.id)}@${ctx.update.at}`,
  // The same PATCH twice leaves the same advisory: re-sending is the check.
  find: async () => null,
  async perform(ctx) {
    const target = ghsaTarget(ctx);
    let ghsaId = ctx.advisory.data.ghsa;
    if (!ghsaId) {
      const found = await findAdvisory(target, ctx.advisory.data.id);
      if (!found) throw new RefusedError(`no GitHub advisory of ${ctx.advisory.data.id} was found (no ghsa: in the advisory, no marker ${ghsaMarker(ctx.advisory.data.id)}) — was it published to GitHub?`);
      ghsaId = found.ghsaId;
    }
    const updated = await updateAdvisory(target, ghsaId, errataOf(ctx, 'ghsa', 'ghsa-update').body, ctx.advisory.data.id);
    if (ctx.advisory.data.status === 'withdrawn') ctx.reporter.warn(WITHDRAW_NOTE);
    return { ghsaId: updated.ghsaId, url: updated.url, state: updated.state };
  },
  async rehearse(ctx, outbox) {
    const [owner, repo] = ctx.config.github.repository.split('/');
    const base = ctx.config.github.api_url.replace(/\/$/, '');
    const body = withMarker({ kind: 'ghsa', body: errataOf(ctx, 'ghsa', 'ghsa-update').body }, ctx.advisory.data.id);
    const request = { method: 'PATCH', url: `${base}/repos/${owner}/${repo}/security-advisories/${ctx.advisory.data.ghsa ?? '{ghsa_id}'}`, body };
    if (ctx.advisory.data.status === 'withdrawn') ctx.reporter.warn(WITHDRAW_NOTE);
    return [await writeOut(outbox, '04-ghsa.request.json', `${JSON.stringify(request, null, 2)}\n`)];
  },
};

// ---------------------------------------------------------------------------------------------
// oss-security: a plain follow-up mail, In-Reply-To the original.

const ossSecurity: AmendStep = {
  id: 'oss-security',
  key: (ctx) => errataOf(ctx, 'oss-security', 'mail').messageId,
  find: async () => 'unknown',
  async perform(ctx) {
    const payload = errataOf(ctx, 'oss-security', 'mail');
    const sent = await sendMail(payload, await composeMail(payload), smtp(ctx));
    return { messageId: sent.messageId, inReplyTo: payload.inReplyTo ?? '', response: sent.response };
  },
  async rehearse(ctx, outbox) {
    return [await writeOut(outbox, '05-oss-security-followup.eml', await composeMail(errataOf(ctx, 'oss-security', 'mail')))];
  },
};

const STEPS: Record<AmendChannel, AmendStep> = { announce, blog, forum, ghsa, 'oss-security': ossSecurity };

// ---------------------------------------------------------------------------------------------

const TITLES: Record<AmendChannel, string> = {
  announce: 'sending the signed follow-up to the announcement',
  blog: 'editing the blog post',
  forum: 'replying in the forum topic',
  ghsa: 'updating the GitHub advisory',
  'oss-security': 'sending the follow-up to oss-security',
};

/** An amendment step as the engine runs it; its payload is the channel's errata, all public. */
function engineStep(s: AmendStep): Step<AmendContext> {
  return {
    id: s.id,
    title: TITLES[s.id],
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

  const steps = channels.map((c) => STEPS[c]);
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
  const secrets = { smtpUrl: env.DISCLOSE_SMTP_URL || undefined, githubToken: env.GITHUB_TOKEN || undefined, discourseKey: env.DISCOURSE_API_KEY || undefined };
  for (const name of new Set(channels.map((c) => CREDENTIALS[c]).filter((n) => n !== null))) {
    if (env[name]) checks.push({ name: `credential ${name}`, level: 'ok', message: `${name} is set` });
    else checks.push({ name: `credential ${name}`, level: soft, message: `${name} is not set — it is needed for ${channels.filter((c) => CREDENTIALS[c] === name).join(', ')}; export it in this shell` });
  }
  if (opts.live) {
    const remotes = [...new Set(channels.map((c) => CREDENTIALS[c]).filter((n) => n !== null))].map((n) => REMOTE_OF[n]);
    for (const c of await checkCredentials(remotes, config, secrets, opts.timeoutMs)) checks.push(c);
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
      guard: () => {
        const embargo = embargoCheck(advisory, clock());
        if (embargo.level === 'error') throw new RefusedError(`${embargo.message}.`);
      },
    });
    await journal.note(`amended: update ${update.at}`);
    return { id: opts.id, mode: 'live', status: 'amended', update, checks, steps: out as AmendStepOutcome[], journal: journal.file };
  } finally {
    await lock.release();
  }
}

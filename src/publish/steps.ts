// What each release step does: its idempotency key, how to find an earlier delivery on the remote,
// how to deliver, and what a rehearsal writes instead. The runner (runner.ts) decides WHEN and
// journals around these; each function here does one step's work and nothing else.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Advisory, Channel } from '../advisory/schema.ts';
import { archiveUrl, composeMail, findArchived, sendMail, type MailPayload } from '../channels/announce/deliver.ts';
import { findPost, postFile, postUrl, pushPost, type BlogTarget, type GitFilePayload } from '../channels/blog/deliver.ts';
import { createTopic, findTopic, HttpError, type ForumTarget, type TopicPayload } from '../channels/forum/deliver.ts';
import { createAdvisory, findAdvisory, ghsaMarker, publishAdvisory, withMarker, type GhsaPayload, type GhsaTarget } from '../channels/ghsa/deliver.ts';
import type { MailAttachment, Payload, RenderedChannel } from '../channels/types.ts';
import type { TeamConfig } from '../config/schema.ts';
import { RefusedError } from '../errors.ts';
import type { Journal } from './journal.ts';
import type { Outgoing } from '../engine/engine.ts';
import { pausePoint, type Reporter } from './hooks.ts';
import { renderChannel, type Links, type Renderer } from './render.ts';
import type { SigningKey } from './signing.ts';
import { commitFile, identityOf, writeBack, type FieldChange } from './write-back.ts';
import type { StepId } from './plan.ts';
import { verifySignedMail } from './verify-mail.ts';

export type Evidence = Record<string, string>;

/** Everything a step needs; built once per run by the runner. */
export interface StepContext {
  advisory: Advisory;
  config: TeamConfig;
  root: string;
  env: NodeJS.ProcessEnv;
  clock: () => Date;
  journal: Journal;
  render: Renderer;
  attachments: { name: string; content: Uint8Array }[];
  /** Public links known so far (filled from the journal's evidence as steps finish). */
  links: Links;
  key?: SigningKey;
  secrets: { smtpUrl?: string; githubToken?: string; discourseKey?: string };
  options: {
    announceUrl?: string;
    prompt?: (question: string) => Promise<string>;
    timeoutMs?: number;
    /** Sign the announcement as PGP/MIME (RFC 3156) instead of inline clearsigned text. */
    pgpMime?: boolean;
  };
  reporter: Reporter;
}

export interface StepImpl {
  id: StepId;
  /** The idempotency key recorded with `started`. */
  key(ctx: StepContext): Promise<string>;
  /**
   * For a step journaled as started but not done: the evidence of the earlier delivery when the
   * remote has it, null when it certainly does not, or 'unknown' when no remote can tell (mail
   * without a searchable archive): then only --confirm-resend <step> lets it run again.
   */
  find(ctx: StepContext): Promise<Evidence | null | 'unknown'>;
  perform(ctx: StepContext): Promise<Evidence>;
  /** Writes what the step would send into the outbox; returns the files written (relative). */
  rehearse(ctx: StepContext, outbox: string): Promise<string[]>;
  /** Folds a done step's evidence into the links later steps render with. */
  links?(evidence: Evidence): Links;
  /** What the step sends, for the outbound gate (preflight, and again right before perform). */
  outgoing?(ctx: StepContext): Promise<Outgoing[]>;
}

/** The rendered payload of `channel`, as the gate inspects it. */
function outgoingOf(channel: Channel): (ctx: StepContext) => Promise<Outgoing[]> {
  return async (ctx) => {
    const r = await rendered(ctx, channel);
    return [{ payload: r.payload, public: r.public }];
  };
}

// A step renders its channel for its key and again to deliver; with the same links and the same
// minute the text is the same, so it is rendered once. (Renderers are pure: ctx in, text out.)
const renderCache = new WeakMap<StepContext, Map<string, RenderedChannel>>();

async function rendered(ctx: StepContext, channel: Channel): Promise<RenderedChannel> {
  const now = ctx.clock();
  const cacheKey = `${channel} ${Math.floor(now.getTime() / 60_000)} ${JSON.stringify(ctx.links)}`;
  let cache = renderCache.get(ctx);
  if (!cache) renderCache.set(ctx, (cache = new Map()));
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const out = await renderChannel(ctx.render, channel, { advisory: ctx.advisory, config: ctx.config, now, links: ctx.links, attachments: ctx.attachments });
  cache.set(cacheKey, out);
  return out;
}

function payloadOf<K extends Payload['kind']>(r: RenderedChannel, kind: K): Extract<Payload, { kind: K }> {
  if (r.payload.kind !== kind) throw new Error(`the ${r.channel} renderer returned a ${r.payload.kind} payload, expected ${kind}`);
  return r.payload as Extract<Payload, { kind: K }>;
}

/** Writes one rehearsal file under the outbox; returns its name for the step's result. */
export async function writeOut(outbox: string, name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(outbox, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return name;
}

/** The SMTP server to send through; preflight has already refused a live run without one. */
export function smtpTarget(smtpUrl: string | undefined, timeoutMs: number | undefined) {
  if (!smtpUrl) throw new RefusedError('DISCLOSE_SMTP_URL is not set');
  return { url: smtpUrl, timeoutMs };
}

function smtp(ctx: StepContext) {
  return smtpTarget(ctx.secrets.smtpUrl, ctx.options.timeoutMs);
}

// ---------------------------------------------------------------------------------------------
// announce

/**
 * The announcement as it goes out: the signed text as body, and the same signed text attached in
 * place of the plain copy the renderer lists (`<ID>.txt` becomes `<ID>.txt.asc`, as `npm run render`
 * names it). `readdress` changes the envelope (--test-to: one teammate, its own Message-ID).
 */
export async function signedAnnouncement(
  ctx: StepContext,
  readdress: (p: MailPayload) => MailPayload = (p) => p,
): Promise<{ payload: MailPayload; signed: string | null; raw: Buffer; signedName: string }> {
  const mail = payloadOf(await rendered(ctx, 'announce'), 'mail');
  const signed = ctx.key ? await ctx.key.clearsign(mail.text) : null;
  const plain = mail.attachments.find((a) => a.content === mail.text);
  const signedName = `${plain?.filename ?? `${ctx.advisory.data.id}.txt`}.asc`;
  const asc: MailAttachment[] = signed ? [{ filename: signedName, content: signed, contentType: 'text/plain; charset=utf-8' }] : [];
  const payload = readdress({ ...mail, attachments: mail.attachments.filter((a) => a !== plain) });
  if (ctx.key && ctx.options.pgpMime) {
    // PGP/MIME: the plain text is the signed part, with the clearsigned copy attached inside it.
    const raw = await ctx.key.pgpMime({
      from: payload.from,
      to: payload.to,
      subject: payload.subject,
      messageId: payload.messageId,
      date: ctx.clock(),
      text: mail.text,
      attachments: [...payload.attachments, ...asc],
    });
    return { payload, signed, raw: Buffer.from(raw), signedName };
  }
  return { payload, signed, raw: await composeMail(payload, signed ?? mail.text, asc), signedName };
}

const announce: StepImpl = {
  id: 'announce',
  outgoing: outgoingOf('announce'),
  key: async (ctx) => payloadOf(await rendered(ctx, 'announce'), 'mail').messageId,
  async find(ctx) {
    const template = ctx.config.mail.archive_url;
    if (!template) return 'unknown';
    const messageId = await this.key(ctx);
    const url = await findArchived(template, messageId, ctx.options.timeoutMs);
    return url ? { messageId, archived: url, foundBy: 'list archive' } : 'unknown';
  },
  async perform(ctx) {
    const { payload, raw } = await signedAnnouncement(ctx);
    // The bytes about to go out are checked, not only the text preflight signed.
    if (!ctx.key) throw new RefusedError('the announcement must be signed: no signing key is loaded');
    const check = await verifySignedMail(raw, ctx.key.publicKey, ctx.clock());
    if (!check.body.valid || check.attachment?.valid === false) {
      throw new RefusedError(`the announcement's signature does not verify on the bytes to be sent (${check.body.error ?? check.attachment?.error}); nothing was sent`);
    }
    const sent = await sendMail(payload, raw, smtp(ctx));
    return { messageId: sent.messageId, response: sent.response };
  },
  async rehearse(ctx, outbox) {
    const { signed, raw, signedName } = await signedAnnouncement(ctx);
    const files = [await writeOut(outbox, '01-announce.eml', raw)];
    if (signed) files.push(await writeOut(outbox, `01-${signedName}`, signed));
    else ctx.reporter.warn('no signing key: the rehearsal announcement is NOT signed (a live run refuses without the key)');
    return files;
  },
};

// ---------------------------------------------------------------------------------------------
// announce-url: no side effect, only a decision that later steps render with.

async function announcementUrl(ctx: StepContext, live: boolean): Promise<Evidence> {
  if (ctx.options.announceUrl) return { url: ctx.options.announceUrl, source: '--announce-url' };
  const template = ctx.config.mail.archive_url;
  const messageId = await announce.key(ctx);
  if (template) {
    const url = archiveUrl(template, messageId);
    if (live) {
      const found = await findArchived(template, messageId, ctx.options.timeoutMs).catch((e: Error) => {
        ctx.reporter.warn(`the list archive could not be asked (${e.message}); recording ${url} anyway`);
        return url;
      });
      if (!found) ctx.reporter.warn(`the list archive does not show ${messageId} yet; recording ${url}, which is where it will appear`);
    }
    return { url, source: 'mail.archive_url' };
  }
  if (live && ctx.options.prompt) {
    const answer = (await ctx.options.prompt(`Archive URL of the announcement ${messageId}: `)).trim();
    if (/^https?:\/\//.test(answer)) return { url: answer, source: 'prompt' };
  }
  if (!live) return { url: `<archive URL of ${messageId}: pass --announce-url on the day>`, source: 'placeholder' };
  throw new RefusedError(
    `the announcement's archive URL is unknown: config mail.archive_url is not set and no URL was given — find ${messageId} in the list archive and re-run with --announce-url <url> (the mail is not sent again)`,
  );
}

const announceUrl: StepImpl = {
  id: 'announce-url',
  key: async () => 'announce-url',
  find: async () => null,
  perform: (ctx) => announcementUrl(ctx, true),
  async rehearse(ctx, outbox) {
    const ev = await announcementUrl(ctx, false);
    ctx.links.announce = ev.url;
    return [await writeOut(outbox, '02-announce-url.txt', `${ev.url}\n`)];
  },
  links: (ev) => ({ announce: ev.url }),
};

// ---------------------------------------------------------------------------------------------
// blog

function blogTarget(ctx: StepContext): BlogTarget {
  return {
    repository: ctx.config.blog.repository,
    branch: ctx.config.blog.branch,
    postsDir: ctx.config.blog.posts_dir,
    identity: identityOf(ctx.config.mail.from),
  };
}

async function blogPayload(ctx: StepContext): Promise<GitFilePayload> {
  return payloadOf(await rendered(ctx, 'blog'), 'git-file');
}

const blog: StepImpl = {
  id: 'blog',
  outgoing: outgoingOf('blog'),
  key: async (ctx) => `${ctx.config.blog.branch}:${postFile(blogTarget(ctx), await blogPayload(ctx))}`,
  async find(ctx) {
    const payload = await blogPayload(ctx);
    const found = await findPost(blogTarget(ctx), payload);
    if (!found) return null;
    if (!found.sameContent) ctx.reporter.warn(`the blog branch already has ${postFile(blogTarget(ctx), payload)} with other content; it is not pushed again — check it`);
    return { commit: found.commit, url: postUrl(ctx.config.blog.base_url, payload), foundBy: 'blog branch' };
  },
  async perform(ctx) {
    const payload = await blogPayload(ctx);
    const done = await pushPost(blogTarget(ctx), payload, { beforePush: () => pausePoint(ctx.env, 'blog', 'committed') });
    return { commit: done.commit, file: done.file, url: postUrl(ctx.config.blog.base_url, payload), ...(done.alreadyThere ? { foundBy: 'blog branch' } : {}) };
  },
  async rehearse(ctx, outbox) {
    const payload = await blogPayload(ctx);
    ctx.links.blog = postUrl(ctx.config.blog.base_url, payload);
    return [await writeOut(outbox, path.join('03-blog', postFile(blogTarget(ctx), payload)), payload.content)];
  },
  links: (ev) => ({ blog: ev.url }),
};

// ---------------------------------------------------------------------------------------------
// forum

function forumTarget(ctx: StepContext): ForumTarget {
  if (!ctx.secrets.discourseKey) throw new RefusedError('DISCOURSE_API_KEY is not set');
  return { url: ctx.config.forum.url, apiKey: ctx.secrets.discourseKey, apiUsername: ctx.config.forum.api_username, timeoutMs: ctx.options.timeoutMs };
}

async function topicPayload(ctx: StepContext): Promise<TopicPayload> {
  return payloadOf(await rendered(ctx, 'forum'), 'discourse-topic');
}

const forum: StepImpl = {
  id: 'forum',
  outgoing: outgoingOf('forum'),
  key: async (ctx) => (await topicPayload(ctx)).body.external_id,
  async find(ctx) {
    const found = await findTopic(forumTarget(ctx), (await topicPayload(ctx)).body.external_id);
    return found ? { topicId: String(found.topicId), url: found.url, foundBy: 'external_id' } : null;
  },
  async perform(ctx): Promise<Evidence> {
    const target = forumTarget(ctx);
    const payload = await topicPayload(ctx);
    try {
      const t = await createTopic(target, payload);
      return { topicId: String(t.topicId), postId: String(t.postId ?? ''), url: t.url };
    } catch (e) {
      // Discourse refuses a second topic with the same external_id: then it is already there.
      if (e instanceof HttpError && e.status === 422) {
        const found = await findTopic(target, payload.body.external_id);
        if (found) return { topicId: String(found.topicId), url: found.url, foundBy: 'external_id' };
      }
      throw e;
    }
  },
  async rehearse(ctx, outbox) {
    const payload = await topicPayload(ctx);
    const request = {
      method: 'POST',
      url: `${ctx.config.forum.url.replace(/\/$/, '')}/posts.json`,
      headers: { 'Api-Key': '<DISCOURSE_API_KEY>', 'Api-Username': ctx.config.forum.api_username },
      body: payload.body,
    };
    return [await writeOut(outbox, '04-forum.request.json', `${JSON.stringify(request, null, 2)}\n`)];
  },
  links: (ev) => ({ forum: ev.url }),
};

// ---------------------------------------------------------------------------------------------
// ghsa: create (a draft), then publish. The id of a created draft is journaled as progress, so a
// run killed between the two only publishes on resume.

function ghsaTarget(ctx: StepContext): GhsaTarget {
  if (!ctx.secrets.githubToken) throw new RefusedError('GITHUB_TOKEN is not set');
  return { apiUrl: ctx.config.github.api_url, repository: ctx.config.github.repository, token: ctx.secrets.githubToken, timeoutMs: ctx.options.timeoutMs };
}

async function ghsaPayload(ctx: StepContext): Promise<GhsaPayload> {
  return payloadOf(await rendered(ctx, 'ghsa'), 'ghsa');
}

const ghsa: StepImpl = {
  id: 'ghsa',
  outgoing: outgoingOf('ghsa'),
  key: async (ctx) => ghsaMarker(ctx.advisory.data.id),
  async find(ctx) {
    const target = ghsaTarget(ctx);
    const found = await findAdvisory(target, ctx.advisory.data.id);
    if (!found) return null;
    await ctx.journal.progress('ghsa', { ghsaId: found.ghsaId });
    if (found.state === 'published') return { ghsaId: found.ghsaId, url: found.url, foundBy: 'advisory list' };
    await pausePoint(ctx.env, 'ghsa', 'created');
    const published = await publishAdvisory(target, found.ghsaId);
    return { ghsaId: published.ghsaId, url: published.url, foundBy: 'advisory list (published on resume)' };
  },
  async perform(ctx) {
    const target = ghsaTarget(ctx);
    const created = await createAdvisory(target, await ghsaPayload(ctx), ctx.advisory.data.id);
    await ctx.journal.progress('ghsa', { ghsaId: created.ghsaId });
    await pausePoint(ctx.env, 'ghsa', 'created');
    const published = await publishAdvisory(target, created.ghsaId);
    return { ghsaId: published.ghsaId, url: published.url };
  },
  async rehearse(ctx, outbox) {
    const payload = await ghsaPayload(ctx);
    const [owner, repo] = ctx.config.github.repository.split('/');
    const base = ctx.config.github.api_url.replace(/\/$/, '');
    const requests = [
      { method: 'POST', url: `${base}/repos/${owner}/${repo}/security-advisories`, body: withMarker(payload, ctx.advisory.data.id) },
      { method: 'PATCH', url: `${base}/repos/${owner}/${repo}/security-advisories/{ghsa_id}`, body: { state: 'published' } },
    ];
    return [await writeOut(outbox, '05-ghsa.requests.json', `${JSON.stringify(requests, null, 2)}\n`)];
  },
  links: (ev) => ({ ghsa: ev.url }),
};

// ---------------------------------------------------------------------------------------------
// oss-security

async function ossPayload(ctx: StepContext): Promise<MailPayload> {
  return payloadOf(await rendered(ctx, 'oss-security'), 'mail');
}

const ossSecurity: StepImpl = {
  id: 'oss-security',
  outgoing: outgoingOf('oss-security'),
  key: async (ctx) => (await ossPayload(ctx)).messageId,
  // openwall's archive cannot be searched by Message-ID: an unknown outcome needs a person.
  find: async () => 'unknown',
  async perform(ctx) {
    const payload = await ossPayload(ctx);
    const sent = await sendMail(payload, await composeMail(payload), smtp(ctx));
    return { messageId: sent.messageId, response: sent.response };
  },
  async rehearse(ctx, outbox) {
    const payload = await ossPayload(ctx);
    return [await writeOut(outbox, '06-oss-security.eml', await composeMail(payload))];
  },
};

// ---------------------------------------------------------------------------------------------
// finalize: write links, ghsa and status back, then commit. Idempotent, so a re-run redoes it.

export function finalChanges(ctx: StepContext): FieldChange[] {
  const changes: FieldChange[] = [{ path: ['status'], value: 'published' }];
  for (const name of ['announce', 'blog', 'forum', 'ghsa'] as const) {
    const url = ctx.links[name];
    if (url && /^https?:\/\//.test(url)) changes.push({ path: ['links', name], value: url });
  }
  const ghsaId = ctx.journal.step('ghsa')?.evidence?.ghsaId;
  if (ghsaId) changes.push({ path: ['ghsa'], value: ghsaId, after: 'cve' });
  return changes;
}

const finalize: StepImpl = {
  id: 'finalize',
  key: async (ctx) => path.relative(ctx.root, ctx.advisory.file),
  find: async () => null,
  async perform(ctx) {
    await writeBack(ctx.advisory.file, finalChanges(ctx));
    await pausePoint(ctx.env, 'finalize', 'written');
    const committed = await commitFile(ctx.advisory.file, `Publish ${ctx.advisory.data.id}: ${ctx.advisory.data.title}`, identityOf(ctx.config.mail.from));
    return { commit: committed.commit, file: path.relative(ctx.root, ctx.advisory.file) };
  },
  async rehearse(ctx, outbox) {
    const changes = finalChanges(ctx).map((c) => `${c.path.join('.')}: ${c.value}`).join('\n');
    return [await writeOut(outbox, '07-finalize.txt', `Would write into ${path.relative(ctx.root, ctx.advisory.file)} and commit:\n${changes}\n`)];
  },
};

export const STEP_IMPLS: Record<Exclude<StepId, 'preflight'>, StepImpl> = {
  announce,
  'announce-url': announceUrl,
  blog,
  forum,
  ghsa,
  'oss-security': ossSecurity,
  finalize,
};

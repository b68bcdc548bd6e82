// The public URLs a channel points to. On release day publish fills ctx.links as steps finish;
// before that, URLs that can be derived from the config are derived (the announcement's archive
// URL from its Message-ID, the blog post's URL from its path), and the rest get a placeholder
// nobody can mistake for a real link.
import type { RenderContext } from '../types.ts';
import { utcDate } from './time.ts';

export type LinkName = keyof RenderContext['links'];

/** Deterministic Message-ID per advisory and channel: <RSEC-2026-0004.announce@security.example.org>. */
export function messageId(ctx: RenderContext, channel: string): string {
  return `<${ctx.advisory.data.id}.${channel}@${ctx.config.mail.message_id_domain}>`;
}

/** Lower-cased id: the blog slug and the last path segment of its URL. */
export function blogSlug(ctx: RenderContext): string {
  return ctx.advisory.data.id.toLowerCase();
}

/** "2026/03/10/rsec-2026-0001": the Zola `path`, from the embargo date in UTC. */
export function blogPath(ctx: RenderContext): string {
  const embargo = ctx.advisory.data.embargo;
  if (embargo === undefined) throw new Error(`${ctx.advisory.file}: embargo: needed for the blog post's date`);
  return `${utcDate(embargo).replaceAll('-', '/')}/${blogSlug(ctx)}`;
}

function derived(ctx: RenderContext, name: LinkName): string | undefined {
  if (name === 'announce' && ctx.config.mail.archive_url) {
    const id = messageId(ctx, 'announce').slice(1, -1);
    return ctx.config.mail.archive_url.replace('{message_id}', encodeURIComponent(id));
  }
  if (name === 'blog' && ctx.advisory.data.embargo !== undefined) {
    return `${ctx.config.blog.base_url.replace(/\/$/, '')}/${blogPath(ctx)}/`;
  }
  return undefined;
}

export function placeholder(name: LinkName): string {
  return `https://link-not-known-yet.invalid/${name}`;
}

/** The URL for a channel: given by publish, else recorded in the advisory, else derived, else a placeholder. */
export function linkTo(ctx: RenderContext, name: LinkName): string {
  return ctx.links[name] ?? ctx.advisory.data.links?.[name] ?? derived(ctx, name) ?? placeholder(name);
}

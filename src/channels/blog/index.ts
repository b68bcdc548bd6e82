// `blog`: a post file for a Zola-style blog repository: TOML `+++` frontmatter, then the Markdown
// copy of the advisory. The post's date and path come from the embargo in UTC, so the URL is known
// (and linked from GHSA) before the post exists.
import { stringify, TomlDate } from 'smol-toml';
import { markdownCopy } from '../shared/compose.ts';
import { blogPath, blogSlug } from '../shared/links.ts';
import { utcDate } from '../shared/time.ts';
import { latestUpdate } from '../shared/updates.ts';
import type { ChannelModule, RenderContext, RenderedChannel } from '../types.ts';
import { defineChannel } from '../define.ts';
import { blogAmend } from './amend.ts';
import { blogRelease } from './release.ts';
import { blogSpec } from './spec.ts';

/** The post's path inside the blog repository: content/posts/2026-03-10-rsec-2026-0001.md. */
export function blogFile(ctx: RenderContext): string {
  return `${ctx.config.blog.posts_dir.replace(/\/$/, '')}/${utcDate(ctx.advisory.data.embargo!)}-${blogSlug(ctx)}.md`;
}

export function blogPost(ctx: RenderContext): string {
  const d = ctx.advisory.data;
  const frontmatter = stringify({
    title: d.title,
    description: d.summary,
    date: new TomlDate(new Date(d.embargo!)),
    path: blogPath(ctx),
    authors: ctx.config.blog.authors,
  });
  return `+++\n${frontmatter.trimEnd()}\n+++\n\n${markdownCopy(ctx)}`;
}

export const blog: ChannelModule = defineChannel(blogSpec, {
  render(ctx: RenderContext): RenderedChannel {
    if (ctx.advisory.data.embargo === undefined) {
      throw new Error(`${ctx.advisory.file}: embargo: the blog post's date and path come from it; set it first`);
    }
    const content = blogPost(ctx);
    const path = blogFile(ctx);
    const update = latestUpdate(ctx.advisory);
    return {
      channel: 'blog',
      public: true,
      payload: { kind: 'git-file', path, content, commitMessage: `Add security advisory ${ctx.advisory.data.id}` },
      files: [{ name: `blog/${path.split('/').pop()}`, content }],
      // An amendment is an edit of the same file; its footer is already in `content`.
      errata: update
        ? {
            at: update.at,
            payload: { kind: 'git-file', path, content, commitMessage: `Update security advisory ${ctx.advisory.data.id} (${utcDate(update.at)})` },
            files: [],
          }
        : undefined,
    };
  },
  release: blogRelease,
  amend: blogAmend,
});

export default blog;

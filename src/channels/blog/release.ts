// blog on release day: the post file committed and pushed on the blog branch; on resume the
// branch itself says whether it is there.
import path from 'node:path';
import { pausePoint } from '../../publish/hooks.ts';
import { outgoingOf, renderedPayload, writeOut, type ChannelStepImpl, type StepContext } from '../../publish/step-context.ts';
import { findPost, postFile, postUrl, pushPost, type GitFilePayload } from './deliver.ts';
import { blogTarget } from './target.ts';

const blogPayload = (ctx: StepContext): Promise<GitFilePayload> => renderedPayload(ctx, 'blog', 'git-file');

const blogStep: ChannelStepImpl = {
  outgoing: outgoingOf('blog'),
  key: async (ctx) => `${ctx.config.blog.branch}:${postFile(blogTarget(ctx.config), await blogPayload(ctx))}`,
  async find(ctx) {
    const payload = await blogPayload(ctx);
    const found = await findPost(blogTarget(ctx.config), payload);
    if (!found) return null;
    if (!found.sameContent) ctx.reporter.warn(`the blog branch already has ${postFile(blogTarget(ctx.config), payload)} with other content; it is not pushed again — check it`);
    return { commit: found.commit, url: postUrl(ctx.config.blog.base_url, payload), foundBy: 'blog branch' };
  },
  async perform(ctx) {
    const payload = await blogPayload(ctx);
    const done = await pushPost(blogTarget(ctx.config), payload, { beforePush: () => pausePoint(ctx.env, 'blog', 'committed') });
    return { commit: done.commit, file: done.file, url: postUrl(ctx.config.blog.base_url, payload), ...(done.alreadyThere ? { foundBy: 'blog branch' } : {}) };
  },
  async rehearse(ctx, outbox) {
    const payload = await blogPayload(ctx);
    ctx.links.blog = postUrl(ctx.config.blog.base_url, payload);
    return [await writeOut(outbox, path.join('03-blog', postFile(blogTarget(ctx.config), payload)), payload.content)];
  },
  links: (ev) => ({ blog: ev.url }),
};

export const blogRelease = { blog: blogStep };

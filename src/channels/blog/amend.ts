// blog, amended: the post file, edited in place (the footer is part of the rendered post).
import path from 'node:path';
import { errataOf, type AmendStep } from '../../publish/amend-context.ts';
import { writeOut } from '../../publish/step-context.ts';
import { editPost, findPost, postFile, postUrl, type GitFilePayload } from './deliver.ts';
import { blogTarget } from './target.ts';

export const blogAmend: AmendStep = {
  key: (ctx) => `${ctx.config.blog.branch}:${postFile(blogTarget(ctx.config), errataOf(ctx, 'blog', 'git-file'))}@${ctx.update.at}`,
  async find(ctx) {
    const payload = errataOf(ctx, 'blog', 'git-file');
    const found = await findPost(blogTarget(ctx.config), payload);
    // Only the exact amended text counts; anything else is edited again (an edit is idempotent).
    return found?.sameContent ? { commit: found.commit, url: postUrl(ctx.config.blog.base_url, payload), foundBy: 'blog branch' } : null;
  },
  async perform(ctx) {
    const payload: GitFilePayload = errataOf(ctx, 'blog', 'git-file');
    const done = await editPost(blogTarget(ctx.config), payload);
    return { commit: done.commit, file: done.file, url: postUrl(ctx.config.blog.base_url, payload), ...(done.alreadyThere ? { foundBy: 'blog branch' } : {}) };
  },
  async rehearse(ctx, outbox) {
    const payload = errataOf(ctx, 'blog', 'git-file');
    return [await writeOut(outbox, path.join('02-blog', postFile(blogTarget(ctx.config), payload)), payload.content)];
  },
};

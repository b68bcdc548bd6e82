// `forum`: a Discourse topic, created with POST /posts.json. `external_id` is the advisory id, so
// publish can find an existing topic (GET /t/external_id/{id}.json) and never post twice.
import { markdownCopy } from '../shared/compose.ts';
import { formatUtc } from '../shared/time.ts';
import { latestUpdate } from '../shared/updates.ts';
import type { ChannelModule, RenderContext, RenderedChannel } from '../types.ts';
import { defineChannel } from '../define.ts';
import { forumAmend } from './amend.ts';
import { forumRelease } from './release.ts';
import { forumSpec } from './spec.ts';

export function forumTitle(ctx: RenderContext): string {
  return `Security advisory ${ctx.advisory.data.id}: ${ctx.advisory.data.title}`;
}

export const forum: ChannelModule = defineChannel(forumSpec, {
  render(ctx: RenderContext): RenderedChannel {
    const body = { title: forumTitle(ctx), raw: markdownCopy(ctx), category: ctx.config.forum.category, external_id: ctx.advisory.data.id };
    const update = latestUpdate(ctx.advisory);
    const reply = update ? { raw: `**Update (${formatUtc(update.at)}):** ${update.note}\n` } : undefined;
    return {
      channel: 'forum',
      public: true,
      payload: { kind: 'discourse-topic', body },
      files: [{ name: 'forum/post.json', content: JSON.stringify(body, null, 2) + '\n' }],
      // The first post is edited to the text above; the reply tells followers what changed.
      errata:
        update && reply
          ? {
              at: update.at,
              payload: { kind: 'discourse-reply', external_id: ctx.advisory.data.id, body: reply },
              files: [{ name: 'forum/errata-reply.json', content: JSON.stringify(reply, null, 2) + '\n' }],
            }
          : undefined,
    };
  },
  release: forumRelease,
  amend: forumAmend,
});

export default forum;

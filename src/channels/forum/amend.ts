// forum, amended: a reply in the advisory's topic, found by its external_id.
import { RefusedError } from '../../errors.ts';
import { errataOf, type AmendStep } from '../../publish/amend-context.ts';
import { writeOut } from '../../publish/step-context.ts';
import { updateStamp } from '../shared/updates.ts';
import { findTopic, replyToTopic } from './deliver.ts';
import { forumBase, forumHeaders, forumTarget } from './target.ts';

export const forumAmend: AmendStep = {
  key: (ctx) => `${errataOf(ctx, 'forum', 'discourse-reply').external_id}#update-${updateStamp(ctx.update.at)}`,
  // A client cannot tag a reply with its own id, so Discourse cannot say whether it was posted.
  find: async () => 'unknown',
  async perform(ctx) {
    const forum = forumTarget(ctx.config, ctx.secrets, ctx.timeoutMs);
    const reply = errataOf(ctx, 'forum', 'discourse-reply');
    const topic = await findTopic(forum, reply.external_id);
    if (!topic) throw new RefusedError(`the forum has no topic with external_id ${reply.external_id} — was the advisory published to the forum?`);
    const posted = await replyToTopic(forum, topic.topicId, reply.body.raw);
    return { topicId: String(topic.topicId), postId: String(posted.postId), url: posted.url };
  },
  async rehearse(ctx, outbox) {
    const reply = errataOf(ctx, 'forum', 'discourse-reply');
    const base = forumBase(ctx.config);
    const requests = [
      { method: 'GET', url: `${base}/t/external_id/${encodeURIComponent(reply.external_id)}.json` },
      { method: 'POST', url: `${base}/posts.json`, headers: forumHeaders(ctx.config), body: { topic_id: '<id of that topic>', ...reply.body } },
    ];
    return [await writeOut(outbox, '03-forum.requests.json', `${JSON.stringify(requests, null, 2)}\n`)];
  },
};

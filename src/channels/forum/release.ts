// forum on release day: a Discourse topic whose external_id is the advisory id, so a retry finds
// it instead of posting twice.
import { outgoingOf, renderedPayload, writeOut, type Evidence, type ChannelStepImpl, type StepContext } from '../../publish/step-context.ts';
import { createTopic, findTopic, HttpError, type TopicPayload } from './deliver.ts';
import { forumBase, forumHeaders, forumTarget } from './target.ts';

const topicPayload = (ctx: StepContext): Promise<TopicPayload> => renderedPayload(ctx, 'forum', 'discourse-topic');
const target = (ctx: StepContext) => forumTarget(ctx.config, ctx.secrets, ctx.options.timeoutMs);

const forumStep: ChannelStepImpl = {
  outgoing: outgoingOf('forum'),
  key: async (ctx) => (await topicPayload(ctx)).body.external_id,
  async find(ctx) {
    const found = await findTopic(target(ctx), (await topicPayload(ctx)).body.external_id);
    return found ? { topicId: String(found.topicId), url: found.url, foundBy: 'external_id' } : null;
  },
  async perform(ctx): Promise<Evidence> {
    const forum = target(ctx);
    const payload = await topicPayload(ctx);
    try {
      const t = await createTopic(forum, payload);
      return { topicId: String(t.topicId), postId: String(t.postId ?? ''), url: t.url };
    } catch (e) {
      // Discourse refuses a second topic with the same external_id: then it is already there.
      if (e instanceof HttpError && e.status === 422) {
        const found = await findTopic(forum, payload.body.external_id);
        if (found) return { topicId: String(found.topicId), url: found.url, foundBy: 'external_id' };
      }
      throw e;
    }
  },
  async rehearse(ctx, outbox) {
    const payload = await topicPayload(ctx);
    const request = { method: 'POST', url: `${forumBase(ctx.config)}/posts.json`, headers: forumHeaders(ctx.config), body: payload.body };
    return [await writeOut(outbox, '04-forum.request.json', `${JSON.stringify(request, null, 2)}\n`)];
  },
  links: (ev) => ({ forum: ev.url }),
};

export const forumRelease = { forum: forumStep };

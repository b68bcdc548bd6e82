// ghsa on release day: create (a draft), then publish. The id of a created draft is journaled as
// progress, so a run killed between the two only publishes on resume.
import { pausePoint } from '../../publish/hooks.ts';
import { outgoingOf, renderedPayload, writeOut, type ChannelStepImpl, type StepContext } from '../../publish/step-context.ts';
import { createAdvisory, findAdvisory, ghsaMarker, publishAdvisory, withMarker, type GhsaPayload } from './deliver.ts';
import { advisoriesUrl, ghsaTarget } from './target.ts';

const ghsaPayload = (ctx: StepContext): Promise<GhsaPayload> => renderedPayload(ctx, 'ghsa', 'ghsa');
const target = (ctx: StepContext) => ghsaTarget(ctx.config, ctx.secrets, ctx.options.timeoutMs);

const ghsaStep: ChannelStepImpl = {
  outgoing: outgoingOf('ghsa'),
  key: async (ctx) => ghsaMarker(ctx.advisory.data.id),
  async find(ctx) {
    const github = target(ctx);
    const found = await findAdvisory(github, ctx.advisory.data.id);
    if (!found) return null;
    await ctx.journal.progress('ghsa', { ghsaId: found.ghsaId });
    if (found.state === 'published') return { ghsaId: found.ghsaId, url: found.url, foundBy: 'advisory list' };
    await pausePoint(ctx.env, 'ghsa', 'created');
    const published = await publishAdvisory(github, found.ghsaId);
    return { ghsaId: published.ghsaId, url: published.url, foundBy: 'advisory list (published on resume)' };
  },
  async perform(ctx) {
    const github = target(ctx);
    const created = await createAdvisory(github, await ghsaPayload(ctx), ctx.advisory.data.id);
    await ctx.journal.progress('ghsa', { ghsaId: created.ghsaId });
    await pausePoint(ctx.env, 'ghsa', 'created');
    const published = await publishAdvisory(github, created.ghsaId);
    return { ghsaId: published.ghsaId, url: published.url };
  },
  async rehearse(ctx, outbox) {
    const payload = await ghsaPayload(ctx);
    const url = advisoriesUrl(ctx.config);
    const requests = [
      { method: 'POST', url, body: withMarker(payload, ctx.advisory.data.id) },
      { method: 'PATCH', url: `${url}/{ghsa_id}`, body: { state: 'published' } },
    ];
    return [await writeOut(outbox, '05-ghsa.requests.json', `${JSON.stringify(requests, null, 2)}\n`)];
  },
  links: (ev) => ({ ghsa: ev.url }),
};

export const ghsaRelease = { ghsa: ghsaStep };

// ghsa, amended: PATCH the advisory. GitHub's update accepts state published/closed/draft only, so
// a withdrawal cannot be expressed there: the description says so and the responder is told.
import { RefusedError } from '../../errors.ts';
import { errataOf, type AmendStep } from '../../publish/amend-context.ts';
import { writeOut } from '../../publish/step-context.ts';
import { findAdvisory, ghsaMarker, updateAdvisory, withMarker } from './deliver.ts';
import { advisoriesUrl, ghsaTarget } from './target.ts';

const WITHDRAW_NOTE = "GitHub's API cannot withdraw a repository advisory (PATCH state takes published, closed or draft): its description now says it is withdrawn; ask GitHub to withdraw it";

export const ghsaAmend: AmendStep = {
  key: (ctx) => `${ghsaMarker(ctx.advisory.data.id)}@${ctx.update.at}`,
  // The same PATCH twice leaves the same advisory: re-sending is the check.
  find: async () => null,
  async perform(ctx) {
    const github = ghsaTarget(ctx.config, ctx.secrets, ctx.timeoutMs);
    let ghsaId = ctx.advisory.data.ghsa;
    if (!ghsaId) {
      const found = await findAdvisory(github, ctx.advisory.data.id);
      if (!found) throw new RefusedError(`no GitHub advisory of ${ctx.advisory.data.id} was found (no ghsa: in the advisory, no marker ${ghsaMarker(ctx.advisory.data.id)}) — was it published to GitHub?`);
      ghsaId = found.ghsaId;
    }
    const updated = await updateAdvisory(github, ghsaId, errataOf(ctx, 'ghsa', 'ghsa-update').body, ctx.advisory.data.id);
    if (ctx.advisory.data.status === 'withdrawn') ctx.reporter.warn(WITHDRAW_NOTE);
    return { ghsaId: updated.ghsaId, url: updated.url, state: updated.state };
  },
  async rehearse(ctx, outbox) {
    const body = withMarker({ kind: 'ghsa', body: errataOf(ctx, 'ghsa', 'ghsa-update').body }, ctx.advisory.data.id);
    const request = { method: 'PATCH', url: `${advisoriesUrl(ctx.config)}/${ctx.advisory.data.ghsa ?? '{ghsa_id}'}`, body };
    if (ctx.advisory.data.status === 'withdrawn') ctx.reporter.warn(WITHDRAW_NOTE);
    return [await writeOut(outbox, '04-ghsa.request.json', `${JSON.stringify(request, null, 2)}\n`)];
  },
};

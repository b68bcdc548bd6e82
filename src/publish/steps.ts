// The release steps publish runs: each channel's own steps (src/channels/<name>/release.ts, in
// registry order) and finalize, which belongs to no channel. The runner (runner.ts) decides WHEN
// and the engine journals around them; the step types and shared helpers are in step-context.ts.
import path from 'node:path';
import { REGISTRY } from '../channels/registry.ts';
import { Links } from '../advisory/schema.ts';
import { pausePoint } from './hooks.ts';
import type { StepId } from './plan.ts';
import { writeOut, type StepContext, type StepImpl } from './step-context.ts';
import { commitFile, identityOf, writeBack, type FieldChange } from './write-back.ts';

export { smtpTarget, writeOut, type Evidence, type StepContext, type StepImpl } from './step-context.ts';

// ---------------------------------------------------------------------------------------------
// finalize: write links, ghsa and status back, then commit. Idempotent, so a re-run redoes it.

export function finalChanges(ctx: StepContext): FieldChange[] {
  const changes: FieldChange[] = [{ path: ['status'], value: 'published' }];
  // Every public URL the schema's `links` can hold, in its order.
  for (const name of Object.keys(Links.shape) as (keyof typeof Links.shape)[]) {
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

/** Every release step after preflight, by id: the channels' (registry order), then finalize. */
export const STEP_IMPLS = Object.fromEntries([...REGISTRY.flatMap((m) => m.release.map((s) => [s.id, s] as const)), ['finalize', finalize]]) as Record<Exclude<StepId, 'preflight'>, StepImpl>;

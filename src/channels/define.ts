// A channel module from its parts: the folder's spec.ts (data), its renderer, its release steps
// and its amendment step. Pairs each step with its runbook data in the spec's order and the
// credential with how preflight checks it, so a channel cannot declare a step it does not
// implement (or implement one the runbook does not list).
import { CREDENTIALS } from '../engine/credentials.ts';
import type { AmendStep } from '../publish/amend-context.ts';
import type { ChannelStepImpl, StepImpl } from '../publish/step-context.ts';
import type { ChannelSpec, ReleaseStepInfo } from './spec-types.ts';
import type { ChannelModule, RenderContext, RenderedChannel } from './types.ts';

interface ChannelParts<S extends ChannelSpec> {
  render(ctx: RenderContext): RenderedChannel;
  /** One implementation per release step the spec lists, by id. */
  release: { [Id in S['release'][number]['id']]: ChannelStepImpl };
  /** Required exactly when the spec says the channel is amended. */
  amend: S extends { amend: object } ? AmendStep : undefined;
}

export function defineChannel<S extends ChannelSpec & { name: ChannelModule['name'] }>(spec: S, parts: ChannelParts<S>): ChannelModule {
  const impls = parts.release as Record<string, ChannelStepImpl>;
  const infos: readonly ReleaseStepInfo[] = spec.release;
  const amend = parts.amend as AmendStep | undefined;
  return {
    name: spec.name,
    public: spec.public,
    credential: spec.credential ? CREDENTIALS[spec.credential] : null,
    render: parts.render,
    release: infos.map((info) => ({ ...impls[info.id], ...info, id: info.id as StepImpl['id'] })),
    amend: spec.amend && amend ? { ...amend, title: spec.amend.title } : undefined,
  };
}

// What an amendment step is given and what it must provide (src/channels/<name>/amend.ts), and
// the errata payload it sends. The amend command (amend.ts) builds the context and runs the steps
// through the engine. Imports no channel module, so channel steps can import it without a cycle.
import type { Advisory } from '../advisory/schema.ts';
import type { AmendChannelName } from '../channels/catalog.ts';
import type { ErrataPayload, RenderedErrata } from '../channels/types.ts';
import type { TeamConfig } from '../config/schema.ts';
import type { Reporter } from './hooks.ts';
import type { SigningKey } from './signing.ts';
import type { Evidence } from './step-context.ts';
import { smtpTarget } from './step-context.ts';

export type AmendChannel = AmendChannelName;

export interface AmendContext {
  advisory: Advisory;
  config: TeamConfig;
  env: NodeJS.ProcessEnv;
  clock: () => Date;
  reporter: Reporter;
  timeoutMs?: number;
  update: { index: number; at: string; note: string };
  errata: Partial<Record<AmendChannel, RenderedErrata>>;
  key?: SigningKey;
  secrets: { smtpUrl?: string; githubToken?: string; discourseKey?: string };
}

export interface AmendStep {
  key(ctx: AmendContext): string;
  /** Evidence of an earlier delivery, null when there is none (or re-sending is harmless), 'unknown' when no remote can tell. */
  find(ctx: AmendContext): Promise<Evidence | null | 'unknown'>;
  perform(ctx: AmendContext): Promise<Evidence>;
  rehearse(ctx: AmendContext, outbox: string): Promise<string[]>;
}

export function errataOf<K extends ErrataPayload['kind']>(ctx: AmendContext, channel: AmendChannel, kind: K): Extract<ErrataPayload, { kind: K }> {
  const payload = ctx.errata[channel]?.payload;
  if (!payload || payload.kind !== kind) throw new Error(`the ${channel} renderer gave no ${kind} errata for ${ctx.update.at}`);
  return payload as Extract<ErrataPayload, { kind: K }>;
}

export function amendSmtp(ctx: AmendContext) {
  return smtpTarget(ctx.secrets.smtpUrl, ctx.timeoutMs);
}

// What a release step is given and what it must provide, plus the helpers every channel's steps
// share (src/channels/<name>/release.ts): the render cache, the payload of a kind, the gate's view
// of a step, writing a rehearsal file, the SMTP target. The runner (runner.ts) decides WHEN and
// the engine journals around the steps; a step does one step's work and nothing else.
// Imports no channel module, so channel steps can import it without a cycle.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Advisory, Channel } from '../advisory/schema.ts';
import type { Payload, RenderedChannel } from '../channels/types.ts';
import type { TeamConfig } from '../config/schema.ts';
import type { Outgoing } from '../engine/engine.ts';
import { RefusedError } from '../errors.ts';
import type { Reporter } from './hooks.ts';
import type { Journal } from './journal.ts';
import type { StepId } from './plan.ts';
import { renderChannel, type Links, type Renderer } from './render.ts';
import type { SigningKey } from './signing.ts';

export type Evidence = Record<string, string>;

/** Everything a step needs; built once per run by the runner. */
export interface StepContext {
  advisory: Advisory;
  config: TeamConfig;
  root: string;
  env: NodeJS.ProcessEnv;
  clock: () => Date;
  journal: Journal;
  render: Renderer;
  attachments: { name: string; content: Uint8Array }[];
  /** Public links known so far (filled from the journal's evidence as steps finish). */
  links: Links;
  key?: SigningKey;
  secrets: { smtpUrl?: string; githubToken?: string; discourseKey?: string };
  options: {
    announceUrl?: string;
    prompt?: (question: string) => Promise<string>;
    timeoutMs?: number;
    /** Sign the announcement as PGP/MIME (RFC 3156) instead of inline clearsigned text. */
    pgpMime?: boolean;
  };
  reporter: Reporter;
}

export interface StepImpl {
  id: Exclude<StepId, 'preflight'>;
  /** The idempotency key recorded with `started`. */
  key(ctx: StepContext): Promise<string>;
  /**
   * For a step journaled as started but not done: the evidence of the earlier delivery when the
   * remote has it, null when it certainly does not, or 'unknown' when no remote can tell (mail
   * without a searchable archive): then only --confirm-resend <step> lets it run again.
   */
  find(ctx: StepContext): Promise<Evidence | null | 'unknown'>;
  /** Why the remote cannot tell, added to the refusal of an unconfirmed resend. */
  unknownNote?(ctx: StepContext): string | undefined;
  perform(ctx: StepContext): Promise<Evidence>;
  /** Writes what the step would send into the outbox; returns the files written (relative). */
  rehearse(ctx: StepContext, outbox: string): Promise<string[]>;
  /** Folds a done step's evidence into the links later steps render with. */
  links?(evidence: Evidence): Links;
  /** What the step sends, for the outbound gate (preflight, and again right before perform). */
  outgoing?(ctx: StepContext): Promise<Outgoing[]>;
}

/** A channel's release step before it is named: its id and title come from the channel's spec.ts. */
export type ChannelStepImpl = Omit<StepImpl, 'id'>;

// A step renders its channel for its key and again to deliver; with the same links and the same
// minute the text is the same, so it is rendered once. (Renderers are pure: ctx in, text out.)
const renderCache = new WeakMap<StepContext, Map<string, RenderedChannel>>();

export async function rendered(ctx: StepContext, channel: Channel): Promise<RenderedChannel> {
  const now = ctx.clock();
  const cacheKey = `${channel} ${Math.floor(now.getTime() / 60_000)} ${JSON.stringify(ctx.links)}`;
  let cache = renderCache.get(ctx);
  if (!cache) renderCache.set(ctx, (cache = new Map()));
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const out = await renderChannel(ctx.render, channel, { advisory: ctx.advisory, config: ctx.config, now, links: ctx.links, attachments: ctx.attachments });
  cache.set(cacheKey, out);
  return out;
}

export function payloadOf<K extends Payload['kind']>(r: RenderedChannel, kind: K): Extract<Payload, { kind: K }> {
  if (r.payload.kind !== kind) throw new Error(`the ${r.channel} renderer returned a ${r.payload.kind} payload, expected ${kind}`);
  return r.payload as Extract<Payload, { kind: K }>;
}

/** The rendered payload of `channel`, of the kind its delivery takes. */
export async function renderedPayload<K extends Payload['kind']>(ctx: StepContext, channel: Channel, kind: K): Promise<Extract<Payload, { kind: K }>> {
  return payloadOf(await rendered(ctx, channel), kind);
}

/** The rendered payload of `channel`, as the gate inspects it. */
export function outgoingOf(channel: Channel): (ctx: StepContext) => Promise<Outgoing[]> {
  return async (ctx) => {
    const r = await rendered(ctx, channel);
    return [{ payload: r.payload, public: r.public }];
  };
}

/** Writes one rehearsal file under the outbox; returns its name for the step's result. */
export async function writeOut(outbox: string, name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(outbox, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return name;
}

/** The SMTP server to send through; preflight has already refused a live run without one. */
export function smtpTarget(smtpUrl: string | undefined, timeoutMs: number | undefined) {
  if (!smtpUrl) throw new RefusedError('DISCLOSE_SMTP_URL is not set');
  return { url: smtpUrl, timeoutMs };
}

/** The secret `name` from the run's secrets, refused when missing (preflight already said so). */
export function requireSecret(value: string | undefined, name: string): string {
  if (!value) throw new RefusedError(`${name} is not set`);
  return value;
}

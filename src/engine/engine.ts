// The one exactly-once engine: every live send (publish, amend, notify-distros, and any later
// one) is a list of steps run by `runSteps`. Around each side effect the journal records `started`
// (with the step's idempotency key) before and `done` (with evidence) after; a resumed run asks
// the remote first, and a mail whose outcome nobody can tell needs a person's word
// (--confirm-sent / --confirm-resend). Before every step: the command's guard (embargo, window,
// clock), the lock's ownership, and the outbound gate on the exact payload about to go out.
// Rules: src/engine/README.md.
import { MailError } from '../mail/smtp.ts';
import { HttpError } from '../channels/forum/deliver.ts';
import { DiscloseError, RefusedError, RemoteError } from '../errors.ts';
import type { OutboundGate } from '../gate/index.ts';
import { passPayload } from '../gate/repository.ts';
import type { ErrataPayload, Payload } from '../channels/types.ts';
import { pausePoint, type Reporter } from '../publish/hooks.ts';
import type { Journal } from './journal.ts';
import type { Lock } from './lock.ts';

export type Evidence = Record<string, string>;

/** One payload a step sends, as the gate inspects it. */
export interface Outgoing {
  payload: Payload | ErrataPayload;
  public: boolean;
}

export interface Step<C> {
  id: string;
  /** "send the signed announcement": for progress lines. */
  title: string;
  /** The idempotency key recorded with `started`. */
  key(ctx: C): Promise<string> | string;
  /**
   * For a step journaled as started but not done: evidence of the earlier delivery when the
   * remote has it, null when it certainly does not (or re-doing is harmless), 'unknown' when no
   * remote can tell (then only --confirm-resend / --confirm-sent lets the run go on).
   */
  find(ctx: C): Promise<Evidence | null | 'unknown'>;
  /** Why the remote cannot tell, added to the refusal of an unconfirmed resend. */
  unknownNote?(ctx: C): string | undefined;
  /** What this step sends, for the gate (preflight, and again right before `perform`). */
  outgoing?(ctx: C): Promise<Outgoing[]>;
  perform(ctx: C): Promise<Evidence>;
  /** Folds a done step's evidence into the context (links later steps render with). */
  absorb?(ctx: C, evidence: Evidence): void;
}

export interface StepOutcome {
  id: string;
  result: 'done' | 'already-done' | 'found-on-remote' | 'rehearsed' | 'not-run';
  evidence?: Evidence;
  files?: string[];
}

export interface RunInput<C> {
  /** The command, for messages: "publish", "amend", "notify-distros". */
  command: string;
  steps: Step<C>[];
  ctx: C;
  journal: Journal;
  lock: Lock;
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
  /** Refuses (throws RefusedError) when the step may not run now: embargo, distros window. */
  guard(step: string): Promise<void> | void;
  /** The outbound gate every payload passes before it is sent. */
  gate?: OutboundGate;
  confirmResend?: readonly string[];
  confirmSent?: readonly string[];
  /** Pause point names are `<prefix><step>:<phase>` (amend uses "amend-"). */
  pausePrefix?: string;
  /** Called after every finished step (tests move the clock here). */
  afterStep?(step: string): void | Promise<void>;
}

/** A remote's failure as the CLI reports it: exit 4 and how to resume; a refusal stays a refusal. */
export function remoteFailure(command: string, step: string, e: unknown): never {
  if (e instanceof DiscloseError) throw e;
  if (e instanceof MailError) {
    const next = e.outcome === 'refused' ? `re-run ${command} to try again (nothing was accepted)` : `re-run ${command}: it will check before sending again`;
    throw new RemoteError(`${step}: ${e.message} — ${next}`);
  }
  if (e instanceof HttpError) throw new RemoteError(`${step}: ${e.message} — re-run ${command}: it checks the remote for what was already created before sending again`);
  throw new RemoteError(`${step}: ${(e as Error).message} — re-run ${command} to resume`);
}

export function summary(evidence: Evidence | undefined): string {
  if (!evidence) return 'no evidence';
  return ['messageId', 'url', 'commit', 'ghsaId', 'topicId', 'postId', 'foundBy'].filter((k) => evidence[k]).map((k) => `${k} ${evidence[k]}`).join(', ');
}

/** Passes every payload of `step` through the gate (RefusedError, exit 3, names the field). */
export async function gateStep<C>(gate: OutboundGate, step: Step<C>, ctx: C): Promise<void> {
  if (!step.outgoing) return;
  for (const out of await step.outgoing(ctx)) passPayload(gate, step.id, out.payload, out.public);
}

/**
 * Preflight's half of the gate: every planned step renders what it would send and the gate
 * inspects it, before the first side effect. A renderer that throws is a refusal here (exit 3,
 * nothing sent), not a remote failure after the announcement is out.
 */
export async function gateAll<C>(gate: OutboundGate, steps: Step<C>[], ctx: C): Promise<void> {
  for (const step of steps) {
    try {
      await gateStep(gate, step, ctx);
    } catch (e) {
      if (e instanceof DiscloseError) throw e;
      throw new RefusedError(`preflight: ${step.id} cannot be rendered (${(e as Error).message}); nothing was sent`);
    }
  }
}

/** Runs `steps` in order, exactly once each across any number of killed and resumed runs. */
export async function runSteps<C>(input: RunInput<C>): Promise<StepOutcome[]> {
  const { steps, ctx, journal, lock, env, reporter, command } = input;
  const prefix = input.pausePrefix ?? '';
  const confirmResend = new Set(input.confirmResend ?? []);
  const confirmSent = new Set(input.confirmSent ?? []);
  // Every journal write checks the lock is still ours: a run that lost it stops before sending.
  journal.guard = () => lock.verify();
  await journal.note(`${command}: ${journal.exists ? 'live run resumed' : 'live run started'}`);
  const outcomes: StepOutcome[] = [];
  let n = 0;
  for (const step of steps) {
    n++;
    const label = `[${n}/${steps.length}] ${step.id}`;
    const rec = journal.step(step.id);
    if (rec?.state === 'done') {
      step.absorb?.(ctx, rec.evidence ?? {});
      reporter.progress(`${label}: already done (${summary(rec.evidence)})`);
      outcomes.push({ id: step.id, result: 'already-done', evidence: rec.evidence });
      continue;
    }
    await pausePoint(env, `${prefix}${step.id}`, 'before');
    try {
      await input.guard(step.id);
    } catch (e) {
      await journal.note(`refused before ${step.id}: ${(e as Error).message}`);
      throw e instanceof RefusedError ? new RefusedError(`${step.id}: ${e.message} The journal keeps what was done; re-run ${command} to resume.`) : e;
    }
    const started = Date.now();
    const key = await step.key(ctx);
    if (rec?.state === 'started') {
      reporter.progress(`${label}: an earlier run started this step (${rec.startedAt}); checking the remote first`);
      // The remote is searched by the key; if the advisory changed so that the key changed (e.g. a
      // new embargo date moves the blog post's path), a search would miss the first delivery.
      if (key !== rec.key) {
        throw new RefusedError(
          `${step.id}: the earlier run started it as ${rec.key}, but the advisory now gives ${key} — it changed since; look for ${rec.key} on the remote, and restore the advisory (or record the step with --confirm-sent ${step.id}) before resuming. Nothing was sent.`,
        );
      }
      let found: Evidence | null | 'unknown';
      try {
        found = await step.find(ctx);
      } catch (e) {
        remoteFailure(command, step.id, e);
      }
      if (found === 'unknown' && confirmSent.has(step.id)) found = { key: rec.key, foundBy: 'operator (--confirm-sent)' };
      if (found && found !== 'unknown') {
        await journal.done(step.id, rec.key, found);
        step.absorb?.(ctx, found);
        reporter.progress(`${label}: found on the remote, not sent again (${summary(found)})`);
        outcomes.push({ id: step.id, result: 'found-on-remote', evidence: found });
        await input.afterStep?.(step.id);
        continue;
      }
      if (found === 'unknown' && !confirmResend.has(step.id)) {
        await journal.note(`refused to resend ${step.id} without confirmation`);
        throw new RefusedError(
          `${step.id}: an earlier run started sending ${rec.key} at ${rec.startedAt} and did not record the result, and no remote can tell whether it arrived` +
            `${step.unknownNote?.(ctx) ? ` (${step.unknownNote(ctx)})` : ''}. ` +
            `Check the list (or your mail server's log) for it. If it did NOT go out, re-run with --confirm-resend ${step.id}; if it did, re-run with --confirm-sent ${step.id} to record it and go on. Nothing was sent.`,
        );
      }
    }
    // The exact payload, through the gate, right before it goes out.
    if (input.gate) await gateStep(input.gate, step, ctx);
    reporter.progress(`${label}: ${step.title} …`);
    await journal.started(step.id, key);
    await pausePoint(env, `${prefix}${step.id}`, 'started');
    await lock.verify();
    let evidence: Evidence;
    try {
      evidence = await step.perform(ctx);
    } catch (e) {
      if (e instanceof MailError && e.outcome === 'refused') await journal.failed(step.id, e.message);
      else await journal.note(`${step.id} failed: ${(e as Error).message}`);
      remoteFailure(command, step.id, e);
    }
    await pausePoint(env, `${prefix}${step.id}`, 'effect');
    await journal.done(step.id, key, evidence);
    step.absorb?.(ctx, evidence);
    reporter.progress(`${label}: done in ${Date.now() - started} ms (${summary(evidence)})`);
    outcomes.push({ id: step.id, result: 'done', evidence });
    await input.afterStep?.(step.id);
  }
  return outcomes;
}

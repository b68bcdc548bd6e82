// The parts of `npm run publish` and `npm run amend` that are the same: checking the step names
// given to --confirm-resend / --confirm-sent, the HTTP timeout from the environment, errors as
// JSON for --json, and the result table. Everything printed goes through redact().
import { redact } from '../cli/redact.ts';
import { DiscloseError, UsageError } from '../errors.ts';

export function checkStepNames(names: readonly string[], known: readonly string[]): void {
  for (const s of names) {
    if (!known.includes(s)) throw new UsageError(`unknown step "${s}" — steps are ${known.join(', ')}`);
  }
}

/** DISCLOSE_HTTP_TIMEOUT_MS, when it is a positive number. */
export function httpTimeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const timeout = Number(env.DISCLOSE_HTTP_TIMEOUT_MS ?? '');
  return Number.isFinite(timeout) && timeout > 0 ? timeout : undefined;
}

/** A script reading --json gets a refusal or failure as JSON too (and the same exit code). */
export function rethrowAsJson(id: string, json: boolean | undefined): (e: unknown) => never {
  return (e) => {
    if (json && e instanceof DiscloseError) process.stdout.write(redact(`${JSON.stringify({ id, error: e.message, exitCode: e.exitCode }, null, 2)}\n`));
    throw e;
  };
}

export interface StepRow {
  id: string;
  result: string;
  evidence?: Record<string, unknown>;
  files?: string[];
}

/** One line per step: id, result, and its evidence (or the rehearsal files). */
export function formatSteps(heading: string, steps: StepRow[], outbox?: string): string {
  const lines = [heading];
  for (const s of steps) {
    const ev = s.evidence ? Object.entries(s.evidence).filter(([k]) => k !== 'response').map(([k, v]) => `${k}=${v}`).join(' ') : (s.files ?? []).join(' ');
    lines.push(`  ${s.id.padEnd(13)} ${s.result.padEnd(15)} ${ev}`);
  }
  if (outbox) lines.push(`outbox: ${outbox}`);
  return redact(`${lines.join('\n')}\n`);
}

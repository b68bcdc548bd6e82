// Node prints its own warnings (deprecations such as DEP0170, which quotes a whole URL with its
// password) straight to stderr, past every redact() call of ours. Two layers, because neither alone
// covers every path:
//  1. process.emitWarning is wrapped so the warning's text is redacted where it is created: every
//     'warning' listener, and Node's printer with --trace-warnings (which prints the stack), only
//     ever sees the redacted text.
//  2. Node's default printer is replaced by one that redacts again before writing: some of Node's
//     internals emit a warning without going through the public process.emitWarning.
// `removeAllListeners('warning')` alone would only be layer 2, and a listener added later (by a
// library, by a test runner) would still receive the secret.
import { redact } from './redact.ts';

const INSTALLED = Symbol.for('disclose.redactWarnings');

function redactError(warning: Error): Error {
  warning.message = redact(warning.message);
  if (warning.stack) warning.stack = redact(warning.stack);
  const detail = (warning as { detail?: unknown }).detail;
  if (typeof detail === 'string') (warning as { detail?: string }).detail = redact(detail);
  return warning;
}

function redactOptions(options: unknown): unknown {
  if (options && typeof options === 'object' && typeof (options as { detail?: unknown }).detail === 'string') {
    return { ...(options as object), detail: redact((options as { detail: string }).detail) };
  }
  return typeof options === 'string' ? redact(options) : options;
}

/** What Node's printer writes, e.g. "(node:123) [DEP0170] DeprecationWarning: …", redacted. */
function printWarning(warning: Error & { code?: string; detail?: string }): void {
  if (warning.name === 'DeprecationWarning' && process.noDeprecation) return;
  const trace = process.traceProcessWarnings || (warning.name === 'DeprecationWarning' && process.traceDeprecation);
  const head = trace && warning.stack ? warning.stack : `${warning.name}: ${warning.message}`;
  const code = warning.code ? `[${warning.code}] ` : '';
  const detail = typeof warning.detail === 'string' ? `\n${warning.detail}` : '';
  process.stderr.write(redact(`(node:${process.pid}) ${code}${head}${detail}`) + '\n');
}

/** Idempotent: every command calls it on start-up through src/cli/run.ts. */
export function redactNodeWarnings(): void {
  const proc = process as NodeJS.Process & { [INSTALLED]?: true };
  if (proc[INSTALLED]) return;
  proc[INSTALLED] = true;

  const emitWarning = process.emitWarning;
  process.emitWarning = function emitRedactedWarning(warning: string | Error, ...rest: unknown[]) {
    const redacted = typeof warning === 'string' ? redact(warning) : warning instanceof Error ? redactError(warning) : warning;
    const args = rest.map((arg, i) => (i === 0 && typeof arg === 'string' ? arg : redactOptions(arg)));
    return (emitWarning as (...a: unknown[]) => void).call(process, redacted, ...args);
  } as typeof process.emitWarning;

  // --no-warnings / NODE_NO_WARNINGS=1: Node registers no printer, and we add none.
  if (process.listenerCount('warning') === 0) return;
  process.removeAllListeners('warning');
  process.on('warning', printWarning);
}

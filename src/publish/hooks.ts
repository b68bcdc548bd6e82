// Progress output and the test-only pause points. Progress goes to stderr (stdout is kept for the
// result, and for --json), every line through redact() so no secret reaches a terminal or a log.
import { redact } from '../cli/redact.ts';

export interface Reporter {
  /** A progress line (stderr). */
  progress(line: string): void;
  /** A warning (stderr). */
  warn(line: string): void;
}

export function stderrReporter(env: NodeJS.ProcessEnv = process.env, quiet = false): Reporter {
  return {
    progress: (line) => {
      if (!quiet) process.stderr.write(`${redact(line, env)}\n`);
    },
    warn: (line) => process.stderr.write(`warning: ${redact(line, env)}\n`),
  };
}

export const silentReporter: Reporter = { progress() {}, warn() {} };

/**
 * TEST-ONLY: DISCLOSE_TEST_PAUSE_AT=<step>:<phase> makes the process stop at that point, print
 * "disclose: paused at <step>:<phase>" on stderr and wait forever, so the crash tests can SIGKILL
 * it at an exact place (step boundaries and the middle of side effects). Phases are listed in
 * src/publish/README.md. Unset in real use; setting it can only make publish wait, never send.
 */
export async function pausePoint(env: NodeJS.ProcessEnv, step: string, phase: string): Promise<void> {
  const at = env.DISCLOSE_TEST_PAUSE_AT;
  if (!at || at !== `${step}:${phase}`) return;
  process.stderr.write(`disclose: paused at ${step}:${phase}\n`);
  await new Promise<void>(() => {
    setInterval(() => undefined, 60_000);
  });
}

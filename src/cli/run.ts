// The shared shell of every scripts/*.ts command: flags with --help, exit codes that mean
// something, and errors printed without stack traces or secrets.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DiscloseError, UsageError } from '../errors.ts';
import { redact } from './redact.ts';
import { redactNodeWarnings } from './redact-warnings.ts';

// On import, not in runCommand: a warning emitted while a command's modules load or parse their
// arguments must be redacted too. Every script imports this module before doing any work.
redactNodeWarnings();

export interface CommandSpec<O extends NonNullable<ParseArgsConfig['options']>> {
  name: string;
  usage: string;
  /** Text shown by --help after the usage line. */
  help: string;
  options: O;
  allowPositionals?: boolean;
}

export const EXIT = { ok: 0, findings: 1, usage: 2, refused: 3, remote: 4, internal: 70 } as const;

export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(spec: CommandSpec<O>, argv = process.argv.slice(2)) {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: spec.allowPositionals ?? true,
      strict: true,
    });
    if ((parsed.values as { help?: boolean }).help) {
      process.stdout.write(`usage: ${spec.usage}\n\n${spec.help.trim()}\n`);
      process.exit(EXIT.ok);
    }
    return parsed as typeof parsed & { positionals: string[] };
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(`${(e as Error).message} — run \`npm run ${spec.name} -- --help\``);
    }
    throw e;
  }
}

/** Runs a command's main function and turns its outcome into an exit code. */
export function runCommand(main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? EXIT.ok;
    },
    (e: unknown) => {
      if (e instanceof DiscloseError) {
        process.stderr.write(`error: ${redact(e.message)}\n`);
        process.exitCode = e.exitCode;
      } else {
        const err = e as Error;
        process.stderr.write(`internal error: ${redact(err?.stack ?? String(e))}\n`);
        process.exitCode = EXIT.internal;
      }
    },
  );
}

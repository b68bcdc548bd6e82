// npm run publish -- <ID> [--live] [--test-to addr] [--status] [--json]: release day (spec §8).
import { createInterface } from 'node:readline/promises';
import { parseCommand, runCommand, EXIT } from '../src/cli/run.ts';
import { redact } from '../src/cli/redact.ts';
import { UsageError } from '../src/errors.ts';
import { RELEASE_STEPS } from '../src/release/steps.ts';
import { checkStepNames, formatSteps, httpTimeoutFromEnv, rethrowAsJson } from '../src/publish/cli.ts';
import { stderrReporter } from '../src/publish/hooks.ts';
import { runPublish } from '../src/publish/runner.ts';
import { formatStatus, journalStatus } from '../src/publish/status.ts';

// The steps a responder may name: every release-day step after preflight, in their order.
const STEPS = RELEASE_STEPS.map((s) => s.id).filter((id) => id !== 'preflight');

runCommand(async () => {
  const { values, positionals } = parseCommand({
    name: 'publish',
    usage: 'npm run publish -- <ID> [--dry-run | --live] [--test-to <address>] [--announce-url <url>] [--pgp-mime] [--status] [--json]',
    help: `
Release day for one advisory (docs/publish.md). Without --live this is a rehearsal: every step is
written to outbox/<ID>/rehearsal/ and the plan is printed; nothing is sent.

  --dry-run                the default, said explicitly: rehearse, send nothing
  --live                   send for real: announce → announce-url → blog → forum → ghsa →
                           oss-security → write links/status back and commit. Resumable: re-run
                           the same command after any failure; done steps are skipped.
  --test-to <address>      send only the signed announcement to a teammate, after verifying its
                           signature on the exact bytes handed to the SMTP server
  --announce-url <url>     the announcement's archive URL (when mail.archive_url is not set)
  --pgp-mime               sign the announcement as PGP/MIME (RFC 3156) instead of inline
                           clearsigned text (the signed copy is still attached)
  --confirm-resend <step>  an earlier run started <step> (a mail) and its outcome is unknown; you
                           checked that it did NOT arrive: send it again (repeatable)
  --confirm-sent <step>    same situation, but it DID arrive: record it as sent and go on
  --status                 print the journal of this advisory's release
  --json                   print the result as JSON on stdout (progress stays on stderr)
  --quiet                  no progress lines (warnings and errors still go to stderr)

Environment: DISCLOSE_SIGNING_KEY_FILE, DISCLOSE_SIGNING_PASSPHRASE, DISCLOSE_SMTP_URL,
GITHUB_TOKEN, DISCOURSE_API_KEY (secrets, never printed); DISCLOSE_NOW to move the clock in a
rehearsal; DISCLOSE_HTTP_TIMEOUT_MS (default 30000) for each remote request.
Exit codes: 0 done (or already done), 2 usage, 3 refused (nothing sent by this run), 4 a remote
failed (re-run to resume).`,
    options: {
      live: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'test-to': { type: 'string' },
      'announce-url': { type: 'string' },
      'confirm-resend': { type: 'string', multiple: true },
      'confirm-sent': { type: 'string', multiple: true },
      status: { type: 'boolean' },
      'pgp-mime': { type: 'boolean' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one advisory id, e.g. `npm run publish -- RSEC-2026-0004`');
  const id = positionals[0];
  const root = process.cwd();
  checkStepNames([...(values['confirm-resend'] ?? []), ...(values['confirm-sent'] ?? [])], STEPS);
  if (values.live && values['test-to']) throw new UsageError('--test-to sends only a test mail; run it without --live');
  if (values.live && values['dry-run']) throw new UsageError('--dry-run and --live contradict each other: leave out --dry-run to publish, or --live to rehearse');

  if (values.status) {
    const report = await journalStatus(root, id);
    process.stdout.write(redact(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatStatus(report)}\n`));
    return EXIT.ok;
  }

  const prompt = process.stdin.isTTY
    ? async (question: string) => {
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        try {
          return await rl.question(question);
        } finally {
          rl.close();
        }
      }
    : undefined;
  const result = await runPublish({
    root,
    id,
    mode: values['test-to'] ? 'test-to' : values.live ? 'live' : 'rehearsal',
    testTo: values['test-to'],
    announceUrl: values['announce-url'],
    confirmResend: values['confirm-resend'],
    confirmSent: values['confirm-sent'],
    pgpMime: values['pgp-mime'],
    reporter: stderrReporter(process.env, values.quiet),
    prompt,
    timeoutMs: httpTimeoutFromEnv(process.env),
  }).catch(rethrowAsJson(id, values.json));
  if (values.json) {
    process.stdout.write(redact(`${JSON.stringify(result, null, 2)}\n`));
  } else {
    process.stdout.write(formatSteps(`${result.id}: ${result.status}`, result.steps, result.outbox));
  }
  return EXIT.ok;
});

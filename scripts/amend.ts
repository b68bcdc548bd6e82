// npm run amend -- <ID> [--live] [--status] [--json]: the newest `updates` entry of a published or
// withdrawn advisory, to every channel it was published on, exactly once (spec §7, §10).
import { parseCommand, runCommand, EXIT } from '../src/cli/run.ts';
import { redact } from '../src/cli/redact.ts';
import { UsageError } from '../src/errors.ts';
import { AMEND_CHANNELS, runAmend } from '../src/publish/amend.ts';
import { amendStatus, formatAmendStatus } from '../src/publish/amend-status.ts';
import { checkStepNames, formatSteps, httpTimeoutFromEnv, rethrowAsJson } from '../src/publish/cli.ts';
import { stderrReporter } from '../src/publish/hooks.ts';

runCommand(async () => {
  const { values, positionals } = parseCommand({
    name: 'amend',
    usage: 'npm run amend -- <ID> [--dry-run | --live] [--status] [--json]',
    help: `
Sends the newest entry of the advisory's \`updates\` to every channel it was published on
(docs/publish.md, "Amendments"): a signed follow-up to the announcement, the blog post edited
with its "Updated on" footer, a reply in the forum topic, the GitHub advisory updated, a
follow-up to oss-security. Without --live this is a rehearsal into outbox/<ID>/amend-<n>/.

  --dry-run                the default, said explicitly: rehearse, send nothing
  --live                   send for real, journaled in .disclose/journal/<ID>.amend-<n>.json;
                           a re-run sends nothing twice ("already sent")
  --confirm-resend <step>  an earlier run started <step> and its outcome is unknown; it did NOT
                           arrive: send it again (repeatable)
  --confirm-sent <step>    same, but it DID arrive: record it as sent and go on
  --status                 print the journal of every amendment of this advisory
  --json                   print the result as JSON on stdout (progress stays on stderr)
  --quiet                  no progress lines

Environment: as for publish (DISCLOSE_SIGNING_KEY_FILE, DISCLOSE_SIGNING_PASSPHRASE,
DISCLOSE_SMTP_URL, GITHUB_TOKEN, DISCOURSE_API_KEY; DISCLOSE_NOW; DISCLOSE_HTTP_TIMEOUT_MS).
Exit codes: 0 sent (or already sent), 2 usage, 3 refused (not published/withdrawn, no updates,
preflight; nothing sent by this run), 4 a remote failed (re-run to resume).`,
    options: {
      live: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'confirm-resend': { type: 'string', multiple: true },
      'confirm-sent': { type: 'string', multiple: true },
      status: { type: 'boolean' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one advisory id, e.g. `npm run amend -- RSEC-2026-0004`');
  const id = positionals[0];
  const root = process.cwd();
  checkStepNames([...(values['confirm-resend'] ?? []), ...(values['confirm-sent'] ?? [])], AMEND_CHANNELS);
  if (values.live && values['dry-run']) throw new UsageError('--dry-run and --live contradict each other');

  if (values.status) {
    const report = await amendStatus(root, id);
    process.stdout.write(redact(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatAmendStatus(report)}\n`));
    return EXIT.ok;
  }
  const result = await runAmend({
    root,
    id,
    live: Boolean(values.live),
    confirmResend: values['confirm-resend'],
    confirmSent: values['confirm-sent'],
    reporter: stderrReporter(process.env, values.quiet),
    timeoutMs: httpTimeoutFromEnv(process.env),
  }).catch(rethrowAsJson(id, values.json));
  if (values.json) {
    process.stdout.write(redact(`${JSON.stringify(result, null, 2)}\n`));
  } else {
    const heading = `${result.id}: update ${result.update.index} (${result.update.at}) ${result.status === 'already-sent' ? 'already sent' : result.status}`;
    process.stdout.write(formatSteps(heading, result.steps, result.outbox));
  }
  return EXIT.ok;
});

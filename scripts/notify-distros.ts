// npm run notify-distros -- <ID> [--live] [--json]: the distros mail, 3–14 days before the embargo.
import { parseCommand, runCommand, EXIT } from '../src/cli/run.ts';
import { redact } from '../src/cli/redact.ts';
import { UsageError } from '../src/errors.ts';
import { httpTimeoutFromEnv } from '../src/publish/cli.ts';
import { notifyDistros } from '../src/publish/distros.ts';
import { stderrReporter } from '../src/publish/hooks.ts';

runCommand(async () => {
  const { values, positionals } = parseCommand({
    name: 'notify-distros',
    usage: 'npm run notify-distros -- <ID> [--live] [--json]',
    help: `
Sends the private heads-up to the distros list (docs/publish.md), only between 14 days and 72 hours
before the embargo, only for an embargoed advisory with distros in its channels and no distros.skip.
Without --live the mail is written to outbox/<ID>/rehearsal/00-distros.eml and nothing is sent.
With --live it is sent, journaled, and recorded as distros.notified in the advisory (committed).

  --live              send it
  --confirm-resend    an earlier run's send has an unknown outcome and it did NOT arrive: send again
  --confirm-sent      same, but it DID arrive: record it without sending
  --json              print the result as JSON
Exit codes: 0 sent / rehearsed / already notified, 2 usage, 3 refused, 4 the SMTP server failed.`,
    options: {
      live: { type: 'boolean' },
      'confirm-resend': { type: 'boolean' },
      'confirm-sent': { type: 'boolean' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one advisory id, e.g. `npm run notify-distros -- RSEC-2026-0004`');
  const result = await notifyDistros({
    root: process.cwd(),
    id: positionals[0],
    live: Boolean(values.live),
    reporter: stderrReporter(process.env, values.quiet),
    confirmResend: values['confirm-resend'],
    confirmSent: values['confirm-sent'],
    timeoutMs: httpTimeoutFromEnv(process.env),
  });
  process.stdout.write(
    redact(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${result.id}: distros ${result.status}${result.notified ? ` (notified ${result.notified})` : ''}\n`),
  );
  return EXIT.ok;
});

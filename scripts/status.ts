// npm run status [-- --json] [--ics file] [--root dir]
import path from 'node:path';
import { writeFileAtomic } from '../src/channels/write-atomic.ts';
import { now } from '../src/clock.ts';
import { parseCommand, runCommand } from '../src/cli/run.ts';
import { loadConfig } from '../src/config/load.ts';
import { UsageError } from '../src/errors.ts';
import { renderIcs } from '../src/intake/ics.ts';
import { buildStatus, formatStatusTable } from '../src/intake/status.ts';

const spec = {
  name: 'status',
  usage: 'npm run status [-- [--json] [--ics file] [--root dir]]',
  help: `
Lists every open advisory (draft, embargoed) with its deadlines, soonest first; overdue ones are
marked OVERDUE:
  ack         drafts: private.received + 48 hours, until private.acknowledged is set or the
              timeline has an "acknowledged" event
  distros     embargoed, distros in channels or severity medium or higher, neither
              distros.notified nor distros.skip set: due at
              embargo − 3 days at the latest; the window opens at embargo − 14 days
  public      embargoed: the embargo
  oss-exploit embargoed: embargo + 7 days, the last day to post exploit details to oss-security

  --json           print {now, deadlines, problems} as JSON
  --ics file       also write the deadlines as an iCalendar file (RFC 5545, UTC times, one event
                   per deadline, stable UIDs so re-importing updates the events)
  --root dir       repository root with disclose.config.yaml (default: current directory)

PRIVATE: the .ics (and this output) contains the titles of EMBARGOED advisories. Import it only
into the team's private calendar; never publish or share the file, and keep it out of the repository.
Times are compared with DISCLOSE_NOW when it is set.`,
  options: {
    json: { type: 'boolean' },
    ics: { type: 'string' },
    root: { type: 'string' },
  },
  allowPositionals: false,
} as const;

runCommand(async () => {
  const { values } = parseCommand(spec);
  const root = path.resolve(values.root ?? '.');
  const at = now();
  const config = await loadConfig(root);
  const report = await buildStatus(root, at);
  for (const p of report.problems) process.stderr.write(`warning: ${p.file}: ${p.message}\n`);
  if (values.ics !== undefined) {
    if (!values.ics) throw new UsageError('--ics needs a file name, e.g. --ics ~/private/disclose-deadlines.ics');
    const file = path.resolve(values.ics);
    await writeFileAtomic(file, renderIcs(report.deadlines, { now: at, uidDomain: config.mail.message_id_domain, calendarName: `${config.project.name} security deadlines (private)` }));
    const rel = path.relative(root, file);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
      process.stderr.write(`warning: ${rel} is inside the repository and holds embargoed titles — do not commit it; write it outside the repository\n`);
    }
    process.stderr.write(`wrote ${report.deadlines.length} event(s) to ${values.ics} (private: embargoed titles)\n`);
  }
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatusTable(report, at));
});

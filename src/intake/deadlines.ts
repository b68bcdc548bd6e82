// The dates an open advisory must not miss (spec §9, `npm run status`): acknowledge the reporter,
// mail distros inside its window (spec §5: 3–14 days before the embargo), go public, and post the
// exploit details to oss-security within 7 days of going public (the distros list policy).
import type { Advisory } from '../advisory/schema.ts';
import { timestampProblem } from '../clock.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const ACK_WITHIN = 48 * HOUR;
export const DISTROS_LATEST_BEFORE = 3 * DAY;
export const DISTROS_EARLIEST_BEFORE = 14 * DAY;
export const EXPLOIT_POST_AFTER = 7 * DAY;

export type DeadlineKind = 'ack' | 'distros' | 'public' | 'oss-exploit';

export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  ack: 'acknowledge the reporter',
  distros: 'mail distros (latest)',
  public: 'public disclosure',
  'oss-exploit': 'post exploit details to oss-security',
};

export interface Deadline {
  id: string;
  status: string;
  title: string;
  /** Path of the advisory file, as given. */
  file: string;
  kind: DeadlineKind;
  label: string;
  /** ISO 8601 UTC. */
  due: string;
  /** For distros: the window opens here (embargo − 14 days); sending before it is refused by the list. */
  earliest?: string;
  overdue: boolean;
  /** For distros: now is before the window opens. */
  notYetOpen?: boolean;
}

/** An open advisory whose deadlines could not be computed, and why. */
export interface StatusProblem {
  id: string;
  file: string;
  message: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

function timestamp(value: unknown): number | null {
  if (typeof value !== 'string' || timestampProblem(value) !== null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The ack is done when `private.acknowledged` is a timestamp or the timeline has an "acknowledged" event. */
function acknowledged(a: Advisory): boolean {
  const priv = a.data.private ?? {};
  if (timestamp(priv.acknowledged) !== null) return true;
  return (a.data.timeline ?? []).some((t) => !t.planned && /acknowledg/i.test(t.event));
}

export function deadlinesOf(a: Advisory, now: Date): { deadlines: Deadline[]; problems: StatusProblem[] } {
  const { data } = a;
  const base = { id: data.id, status: data.status, title: data.title, file: a.file };
  const deadlines: Deadline[] = [];
  const problems: StatusProblem[] = [];
  const t = now.getTime();
  const add = (kind: DeadlineKind, due: number, extra: Partial<Deadline> = {}) =>
    deadlines.push({ ...base, kind, label: DEADLINE_LABELS[kind], due: iso(due), overdue: t > due, ...extra });

  if (data.status === 'draft') {
    const received = timestamp(data.private?.received);
    if (received === null) {
      problems.push({ ...base, message: 'no ack deadline: private.received is missing or not a timestamp with a zone — add it (intake writes it)' });
    } else if (!acknowledged(a)) {
      add('ack', received + ACK_WITHIN);
    }
  }
  if (data.status === 'embargoed') {
    const embargo = timestamp(data.embargo);
    if (embargo === null) {
      problems.push({ ...base, message: 'embargoed without a valid embargo timestamp — run npm run validate' });
      return { deadlines, problems };
    }
    // Spec §5: distros is required when listed, and also for medium or higher severity unless skipped
    // with a reason (the validator flags the missing channel; the deadline runs regardless).
    const wanted = (data.channels ?? []).includes('distros') || (data.severity !== undefined && data.severity !== 'low');
    const distrosRequired = wanted && !data.distros?.notified && !data.distros?.skip;
    if (distrosRequired) {
      const earliest = embargo - DISTROS_EARLIEST_BEFORE;
      add('distros', embargo - DISTROS_LATEST_BEFORE, { earliest: iso(earliest), notYetOpen: t < earliest });
    }
    add('public', embargo);
    add('oss-exploit', embargo + EXPLOIT_POST_AFTER);
  }
  return { deadlines, problems };
}

/** Every open advisory's deadlines, soonest first. */
export function collectDeadlines(advisories: Advisory[], now: Date): { deadlines: Deadline[]; problems: StatusProblem[] } {
  const deadlines: Deadline[] = [];
  const problems: StatusProblem[] = [];
  for (const a of advisories) {
    const r = deadlinesOf(a, now);
    deadlines.push(...r.deadlines);
    problems.push(...r.problems);
  }
  deadlines.sort((x, y) => x.due.localeCompare(y.due) || x.id.localeCompare(y.id));
  return { deadlines, problems };
}

// The distros list's policy and the project's rule (spec §5). The list takes only issues that are
// not public yet, for at most 14 days, and needs at least 3 days to prepare packages.
//
// Rules, stated plainly:
// - severity medium or higher and not public ⇒ `distros` in `channels`, or `distros.skip` with a
//   reason.
// - `distros.skip` and the `distros` channel exclude each other: skipping means the list is not
//   mailed (the usual reason is "the fix is already public", and then the list refuses it and
//   oss-security is the place). `skip` and `notified` exclude each other too.
// - `notified` must be ≥ 72 h and ≤ 14 days before `embargo`.
// - Not notified yet: a warning once the 14-day window is open, an error once fewer than 72 h are
//   left (the date cannot hold any more).
import { isPublic } from '../visibility.ts';
import { DAY, HOUR, error, warning, type Rule, type RuleResult } from './context.ts';

const MIN_LEAD = 72 * HOUR;
const MAX_LEAD = 14 * DAY;
const NEEDS_DISTROS = new Set(['medium', 'high', 'critical']);

export const distrosRequired: Rule = ({ data, now }) => {
  if (data.status === 'draft' || data.status === 'rejected') return [];
  if (!data.severity || !NEEDS_DISTROS.has(data.severity) || isPublic(data, now)) return [];
  if (data.channels?.includes('distros') || data.distros?.skip) return [];
  return [
    error(
      'distros-required',
      ['channels'],
      `severity ${data.severity} and not public yet: the distros list must be told before the embargo`,
      'add `distros` to `channels`, or give the reason under `distros: { skip: "…" }`',
    ),
  ];
};

export const distrosConsistent: Rule = ({ data }) => {
  const found: RuleResult[] = [];
  if (data.distros?.skip !== undefined && data.channels?.includes('distros')) {
    found.push(error('distros-conflict', ['distros', 'skip'], '`distros.skip` is set but `channels` lists distros', 'remove `distros` from `channels` (if the fix is public, the list refuses it: use oss-security), or remove `skip`', 'key'));
  }
  if (data.distros?.skip !== undefined && data.distros.notified !== undefined) {
    found.push(error('distros-conflict', ['distros', 'skip'], '`distros` has both `skip` and `notified`', 'keep `notified` if the list was mailed, otherwise remove it', 'key'));
  }
  return found;
};

function hours(ms: number): string {
  return ms >= 2 * DAY ? `${Math.round((ms / DAY) * 10) / 10} days` : `${Math.round((ms / HOUR) * 10) / 10} h`;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export const distrosTiming: Rule = ({ data, now }) => {
  if (!data.embargo) return [];
  const embargo = Date.parse(data.embargo);
  const notified = data.distros?.notified;
  if (notified !== undefined) {
    const lead = embargo - Date.parse(notified);
    if (lead < MIN_LEAD) {
      return [error('distros-late', ['distros', 'notified'], `notified ${hours(lead)} before the embargo; the list needs at least 72 h`, `move the embargo to ${iso(Date.parse(notified) + MIN_LEAD)} or later`)];
    }
    if (lead > MAX_LEAD) {
      return [error('distros-early', ['distros', 'notified'], `notified ${hours(lead)} before the embargo; the list allows at most 14 days`, `move the embargo to ${iso(Date.parse(notified) + MAX_LEAD)} or earlier (and tell the list)`)];
    }
    return [];
  }
  if (data.status !== 'embargoed' || !data.channels?.includes('distros')) return [];
  const left = embargo - now.getTime();
  if (left < MIN_LEAD) {
    return [error('distros-late', ['channels'], `distros is not notified and only ${hours(Math.max(0, left))} are left before the embargo; the list needs 72 h`, `move the embargo to ${iso(now.getTime() + MIN_LEAD)} or later, then run \`npm run notify-distros -- ${data.id}\``)];
  }
  if (left <= MAX_LEAD) {
    return [warning('distros-due', ['channels'], `the distros window is open (it closes ${iso(embargo - MIN_LEAD)})`, `run \`npm run notify-distros -- ${data.id}\``)];
  }
  return [];
};

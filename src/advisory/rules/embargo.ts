// Embargo timing (spec §5): a date in the past on an embargoed advisory means the release was
// missed or the date was not moved; a public date from Friday to Monday in the team's zone lands
// when fewer people can patch and fewer responders are around.
import { error, warning, type Rule } from './context.ts';

const weekdayFormatters = new Map<string, Intl.DateTimeFormat>();
export function weekdayIn(date: Date, timeZone: string): string {
  let f = weekdayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long' });
    weekdayFormatters.set(timeZone, f);
  }
  return f.format(date);
}

export const embargoNotPast: Rule = ({ data, now }) => {
  if (data.status !== 'embargoed' || !data.embargo) return [];
  if (Date.parse(data.embargo) > now.getTime()) return [];
  return [warning('embargo-past', ['embargo'], `the embargo ${data.embargo} has passed (now is ${now.toISOString().replace('.000Z', 'Z')}) and the advisory is still embargoed`, 'publish it (`npm run publish -- ' + data.id + '`) or move the date')];
};

const LATE_WEEK = new Set(['Friday', 'Saturday', 'Sunday', 'Monday']);

export const embargoOnWorkingDay: Rule = ({ data, config }) => {
  if ((data.status !== 'embargoed' && data.status !== 'draft') || !data.embargo) return [];
  const day = weekdayIn(new Date(data.embargo), config.timezone);
  if (!LATE_WEEK.has(day)) return [];
  return [warning('embargo-weekday', ['embargo'], `${data.embargo} is a ${day} in ${config.timezone}; fewer people can patch and respond from Friday to Monday`, 'prefer a Tuesday to Thursday, unless the date is already agreed')];
};

/** Kept apart from the schema because it needs a second field: disclosure cannot precede the report. */
export const embargoAfterTimeline: Rule = ({ data }) => {
  if (!data.embargo || !data.timeline?.length) return [];
  const first = data.timeline[0];
  if (Date.parse(first.at) <= Date.parse(data.embargo)) return [];
  return [error('timeline-order', ['timeline', 0, 'at'], `the first event (${first.at}) is after the embargo (${data.embargo})`, 'check the dates: the report comes before the disclosure')];
};

// The timeline is printed as given, so it must be in order; an event in the future is a plan and
// must say so (`planned: true`), or the published text would claim something that has not happened.
import { error, warning, type Rule, type RuleResult } from './context.ts';

export const timelineOrdered: Rule = ({ data, now }) => {
  const found: RuleResult[] = [];
  const t = data.timeline ?? [];
  t.forEach((e, i) => {
    if (i > 0 && Date.parse(e.at) < Date.parse(t[i - 1].at)) {
      found.push(error('timeline-order', ['timeline', i, 'at'], `${e.at} is before the previous event (${t[i - 1].at})`, 'list events from oldest to newest'));
    }
    if (!e.planned && Date.parse(e.at) > now.getTime()) {
      found.push(warning('timeline-future', ['timeline', i, 'at'], `${e.at} is in the future but the event is not marked as planned`, 'add `planned: true` (remove it once it happened)'));
    }
  });
  return found;
};

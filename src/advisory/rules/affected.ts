// Affected versions (spec §3): ranges ordered and disjoint, a service has no versions, and a
// package that is not a service says which versions are affected once the advisory leaves draft.
import { checkRanges } from '../ranges.ts';
import { error, type Rule, type RuleResult } from './context.ts';

export const affectedRanges: Rule = ({ data }) => {
  const found: RuleResult[] = [];
  const settled = data.status !== 'draft' && data.status !== 'rejected';
  (data.affected ?? []).forEach((a, i) => {
    if (a.ecosystem === 'service') {
      if (a.ranges?.length) found.push(error('service-ranges', ['affected', i, 'ranges'], 'a service has no versions, but `ranges` is set', 'remove `ranges` (say in the body when the fix was deployed)', 'key'));
      return;
    }
    if (!a.ranges?.length) {
      if (settled) found.push(error('ranges-required', ['affected', i], `${a.package} (${a.ecosystem}) has no \`ranges\``, 'add ranges such as `- introduced: "1.0.0"` / `fixed: "1.2.3"`, or use `ecosystem: service` for a hosted service'));
      return;
    }
    for (const p of checkRanges(a.ranges)) {
      found.push(error('range', ['affected', i, 'ranges', p.index, p.field], p.message, 'list ranges oldest first, each ending before the next one starts'));
    }
  });
  return found;
};

// A value listed twice is always a mistake (and a CVE listed twice would be exported twice).
import { error, type Rule, type RuleResult } from './context.ts';

export const noRepeats: Rule = ({ data }) => {
  const found: RuleResult[] = [];
  const check = (path: (string | number)[], list: readonly string[] | undefined) => {
    const seen = new Set<string>();
    list?.forEach((v, i) => {
      if (seen.has(v)) found.push(error('duplicate', [...path, i], `"${v}" is listed twice`, 'remove the repeated entry'));
      seen.add(v);
    });
  };
  check(['channels'], data.channels);
  check(['cve'], data.cve);
  check(['cwe'], data.cwe);
  (data.affected ?? []).forEach((a, i) => check(['affected', i, 'platforms'], a.platforms));
  return found;
};

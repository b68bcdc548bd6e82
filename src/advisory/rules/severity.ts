// The team's rating may differ from what CVSS says (a "low" for an 8.1 that needs a rare setup),
// but then readers deserve the reason (spec §5).
import { scoreCvss } from '../cvss.ts';
import { error, type Rule } from './context.ts';

export const severityMatchesCvss: Rule = ({ data }) => {
  if (!data.severity || !data.cvss?.length || data.severity_rationale) return [];
  const differing = data.cvss.map(scoreCvss).filter((s) => s.band !== data.severity);
  if (differing.length === 0) return [];
  const scores = differing.map((s) => `CVSS ${s.version} ${s.score} (${s.band})`).join(' and ');
  return [error('severity-rationale', ['severity'], `"${data.severity}" differs from ${scores}`, 'add `severity_rationale:` saying why (or under which condition the CVSS rating holds), or align the severity')];
};

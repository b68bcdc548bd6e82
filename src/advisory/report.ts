// The three ways `npm run validate` prints findings: text for people, JSON for scripts, GitHub
// workflow commands for annotations on a pull request. All three carry the same findings.
import { formatFinding, type Finding } from './finding.ts';
import { countBySeverity } from './validate.ts';

export const FORMATS = ['text', 'json', 'github'] as const;
export type ReportFormat = (typeof FORMATS)[number];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(files: number, findings: readonly Finding[]): string {
  const { errors, warnings } = countBySeverity(findings);
  return `${plural(files, 'file')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export function formatText(files: number, findings: readonly Finding[]): string {
  return [...findings.map(formatFinding), summaryLine(files, findings)].join('\n') + '\n';
}

export function formatJson(files: number, findings: readonly Finding[]): string {
  const { errors, warnings } = countBySeverity(findings);
  return JSON.stringify({ files, errors, warnings, findings }, null, 2) + '\n';
}

// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(files: number, findings: readonly Finding[]): string {
  const lines = findings.map((f) => {
    const props = [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.col}`, `title=${escapeProperty(`[${f.rule}] ${f.field}`)}`].join(',');
    return `::${f.severity} ${props}::${escapeData(`${f.message} — ${f.fix}`)}`;
  });
  // The summary also goes to the log as a notice, so a green run says what it checked.
  lines.push(`::notice title=disclose validate::${escapeData(summaryLine(files, findings))}`);
  return lines.join('\n') + '\n';
}

export function formatReport(format: ReportFormat, files: number, findings: readonly Finding[]): string {
  if (format === 'json') return formatJson(files, findings);
  if (format === 'github') return formatGithub(files, findings);
  return formatText(files, findings);
}

// The facts block at the top of every human-readable channel: id, CVEs, severity, CVSS, affected
// and fixed versions, date. Built once as label/value pairs, then laid out for plain text
// (aligned, wrapped) or Markdown (a list).
import { scoreCvss } from '../../advisory/cvss.ts';
import { describeRange, platformName } from '../../advisory/ranges.ts';
import type { Advisory } from '../../advisory/schema.ts';
import { columns, wrap } from '../../markdown/wrap.ts';
import { formatUtc } from './time.ts';

export interface HeaderField {
  label: string;
  /** One or more values; each starts on its own line in plain text. */
  values: string[];
}

/** The versions that fix the issue, per package ("rivet-regex 1.11.2"). */
export function fixedVersions(advisory: Advisory): string[] {
  return (advisory.data.affected ?? []).flatMap((a) =>
    (a.ranges ?? []).filter((r) => r.fixed !== undefined).map((r) => `${a.package} ${r.fixed}`),
  );
}

/** "rivet-pkg (crates.io): 0.9.0 up to and excluding 0.96.1, Unix only"; a service is named as one. */
export function affectedLines(advisory: Advisory): string[] {
  return (advisory.data.affected ?? []).map((a) => {
    if (a.ecosystem === 'service') return `${a.package} (service)`;
    const parts = [a.ranges?.length ? a.ranges.map(describeRange).join(', and ') : 'all versions'];
    if (a.platforms?.length) parts.push(`${a.platforms.map(platformName).join(', ')} only`);
    return `${a.package} (${a.ecosystem}): ${parts.join(', ')}`;
  });
}

export function headerFields(advisory: Advisory): HeaderField[] {
  const d = advisory.data;
  const fields: HeaderField[] = [{ label: 'Advisory', values: [d.status === 'withdrawn' ? `${d.id} (withdrawn)` : d.id] }];
  if (d.cve?.length) fields.push({ label: 'CVE', values: [d.cve.join(', ')] });
  if (d.ghsa) fields.push({ label: 'GHSA', values: [d.ghsa] });
  if (d.severity) fields.push({ label: 'Severity', values: [d.severity] });
  if (d.cvss?.length) {
    fields.push({
      label: 'CVSS',
      values: d.cvss.map((v) => {
        const s = scoreCvss(v);
        return `${v} (${s.score.toFixed(1)}, ${s.band})`;
      }),
    });
  }
  if (d.severity_rationale) fields.push({ label: 'Rationale', values: [d.severity_rationale] });
  if (d.cwe?.length) fields.push({ label: 'CWE', values: [d.cwe.join(', ')] });
  const affected = affectedLines(advisory);
  if (affected.length) fields.push({ label: 'Affected', values: affected });
  const fixed = fixedVersions(advisory);
  if (fixed.length) fields.push({ label: 'Fixed in', values: [fixed.join(', ')] });
  if (d.embargo) fields.push({ label: 'Public date', values: [formatUtc(d.embargo)] });
  return fields;
}

/** "Label:     value", values wrapped under each other. */
export function headerPlain(fields: HeaderField[], width: number): string {
  const labelWidth = Math.max(...fields.map((f) => columns(f.label))) + 3;
  const lines: string[] = [];
  for (const f of fields) {
    // A value with a word too long for the value column (a CVSS 4.0 vector is 68 columns) goes
    // under its label, indented, so it is never broken.
    const narrow = f.values.some((v) => v.split(' ').some((w) => columns(w) > width - labelWidth));
    if (narrow) {
      lines.push(`${f.label}:`);
      for (const value of f.values) lines.push(...wrap(value, width - 4).map((l) => `    ${l}`.trimEnd()));
      continue;
    }
    f.values.forEach((value, i) => {
      const wrapped = wrap(value, width - labelWidth);
      const first = i === 0 ? `${f.label}:`.padEnd(labelWidth) : ' '.repeat(labelWidth);
      wrapped.forEach((l, j) => lines.push(((j === 0 ? first : ' '.repeat(labelWidth)) + l).trimEnd()));
    });
  }
  return lines.join('\n');
}

/** A Markdown list, "- **Label:** value", values joined with "; ". */
export function headerMarkdown(fields: HeaderField[]): string {
  return fields.map((f) => `- **${f.label}:** ${f.values.join('; ')}`).join('\n');
}

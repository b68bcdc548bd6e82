// An imported record as a disclose advisory file: the frontmatter from the record's fields, and a
// body that keeps the source's text intact and adds only the canonical sections it lacks, each
// filled from the record's own data (the affected ranges, the fixed versions) or left for the
// credits, never with invented prose.
import { stringify } from 'yaml';
import { scoreCvss } from '../advisory/cvss.ts';
import { describeAffected } from '../advisory/ranges.ts';
import { REQUIRED_SECTIONS } from '../advisory/rules/body.ts';
import { parseBodyFacts } from '../advisory/rules/body-facts.ts';
import { CVE_PATTERN, GHSA_PATTERN, type AdvisoryData, type Severity } from '../advisory/schema.ts';
import { fit } from './common.ts';
import { idUrl } from './ids.ts';
import type { ImportedRecord } from './record.ts';

export interface TextOptions {
  /** The severity to record when the source gives none (a person's choice, never a guess). */
  missingSeverity?: Severity;
}

export class NeedsSeverity extends Error {}

/** Public links by channel, read from the references: where the team published. */
function linksOf(r: ImportedRecord, ghsa: string | undefined): NonNullable<AdvisoryData['links']> {
  const links: NonNullable<AdvisoryData['links']> = {};
  for (const { url } of r.references) {
    const host = new URL(url).hostname;
    if (ghsa && !links.ghsa && url.endsWith(`/security/advisories/${ghsa}`)) links.ghsa = url;
    else if (!links['oss-security'] && /(^|\.)openwall\.com$/.test(host) && url.includes('/lists/oss-security/')) links['oss-security'] = url;
    else if (!links.announce && /security-announce/i.test(url) && !/package-announce/i.test(url)) links.announce = url;
    else if (!links.blog && host.startsWith('blog.')) links.blog = url;
  }
  if (ghsa && !links.ghsa) links.ghsa = `https://github.com/advisories/${ghsa}`;
  return links;
}

function severityOf(r: ImportedRecord, opts: TextOptions): { severity: Severity; rationale?: string } {
  const bands = r.cvss.map((v) => scoreCvss(v).band).filter((b): b is Severity => b !== 'none');
  if (r.rating) {
    const differing = bands.filter((b) => b !== r.rating!.severity);
    return differing.length ? { severity: r.rating.severity, rationale: `${r.rating.by} rates this ${r.rating.severity}; the CVSS vector gives ${differing.join(' and ')}.` } : { severity: r.rating.severity };
  }
  if (bands.length) {
    const severity = bands[0];
    const differing = bands.filter((b) => b !== severity);
    return differing.length ? { severity, rationale: `The source gives several CVSS vectors; the first one (${severity}) is used.` } : { severity };
  }
  if (opts.missingSeverity) return { severity: opts.missingSeverity, rationale: `${r.sourceId} gives no severity; ${opts.missingSeverity} was chosen at import.` };
  throw new NeedsSeverity(`${r.sourceId} gives no severity (no CVSS vector, no rating): import it with --missing-severity low|medium|high|critical, a choice you make`);
}

/** The body: the source's text, then each required section it lacks. */
export function bodyOf(r: ImportedRecord, notes: string[]): string {
  let text = r.details.replace(/\r\n?/g, '\n').trim();
  const headings = () => parseBodyFacts(text).headings.map((h) => h.text.trim().toLowerCase());
  // "Acknowledgements" is the other spelling of the required section: renamed, not duplicated.
  if (headings().includes('acknowledgements') && !headings().includes('acknowledgments')) {
    text = text.replace(/^## +Acknowledgements *$/im, '## Acknowledgments');
    notes.push('body: the heading "## Acknowledgements" is spelt "## Acknowledgments"');
  }
  const has = (name: string) => headings().includes(name.toLowerCase());
  const cves = r.ids.filter((i) => CVE_PATTERN.test(i));
  const overview = has('Overview') || (cves.length > 0 && cves.every((c) => parseBodyFacts(text).headings.some((h) => h.text.includes(c))));
  const parts = [overview || text === '' ? text : `## Overview\n\n${text}`];
  if (text === '') parts[0] = `## Overview\n\n${r.summary}`;
  const added: string[] = overview ? [] : ['Overview'];
  for (const name of REQUIRED_SECTIONS) {
    if (has(name)) continue;
    added.push(name);
    if (name === 'Affected Versions') parts.push(`## Affected Versions\n\n${r.affected.map((a) => `- ${describeAffected(a)}`).join('\n')}`);
    else if (name === 'Mitigations') {
      const fixed = r.affected.flatMap((a) => (a.ranges ?? []).filter((x) => x.fixed).map((x) => `${a.package} ${x.fixed}`));
      const advice = r.mitigations ?? (fixed.length ? `Fixed in ${fixed.join(', ')}.` : `${r.sourceId} names no fixed version.`);
      parts.push(`## Mitigations\n\n${advice}`);
    } else parts.push(`## ${name}\n`);
  }
  if (added.length) notes.push(`body: the section${added.length > 1 ? 's' : ''} ${added.map((a) => `"## ${a}"`).join(', ')} ${added.length > 1 ? 'were' : 'was'} added around the source's text${added.includes('Overview') ? ' (the text is the Overview)' : ''}, filled from the record's data`);
  return `${parts.join('\n\n').trimEnd()}\n`;
}

/** The advisory file's text for `id`, and the notes on what changed shape on the way. */
export function advisoryText(id: string, r: ImportedRecord, opts: TextOptions = {}): { text: string; notes: string[]; ids: string[] } {
  const notes: string[] = [];
  const title = fit(r.title || r.summary || r.sourceId, 120);
  if (title !== r.title.replace(/\s+/g, ' ').trim()) notes.push(`title: cut to the format's 120 characters`);
  const summary = fit(r.summary || r.title, 300);
  if (r.summary && summary !== r.summary.replace(/\s+/g, ' ').trim()) notes.push(`summary: cut to the format's 300 characters`);
  const cves = [...new Set(r.ids.filter((i) => CVE_PATTERN.test(i)))];
  const ghsas = [...new Set(r.ids.filter((i) => GHSA_PATTERN.test(i)))];
  const ghsa = ghsas[0];
  if (ghsas.length > 1) notes.push(`aliases ${ghsas.slice(1).join(', ')}: one GHSA id per advisory in the format; the others are kept as references`);
  const { severity, rationale } = severityOf(r, opts);
  const references = [...r.references];
  const seen = new Set(references.map((x) => x.url));
  // Every id that is neither a CVE nor the first GHSA stays as a link to its record.
  for (const other of r.ids.filter((i) => !cves.includes(i) && i !== ghsa)) {
    const url = idUrl(other);
    if (url && !seen.has(url)) {
      references.push({ url, type: 'ADVISORY' });
      seen.add(url);
    } else if (!url) notes.push(`alias ${other}: no known public page, not kept`);
  }
  const links = linksOf(r, ghsa);
  const data: Record<string, unknown> = { id, title, summary, status: 'published', severity };
  if (rationale) data.severity_rationale = rationale;
  if (r.cvss.length) data.cvss = [...new Set(r.cvss)];
  if (cves.length) data.cve = cves;
  if (ghsa) data.ghsa = ghsa;
  if (r.cwe.length) data.cwe = [...new Set(r.cwe)];
  data.embargo = r.published;
  data.channels = Object.keys(links);
  data.affected = r.affected;
  if (r.credits.length) data.credits = r.credits;
  const timeline = [...r.timeline].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (timeline.length && Date.parse(timeline[0].at) <= Date.parse(r.published)) data.timeline = timeline;
  else if (timeline.length) notes.push('timeline: its first event is after the publication date, which the format does not allow; left out');
  if (references.length) data.references = references;
  if (Object.keys(links).length) data.links = links;
  const yamlText = stringify(data, { defaultStringType: 'PLAIN', lineWidth: 0 }).replace(/^(\s*-?\s*[A-Za-z_]+): (\d{4}-\d{2}-\d{2}T[^\s"']+)$/gm, '$1: "$2"')
    // Versions quoted, as the format asks ("1.10" must never become a number).
    .replace(/^(\s*-?\s*(?:introduced|fixed|last_affected)): ([^"'\s]+)$/gm, '$1: "$2"');
  const body = bodyOf(r, notes);
  return { text: `---\n${yamlText}---\n${body}`, notes, ids: [...new Set([r.sourceId, ...r.ids])] };
}

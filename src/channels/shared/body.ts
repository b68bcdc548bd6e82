// The advisory body as every channel publishes it: the author's Markdown, with the sections the
// spec lets the tool write (§6) filled in — Acknowledgments from `credits` when left empty,
// Timeline of events from `timeline` when absent or empty (times in UTC).
import type { Advisory, Credit, CreditRole } from '../../advisory/schema.ts';
import { parseMarkdown } from '../../markdown/parse.ts';
import { endOfContent, findSections, insertBlocks, type Insertion } from '../../markdown/sections.ts';
import { formatUtc } from './time.ts';

const ACKNOWLEDGMENTS = /^acknowledge?ments?$/i;
const TIMELINE = /^timeline\b/i;

/** What each credit role did, as the end of "We want to thank X for …". */
function roleDoing(role: CreditRole, issue: string): string {
  switch (role) {
    case 'reporter':
      return `reporting ${issue} to us`;
    case 'finder':
      return `finding ${issue}`;
    case 'coordinator':
      return 'coordinating the disclosure';
    case 'remediation_developer':
      return 'developing the fix';
    case 'remediation_reviewer':
      return 'reviewing the fix';
    case 'remediation_verifier':
      return 'verifying the fix';
    case 'analyst':
      return `analysing ${issue}`;
    case 'tool':
      return `helping to find ${issue}`;
    case 'sponsor':
      return 'supporting this work';
    case 'other':
      return 'their help';
  }
}

function listing(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

function person(c: Credit): string {
  return c.org ? `${c.name} (${c.org})` : c.name;
}

/** "We want to thank A for finding this issue, B (Org) for developing the fix, and C for …". */
export function acknowledgmentsText(advisory: Advisory): string | null {
  const credits = advisory.data.credits ?? [];
  if (credits.length === 0) return null;
  const issue = (advisory.data.cve?.length ?? 0) > 1 ? 'these issues' : 'this issue';
  const byRole = new Map<CreditRole, Credit[]>();
  for (const c of credits) byRole.set(c.role, [...(byRole.get(c.role) ?? []), c]);
  const clauses = [...byRole].map(([role, people]) => `${listing(people.map(person))} for ${roleDoing(role, issue)}`);
  return `We want to thank ${listing(clauses)}.`;
}

/** The timeline as a Markdown list; entries still in the future and marked `planned` say so. */
export function timelineMarkdown(advisory: Advisory, now: Date): string | null {
  const entries = advisory.data.timeline ?? [];
  if (entries.length === 0) return null;
  return entries
    .map((e) => {
      const planned = e.planned && Date.parse(e.at) > now.getTime() ? ' (planned)' : '';
      return `- ${formatUtc(e.at)}${planned}: ${e.event}`;
    })
    .join('\n');
}

// Every channel asks for the completed body; parsing Markdown is the costly part of rendering, so
// the result is kept per advisory object, and recomputed whenever anything it depends on changed.
const cache = new WeakMap<Advisory, { key: string; body: string }>();

/** The body with the generated sections filled in (Markdown; the author's text is untouched). */
export function completeBody(advisory: Advisory, now: Date): string {
  const { credits, timeline, cve } = advisory.data;
  const key = JSON.stringify([advisory.body, credits, timeline, cve, now.getTime()]);
  const hit = cache.get(advisory);
  if (hit?.key === key) return hit.body;
  const body = completeBodyUncached(advisory, now);
  cache.set(advisory, { key, body });
  return body;
}

function completeBodyUncached(advisory: Advisory, now: Date): string {
  const source = advisory.body;
  const root = parseMarkdown(source);
  const sections = findSections(root, 2);
  const end = endOfContent(root, source);
  const insertions: Insertion[] = [];
  const ack = sections.find((s) => ACKNOWLEDGMENTS.test(s.title));
  const timeline = sections.find((s) => TIMELINE.test(s.title));
  const ackText = acknowledgmentsText(advisory);
  if (ackText !== null) {
    if (!ack) insertions.push({ at: timeline ? timeline.start : end, markdown: `## Acknowledgments\n\n${ackText}` });
    else if (ack.empty) insertions.push({ at: ack.headingEnd, markdown: ackText });
  }
  const timelineText = timelineMarkdown(advisory, now);
  if (timelineText !== null) {
    if (!timeline) insertions.push({ at: end, markdown: `## Timeline of events\n\n${timelineText}` });
    else if (timeline.empty) insertions.push({ at: timeline.headingEnd, markdown: timelineText });
  }
  return insertions.length === 0 ? source.replace(/\s+$/, '') + '\n' : insertBlocks(source, insertions);
}

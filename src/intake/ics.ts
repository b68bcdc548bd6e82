// Deadlines as an iCalendar file (RFC 5545) for the team's PRIVATE calendar: embargoed titles are
// in it. CRLF line ends, content lines folded at 75 octets without splitting a UTF-8 character,
// one VEVENT per deadline with a UID stable across runs (re-importing updates instead of duplicating).
import type { Deadline } from './deadlines.ts';

/** RFC 5545 §3.3.11 TEXT escaping. */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 §3.1: lines longer than 75 octets are split, continuation lines start with one space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** 2026-12-08T17:00:00Z → 20261208T170000Z (UTC "form #2"). */
export function icsDate(isoOrDate: string | Date): string {
  return new Date(isoOrDate).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

export interface IcsOptions {
  now: Date;
  /** Domain part of every UID, e.g. the team's message_id_domain. */
  uidDomain: string;
  calendarName: string;
}

function eventLines(d: Deadline, o: IcsOptions): string[] {
  const summary = `${d.overdue ? 'OVERDUE: ' : ''}${d.id} ${d.label}: ${d.title}`;
  const description = [
    `${d.label} for ${d.id} (${d.status}), due ${d.due}.`,
    d.earliest ? `The distros window opens ${d.earliest} (the list refuses earlier mail).` : '',
    `File: ${d.file}`,
    'Private: this calendar contains embargoed information.',
  ]
    .filter(Boolean)
    .join('\n');
  return [
    'BEGIN:VEVENT',
    `UID:${d.id}-${d.kind}@${o.uidDomain}`,
    `DTSTAMP:${icsDate(o.now)}`,
    `DTSTART:${icsDate(d.due)}`,
    `DTEND:${icsDate(new Date(Date.parse(d.due) + 30 * 60_000))}`,
    `SUMMARY:${escapeText(summary)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `CATEGORIES:disclose,${d.kind}`, // a list: the comma separates values
    'CLASS:CONFIDENTIAL',
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

export function renderIcs(deadlines: Deadline[], o: IcsOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//disclose//status//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(o.calendarName)}`,
    ...deadlines.flatMap((d) => eventLines(d, o)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

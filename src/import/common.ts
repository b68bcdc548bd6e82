// Small conversions every reader shares: range events into disclose ranges, credits, reference
// types, timestamps. Each either maps a value exactly or says why it cannot.
import { CREDIT_ROLES, REFERENCE_TYPES, type AffectedEntry, type Credit, type VersionRange } from '../advisory/schema.ts';
import { checkRanges, parseVersion, rangesFromOsvEvents, type OsvEvent } from '../advisory/ranges.ts';
import { timestampProblem } from '../clock.ts';

/** A timestamp with a zone, as the format wants it. Date-only and zone-less values are UTC (as OSV and CVE define them). */
export function sourceTimestamp(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  let t = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t = `${t}T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) t = `${t}Z`;
  if (timestampProblem(t) !== null) return undefined;
  return new Date(t).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * OSV-style events (in order) into ranges: each `introduced` opens a range that the next `fixed`
 * or `last_affected` closes. Returns null with a reason when a version is not semver or an event
 * cannot be carried (`limit`).
 */
export function rangesFromEvents(events: Record<string, string>[]): { ranges: VersionRange[] } | { problem: string } {
  const checked: OsvEvent[] = [];
  let open = false;
  for (const e of events) {
    const [key, value] = Object.entries(e)[0] ?? [];
    if (key === undefined) continue;
    if (key !== 'introduced' && key !== 'fixed' && key !== 'last_affected') return { problem: `the event "${key}" has no equivalent (ranges have introduced, fixed and last_affected)` };
    if (typeof value !== 'string' || parseVersion(value) === null) return { problem: `"${String(value)}" is not a semver version` };
    if (key !== 'introduced' && !open) return { problem: `"${key}: ${value}" closes no range` };
    open = key === 'introduced';
    checked.push({ [key]: value } as OsvEvent);
  }
  // Checked above, so the project's inverse of osvEvents reads them.
  return { ranges: rangesFromOsvEvents(checked) };
}

/** Merges entries for the same package, platforms and functions (GitHub lists one per range). */
export function mergeAffected(entries: AffectedEntry[]): AffectedEntry[] {
  const out: AffectedEntry[] = [];
  const key = (a: AffectedEntry) => JSON.stringify([a.package, a.ecosystem, a.platforms ?? [], a.functions ?? []]);
  const byKey = new Map<string, AffectedEntry>();
  for (const a of entries) {
    const k = key(a);
    const seen = byKey.get(k);
    if (!seen) {
      const copy = { ...a, ranges: a.ranges ? [...a.ranges] : undefined };
      if (!copy.ranges) delete copy.ranges;
      byKey.set(k, copy);
      out.push(copy);
    } else if (a.ranges?.length) {
      seen.ranges = [...(seen.ranges ?? []), ...a.ranges];
    }
  }
  for (const a of out) {
    if (a.ranges && a.ranges.length > 1 && checkRanges(a.ranges).length > 0) {
      const sorted = [...a.ranges].sort((x, y) => parseVersion(x.introduced)!.compare(parseVersion(y.introduced)!));
      if (checkRanges(sorted).length === 0) a.ranges = sorted;
    }
  }
  return out;
}

/** OSV / CVE credit types ("FINDER", "remediation developer") as a credit role. */
export function creditRole(type: unknown): Credit['role'] {
  const t = typeof type === 'string' ? type.trim().toLowerCase().replace(/[\s-]+/g, '_') : '';
  return (CREDIT_ROLES as readonly string[]).includes(t) ? (t as Credit['role']) : 'other';
}

/** A GitHub login from a contact URL (https://github.com/login). */
export function githubLogin(contacts: unknown): string | undefined {
  if (!Array.isArray(contacts)) return undefined;
  for (const c of contacts) {
    const m = typeof c === 'string' ? /^https:\/\/github\.com\/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/?$/.exec(c) : null;
    if (m) return m[1];
  }
  return undefined;
}

export function referenceType(raw: unknown): (typeof REFERENCE_TYPES)[number] {
  return typeof raw === 'string' && (REFERENCE_TYPES as readonly string[]).includes(raw) ? (raw as (typeof REFERENCE_TYPES)[number]) : 'WEB';
}

export function isHttpUrl(raw: unknown): raw is string {
  if (typeof raw !== 'string') return false;
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A lowercase platform name (windows, macos, linux…), or undefined when the name cannot be one. */
export function platform(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const p = raw.trim().toLowerCase().replace(/\s+/g, '-');
  return /^[a-z][a-z0-9-]*$/.test(p) ? p : undefined;
}

/** The first sentence of a text, for a summary when the source has none (≤ 300 characters). */
export function firstSentence(text: string): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  const m = /^(.{20,}?[.!?])(\s|$)/.exec(plain);
  return m ? m[1] : plain;
}

/** Cuts at a word boundary with an ellipsis; the caller notes the cut. */
export function fit(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

// Affected versions are written once, as ranges of OSV-style events, and every other spelling is
// derived from them here: the sentence people read, GitHub's range strings, OSV's event lists.
import semver from 'semver';
import type { AffectedEntry, VersionRange } from './schema.ts';

/** "0" means "since the first release", as in OSV. Anything else must be strict semver. */
export function parseVersion(v: string): semver.SemVer | null {
  if (v === '0') return new semver.SemVer('0.0.0');
  return semver.valid(v) === v ? new semver.SemVer(v) : null;
}

function cmp(a: string, b: string): number {
  return semver.compare(parseVersion(a)!, parseVersion(b)!);
}

/** The range's upper edge as a comparable version (Infinity when the range is still open). */
function upperEdge(r: VersionRange): string | null {
  return r.fixed ?? r.last_affected ?? null;
}

export interface RangeProblem {
  index: number;
  field: 'fixed' | 'last_affected' | 'introduced';
  message: string;
}

/** Ranges must be ordered, each non-empty, and must not overlap (spec §3). */
export function checkRanges(ranges: VersionRange[]): RangeProblem[] {
  const problems: RangeProblem[] = [];
  ranges.forEach((r, i) => {
    if (r.fixed !== undefined && cmp(r.fixed, r.introduced) <= 0) {
      problems.push({ index: i, field: 'fixed', message: `fixed "${r.fixed}" is not after introduced "${r.introduced}"` });
    }
    if (r.last_affected !== undefined && cmp(r.last_affected, r.introduced) < 0) {
      problems.push({ index: i, field: 'last_affected', message: `last_affected "${r.last_affected}" is before introduced "${r.introduced}"` });
    }
    if (i === 0) return;
    const prev = ranges[i - 1];
    const prevEnd = upperEdge(prev);
    if (prevEnd === null) {
      problems.push({ index: i, field: 'introduced', message: `range ${i - 1} is open-ended, so range ${i} overlaps it` });
    } else if (cmp(r.introduced, prev.introduced) <= 0) {
      problems.push({ index: i, field: 'introduced', message: `introduced "${r.introduced}" is not after the previous range's introduced "${prev.introduced}": list ranges from oldest to newest` });
    } else {
      const overlaps = prev.fixed !== undefined ? cmp(r.introduced, prevEnd) < 0 : cmp(r.introduced, prevEnd) <= 0;
      if (overlaps) {
        problems.push({ index: i, field: 'introduced', message: `introduced "${r.introduced}" falls inside the previous range (which ends at ${prevEnd})` });
      }
    }
  });
  return problems;
}

/** "1.68.0 up to and excluding 1.96.1", "all versions up to and including 2.3.4", … */
export function describeRange(r: VersionRange): string {
  const from = r.introduced === '0' ? 'all versions' : r.introduced;
  if (r.fixed !== undefined) return r.introduced === '0' ? `all versions before ${r.fixed}` : `${from} up to and excluding ${r.fixed}`;
  if (r.last_affected !== undefined) return r.introduced === '0' ? `all versions up to and including ${r.last_affected}` : `${from} up to and including ${r.last_affected}`;
  return r.introduced === '0' ? 'all versions' : `${from} and later`;
}

/** The sentence for one affected entry, e.g. "rivet-regex 1.2.0 up to and excluding 1.2.5 (Windows only)". */
export function describeAffected(a: AffectedEntry): string {
  const platforms = a.platforms?.length ? ` (${a.platforms.map(platformName).join(', ')} only)` : '';
  if (a.ecosystem === 'service' || !a.ranges?.length) return `${a.package}${platforms}`;
  return `${a.package} ${a.ranges.map(describeRange).join(', and ')}${platforms}`;
}

const PLATFORM_NAMES: Record<string, string> = { windows: 'Windows', macos: 'macOS', unix: 'Unix', linux: 'Linux', freebsd: 'FreeBSD', android: 'Android', ios: 'iOS' };
export function platformName(p: string): string {
  return PLATFORM_NAMES[p] ?? p;
}

/** GitHub's `vulnerable_version_range` for one range, e.g. ">= 1.68.0, < 1.96.1". */
export function ghsaRange(r: VersionRange): string {
  const parts: string[] = [];
  if (r.introduced !== '0') parts.push(`>= ${r.introduced}`);
  if (r.fixed !== undefined) parts.push(`< ${r.fixed}`);
  else if (r.last_affected !== undefined) parts.push(`<= ${r.last_affected}`);
  return parts.length ? parts.join(', ') : '>= 0';
}

/** GitHub's `patched_versions`: the fixed version, or null when there is none. */
export function ghsaPatched(r: VersionRange): string | null {
  return r.fixed ?? null;
}

export type OsvEvent = { introduced: string } | { fixed: string } | { last_affected: string };

/** OSV `ranges[].events` for all of an entry's ranges (one SEMVER range, events in order). */
export function osvEvents(ranges: VersionRange[]): OsvEvent[] {
  const events: OsvEvent[] = [];
  for (const r of ranges) {
    events.push({ introduced: r.introduced });
    if (r.fixed !== undefined) events.push({ fixed: r.fixed });
    else if (r.last_affected !== undefined) events.push({ last_affected: r.last_affected });
  }
  return events;
}

/** Back from OSV events to ranges: the inverse of osvEvents, used to prove the round trip. */
export function rangesFromOsvEvents(events: OsvEvent[]): VersionRange[] {
  const ranges: VersionRange[] = [];
  for (const e of events) {
    if ('introduced' in e) ranges.push({ introduced: e.introduced });
    else if ('fixed' in e) ranges[ranges.length - 1].fixed = e.fixed;
    else ranges[ranges.length - 1].last_affected = e.last_affected;
  }
  return ranges;
}

/** Back from a GHSA range string to a range: the inverse of ghsaRange. */
export function rangeFromGhsa(s: string): VersionRange {
  const r: VersionRange = { introduced: '0' };
  for (const part of s.split(',').map((p) => p.trim())) {
    const m = /^(>=|<=|<)\s*(\S+)$/.exec(part);
    if (!m) throw new Error(`cannot read GHSA range part "${part}"`);
    if (m[1] === '>=') r.introduced = m[2];
    else if (m[1] === '<') r.fixed = m[2];
    else r.last_affected = m[2];
  }
  return r;
}

/** Is `version` inside any of the ranges? */
export function isAffected(version: string, ranges: VersionRange[]): boolean {
  return ranges.some((r) => {
    if (cmp(version, r.introduced) < 0) return false;
    if (r.fixed !== undefined) return cmp(version, r.fixed) < 0;
    if (r.last_affected !== undefined) return cmp(version, r.last_affected) <= 0;
    return true;
  });
}

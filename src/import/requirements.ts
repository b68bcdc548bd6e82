// RustSec writes affected versions as what is safe: `patched` and `unaffected` Cargo version
// requirements ("^0.3.24", ">= 1.18.4, < 1.19.0"). The affected ranges are what is left: the
// complement of their union, computed here on semver intervals (as RustSec's own OSV export does).
import semver from 'semver';
import type { VersionRange } from '../advisory/schema.ts';

interface Bound {
  v: semver.SemVer;
  inclusive: boolean;
}
interface Interval {
  lo?: Bound; // undefined: from the first version
  hi?: Bound; // undefined: no upper end
}

/** Cargo requirement syntax as npm's: commas separate comparators, a bare version means caret. */
function npmRange(req: string): semver.Range {
  const parts = req.split(',').map((p) => p.trim()).filter(Boolean).map((p) => (/^\d/.test(p) ? `^${p}` : p.replace(/^(>=|<=|>|<|=|\^|~)\s+/, '$1')));
  return new semver.Range(parts.join(' '));
}

function intervalsOf(req: string): Interval[] {
  return npmRange(req).set.map((comparators) => {
    const iv: Interval = {};
    for (const c of comparators) {
      if (!(c.semver instanceof semver.SemVer)) continue; // the "any version" comparator
      const v = c.semver;
      if (c.operator === '>=' || c.operator === '>') {
        const b = { v, inclusive: c.operator === '>=' };
        if (!iv.lo || semver.gt(v, iv.lo.v) || (semver.eq(v, iv.lo.v) && !b.inclusive)) iv.lo = b;
      } else if (c.operator === '<' || c.operator === '<=') {
        const b = { v, inclusive: c.operator === '<=' };
        if (!iv.hi || semver.lt(v, iv.hi.v) || (semver.eq(v, iv.hi.v) && !b.inclusive)) iv.hi = b;
      } else {
        iv.lo = { v, inclusive: true };
        iv.hi = { v, inclusive: true };
      }
    }
    return iv;
  });
}

const loCmp = (a: Interval, b: Interval) => (!a.lo ? (!b.lo ? 0 : -1) : !b.lo ? 1 : semver.compare(a.lo.v, b.lo.v) || (a.lo.inclusive === b.lo.inclusive ? 0 : a.lo.inclusive ? -1 : 1));

/**
 * The affected ranges for a package whose safe versions are `safe` (patched + unaffected
 * requirements), or a problem when one edge cannot be written as introduced/fixed/last_affected.
 */
export function affectedFromSafe(safe: string[]): { ranges: VersionRange[] } | { problem: string } {
  let intervals: Interval[];
  try {
    intervals = safe.flatMap(intervalsOf).sort(loCmp);
  } catch (e) {
    return { problem: `a requirement cannot be read (${(e as Error).message})` };
  }
  const ranges: VersionRange[] = [];
  // Walk the safe intervals in order; the gaps between them are affected.
  let cursor: Bound | undefined; // where the current affected stretch starts (undefined: the beginning)
  let open = true; // is there an affected stretch from `cursor` on?
  let started = false;
  for (const iv of intervals) {
    // A gap ends where this safe interval starts.
    if (open) {
      const gapEmpty = cursor && iv.lo && (semver.gt(cursor.v, iv.lo.v) || (semver.eq(cursor.v, iv.lo.v) && (iv.lo.inclusive || !cursor.inclusive)));
      if (!iv.lo && !started) {
        // Safe from the first version on: no gap before it.
      } else if (!gapEmpty && iv.lo) {
        const introduced = cursor ? startOf(cursor) : '0';
        if (introduced === null) return { problem: `affected versions start just after ${cursor!.v.version}, which cannot be written as "introduced"` };
        ranges.push(iv.lo.inclusive ? { introduced, fixed: iv.lo.v.version } : { introduced, last_affected: iv.lo.v.version });
      }
    }
    started = true;
    // The next gap starts after this safe interval, unless an earlier one reaches further.
    if (!iv.hi) return { ranges: dedupe(ranges) };
    const next: Bound = { v: iv.hi.v, inclusive: !iv.hi.inclusive };
    if (!cursor || semver.gt(next.v, cursor.v) || (semver.eq(next.v, cursor.v) && !next.inclusive && cursor.inclusive)) cursor = next;
    open = true;
  }
  const introduced = cursor ? startOf(cursor) : '0';
  if (introduced === null) return { problem: `affected versions start just after ${cursor!.v.version}, which cannot be written as "introduced"` };
  ranges.push({ introduced });
  return { ranges: dedupe(ranges) };
}

/**
 * The first version of a stretch that starts at `b`. Just after a release X.Y.Z the first version
 * is X.Y.(Z+1)-0 (nothing sorts between them), as RustSec's own OSV export writes it.
 */
function startOf(b: Bound): string | null {
  if (b.inclusive) return b.v.version;
  if (b.v.prerelease.length > 0) return null;
  return `${b.v.major}.${b.v.minor}.${b.v.patch + 1}-0`;
}

function dedupe(ranges: VersionRange[]): VersionRange[] {
  return ranges.filter((r, i) => i === 0 || JSON.stringify(r) !== JSON.stringify(ranges[i - 1]));
}

// Property checks: every derived spelling of a set of ranges reads back to the same ranges, and
// "is this version affected?" gives the same answer from the events as from GitHub's strings.
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { checkRanges, describeRange, ghsaRange, isAffected, osvEvents, rangeFromGhsa, rangesFromOsvEvents } from '../../src/advisory/ranges.ts';
import type { VersionRange } from '../../src/advisory/schema.ts';
import { prng } from './helpers.ts';

const rand = prng(42);
const int = (n: number) => Math.floor(rand() * n);
const version = () => `${int(4)}.${int(12)}.${int(6)}`;

/** Ordered, disjoint ranges built from sorted distinct versions. */
function randomRanges(): VersionRange[] {
  const count = 1 + int(3);
  const points = [...new Set(Array.from({ length: count * 2 + 2 }, version))].filter((v) => v !== '0.0.0').sort(semver.compare);
  const ranges: VersionRange[] = [];
  let i = 0;
  for (let r = 0; r < count && i < points.length; r++) {
    const range: VersionRange = { introduced: r === 0 && rand() < 0.3 ? '0' : points[i++] };
    const last = r === count - 1 || i >= points.length - 1;
    const end = points[i++];
    if (end === undefined) {
      ranges.push(range);
      break;
    }
    const kind = rand();
    if (kind < 0.7) range.fixed = end;
    else if (kind < 0.9 || !last) range.last_affected = end;
    ranges.push(range);
    if (range.last_affected !== undefined) i++; // the next range starts strictly after last_affected
    if (range.fixed === undefined && range.last_affected === undefined) break;
  }
  return ranges;
}

/** GitHub's string as a node-semver range (it is the same grammar without the commas). */
const asSemverRange = (ghsa: string) => (ghsa === '>= 0' ? '*' : ghsa.replace(/,/g, ''));

describe('derived range forms round-trip (1,000 random range sets)', () => {
  const cases = Array.from({ length: 1000 }, randomRanges);

  it('generates valid input: ordered, disjoint ranges pass checkRanges', () => {
    for (const ranges of cases) expect(checkRanges(ranges), JSON.stringify(ranges)).toEqual([]);
  });

  it('ranges → ghsaRange → rangeFromGhsa gives the same range', () => {
    for (const ranges of cases) for (const r of ranges) expect(rangeFromGhsa(ghsaRange(r))).toEqual(r);
  });

  it('ranges → osvEvents → rangesFromOsvEvents gives the same ranges', () => {
    for (const ranges of cases) expect(rangesFromOsvEvents(osvEvents(ranges))).toEqual(ranges);
  });

  it('isAffected agrees with the GHSA strings read by node-semver, on random versions', () => {
    let affected = 0;
    for (const ranges of cases) {
      for (let n = 0; n < 20; n++) {
        const v = version();
        const viaGhsa = ranges.some((r) => semver.satisfies(v, asSemverRange(ghsaRange(r))));
        expect(isAffected(v, ranges), `${v} in ${JSON.stringify(ranges)}`).toBe(viaGhsa);
        if (viaGhsa) affected++;
      }
    }
    // Both answers occur, so the comparison means something.
    expect(affected).toBeGreaterThan(1000);
    expect(affected).toBeLessThan(19_000);
  });

  it('the fixed version itself is never affected, introduced always is', () => {
    for (const ranges of cases) {
      for (const r of ranges) {
        if (r.introduced !== '0') expect(isAffected(r.introduced, ranges)).toBe(true);
        if (r.fixed) expect(isAffected(r.fixed, [r])).toBe(false);
        if (r.last_affected) expect(isAffected(r.last_affected, [r])).toBe(true);
        expect(describeRange(r)).toMatch(r.introduced === '0' ? /^all versions/ : new RegExp(`^${r.introduced.replace(/\./g, '\\.')}`));
      }
    }
  });

  it('checkRanges finds overlaps and wrong order when two ranges are swapped or merged', () => {
    let checked = 0;
    for (const ranges of cases.filter((c) => c.length >= 2)) {
      expect(checkRanges([...ranges].reverse()).length).toBeGreaterThan(0);
      const [a, b] = ranges;
      const end = b.fixed ?? b.last_affected;
      if (end && (a.fixed ?? a.last_affected)) {
        expect(checkRanges([{ ...a, fixed: end, last_affected: undefined }, b].map((r) => JSON.parse(JSON.stringify(r))) as VersionRange[]).length).toBeGreaterThan(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

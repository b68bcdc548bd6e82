// CVSS vectors are scored by ae-cvss-calculator (FIRST's formulas for 3.1 and 4.0). The library is
// lenient (it fills missing metrics with "X" and reorders), so strictness is ours: a vector must be
// exactly the library's canonical form and every base metric must be set.
import cvssLib from 'ae-cvss-calculator';

const { Cvss3P1, Cvss4P0 } = cvssLib;

export type CvssVersion = '3.1' | '4.0';
export type Band = 'none' | 'low' | 'medium' | 'high' | 'critical';

export interface CvssScore {
  vector: string;
  version: CvssVersion;
  score: number;
  band: Band;
}

const BASE_METRICS: Record<CvssVersion, string[]> = {
  '3.1': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '4.0': ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
};

/** FIRST's qualitative rating scale, the same for 3.1 and 4.0. */
export function bandOf(score: number): Band {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

export class CvssError extends Error {}

// Scoring is pure and costs ~50 µs (the library builds its whole metric model), while the same
// vectors recur across advisories and the validator asks twice per vector (schema, then the
// severity rule). Results and errors are remembered per vector string.
const MEMO_LIMIT = 50_000;
const memo = new Map<string, CvssScore | CvssError>();

/** Parses and scores a vector, or throws CvssError saying exactly what is wrong. */
export function scoreCvss(vector: string): CvssScore {
  let hit = memo.get(vector);
  if (hit === undefined) {
    try {
      hit = computeScore(vector);
    } catch (e) {
      if (!(e instanceof CvssError)) throw e;
      hit = e;
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(vector, hit);
  }
  if (hit instanceof CvssError) throw new CvssError(hit.message);
  return { ...hit };
}

/** A remembered outcome in plain data: the score, or the reason the vector is invalid. */
export type CvssMemoEntry = CvssScore | { error: string };

/** Everything scored in this process, as plain data (for the validator's cross-run cache). */
export function exportCvssMemo(): Record<string, CvssMemoEntry> {
  const out: Record<string, CvssMemoEntry> = {};
  for (const [vector, hit] of memo) out[vector] = hit instanceof CvssError ? { error: hit.message } : hit;
  return out;
}

/** Seeds the memo with outcomes computed earlier by this same code and library version. */
export function importCvssMemo(entries: Record<string, CvssMemoEntry>): void {
  for (const [vector, e] of Object.entries(entries)) {
    if (memo.size >= MEMO_LIMIT) return;
    memo.set(vector, 'error' in e ? new CvssError(e.error) : e);
  }
}

function computeScore(vector: string): CvssScore {
  const m = /^CVSS:(3\.1|4\.0)\//.exec(vector);
  if (!m) {
    throw new CvssError(
      `"${vector}" does not start with "CVSS:3.1/" or "CVSS:4.0/" (only CVSS 3.1 and 4.0 are accepted)`,
    );
  }
  const version = m[1] as CvssVersion;
  const parts = vector.slice(m[0].length).split('/');
  const seen = new Set<string>();
  for (const part of parts) {
    const [key, value, extra] = part.split(':');
    if (!key || !value || extra !== undefined) throw new CvssError(`"${part}" is not a METRIC:VALUE pair`);
    if (seen.has(key)) throw new CvssError(`metric ${key} appears twice`);
    seen.add(key);
  }
  const missing = BASE_METRICS[version].filter((k) => !seen.has(k));
  if (missing.length > 0) {
    throw new CvssError(`base metric${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing: a partial vector has no score`);
  }
  let parsed: InstanceType<typeof Cvss3P1> | InstanceType<typeof Cvss4P0>;
  try {
    parsed = version === '3.1' ? new Cvss3P1(vector) : new Cvss4P0(vector);
  } catch (e) {
    throw new CvssError((e as Error).message);
  }
  for (const k of BASE_METRICS[version]) {
    if (new RegExp(`/${k}:X(/|$)`).test(vector)) throw new CvssError(`base metric ${k} cannot be X (not defined)`);
  }
  // The library spells out every optional metric it knows as X; keep only those the vector set.
  const canonical = parsed
    .toString()
    .split('/')
    .filter((part, i) => i === 0 || seen.has(part.split(':')[0]))
    .join('/');
  if (canonical !== vector) {
    throw new CvssError(`metrics are not in the specification's order; the canonical form is ${canonical}`);
  }
  const scores = parsed.calculateScores() as { base?: number; overall?: number };
  const score = version === '3.1' ? scores.base : scores.overall;
  if (typeof score !== 'number' || Number.isNaN(score)) throw new CvssError('the vector could not be scored');
  return { vector, version, score, band: bandOf(score) };
}

// Turns zod issues into findings a responder can act on: what is wrong, with the value that was
// found, and how to fix it. Unknown keys and bad enum values get a "did you mean" from the closest
// allowed spelling, because a typo must never silently drop a field (spec §2).
// A value is quoted only when it is not private: nothing under `private`, and nothing equal to a
// private value of the same file, is ever repeated in a message (hidePrivateValues).
import { z } from 'zod';
import { normaliseForMatch, privateValuesOf } from '../gate/index.ts';
import { AdvisoryFrontmatter } from './schema.ts';

export type PathKey = string | number;

/** A finding before it has a position: `target` says whether to point at the key or the value. */
export interface PendingFinding {
  severity: 'error' | 'warning';
  rule: string;
  path: PathKey[];
  target: 'key' | 'value';
  message: string;
  fix: string;
  /** Where to point instead of `path`, when the cause is written elsewhere (e.g. at `status`). */
  at?: PathKey[];
}

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), for spelling hints. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate, if it is close enough to be a plausible typo (case is ignored). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const dist = editDistance(w, c.toLowerCase());
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

/** The keys the schema allows for the object at `path` (for "did you mean"). */
export function knownKeysAt(path: readonly PathKey[], root: z.ZodType = AdvisoryFrontmatter): string[] {
  let s: z.ZodType | undefined = unwrap(root);
  for (const k of path) {
    if (s instanceof z.ZodArray && typeof k === 'number') s = unwrap(s.element as z.ZodType);
    else if (s instanceof z.ZodObject && typeof k === 'string') s = s.shape[k] ? unwrap(s.shape[k] as z.ZodType) : undefined;
    else return [];
    if (!s) return [];
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

export function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathKey, unknown>)[k];
  }
  return v;
}

/** True for a path under `private`, whose values a message only describes by type. */
function isPrivatePath(path: readonly PathKey[]): boolean {
  return path[0] === 'private';
}

function describe(value: unknown, path: readonly PathKey[] = []): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (isPrivatePath(path)) return `${typeof value === 'string' ? 'text' : `a ${typeof value}`} (not shown: it is private)`;
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  return `${typeof value} ${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  array: 'a list',
  object: 'a map',
  boolean: 'true or false',
  number: 'a number',
};

const FIX_BY_FIELD: [RegExp, string][] = [
  [/(^|\.)(embargo|at|notified)$/, 'write a quoted timestamp with a zone, e.g. "2026-12-08T17:00:00Z"'],
  [/^cve\.\d+$/, 'write the CVE id as CVE-YYYY-NNNN'],
  [/^cwe\.\d+$/, 'write the weakness as CWE-NNN'],
  [/^ghsa$/, 'copy the id from the GitHub advisory page'],
  [/^cvss\.\d+$/, 'paste the full vector from a CVSS calculator (FIRST\'s 3.1 or 4.0)'],
  [/\.(introduced|fixed|last_affected)$/, 'write a quoted semver version such as "1.2.3" (or "0" for introduced: since the beginning)'],
];

function fixFor(field: string): string {
  for (const [re, fix] of FIX_BY_FIELD) if (re.test(field)) return fix;
  return 'see docs/advisory-format.md';
}

/** One zod issue → one finding per problem (an unknown-keys issue becomes one finding per key). */
export function mapZodIssue(issue: z.core.$ZodIssue, raw: unknown): PendingFinding[] {
  const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
  const field = path.join('.') || 'frontmatter';
  const value = valueAt(raw, path);
  const base = { severity: 'error' as const, path };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(path);
      return issue.keys.map((key) => {
        const guess = closest(key, known);
        return {
          ...base,
          rule: 'unknown-key',
          path: [...path, key],
          target: 'key' as const,
          message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
          fix: guess ? `rename it to "${guess}"` : `remove it; allowed keys here: ${known.join(', ')}`,
        };
      });
    }
    case 'invalid_type': {
      if (value === undefined) {
        return [{ ...base, rule: 'required', target: 'value', message: 'is required', fix: `add \`${path[path.length - 1]}:\` (${fixFor(field)})` }];
      }
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      const custom = issue.message.startsWith('Invalid input') ? '' : ` (${issue.message})`;
      return [{ ...base, rule: 'schema', target: 'value', message: `must be ${expected}, found ${describe(value, path)}${custom}`, fix: issue.expected === 'string' && typeof value !== 'object' ? 'put the value in double quotes' : fixFor(field) }];
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      const guess = typeof value === 'string' && !isPrivatePath(path) ? closest(value, allowed) : undefined;
      return [
        {
          ...base,
          rule: 'schema',
          target: 'value',
          message: `${describe(value, path)} is not one of ${allowed.join(', ')}${guess ? ` (did you mean "${guess}"?)` : ''}`,
          fix: guess ? `write "${guess}"` : `use one of ${allowed.join(', ')}`,
        },
      ];
    }
    case 'too_big':
    case 'too_small': {
      return [{ ...base, rule: 'schema', target: 'value', message: issue.message, fix: issue.code === 'too_big' ? 'shorten it; the details belong in the body' : fixFor(field) }];
    }
    case 'invalid_format':
      return [{ ...base, rule: 'format', target: 'value', message: `${describe(value, path)} ${issue.message}`, fix: fixFor(field) }];
    case 'custom': {
      const rule = (issue.params?.rule as string | undefined) ?? 'schema';
      return [{ ...base, rule, target: 'value', message: issue.message, fix: fixFor(field) }];
    }
    default:
      return [{ ...base, rule: 'schema', target: 'value', message: issue.message, fix: fixFor(field) }];
  }
}

const HIDDEN = '[a private value]';

/** Every string under `private` as written (a scalar `private:` included), longest first. */
function privateStrings(privateValue: unknown, out: string[] = []): string[] {
  if (typeof privateValue === 'string' || typeof privateValue === 'number') out.push(String(privateValue));
  else if (Array.isArray(privateValue)) privateValue.forEach((v) => privateStrings(v, out));
  else if (privateValue && typeof privateValue === 'object') Object.values(privateValue).forEach((v) => privateStrings(v, out));
  return out;
}

/**
 * The last step before any finding (or an error made of findings) is shown: the private values of
 * the file, from `raw` (its parsed frontmatter, valid or not), are cut out of every message and
 * fix. The gate's matching decides what is private (src/gate/private-values.ts); a message that
 * still matches after the exact values are cut (a differently escaped spelling) loses its text.
 */
export function hidePrivateValues<F extends { message: string; fix: string }>(findings: readonly F[], raw: unknown): F[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !('private' in raw)) return [...findings];
  const data = raw as Record<string, unknown>;
  const needles = privateValuesOf(data).map((v) => v.needle);
  const exact = privateStrings(data.private)
    .filter((v) => needles.some((n) => normaliseForMatch(v).includes(n)))
    .sort((a, b) => b.length - a.length);
  if (needles.length === 0) return [...findings];
  const scrub = (text: string, fallback: string): string => {
    let out = text;
    for (const v of exact) out = out.split(v).join(HIDDEN);
    const normalised = normaliseForMatch(out);
    return needles.some((n) => normalised.includes(n)) ? fallback : out;
  };
  return findings.map((f) => ({
    ...f,
    message: scrub(f.message, `has a value that is not valid here (not shown: it equals a private value)`),
    fix: scrub(f.fix, 'see docs/advisory-format.md'),
  }));
}

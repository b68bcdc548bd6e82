// `private` never leaves the repository. This rule finds, with file, line and field, every place a
// public field or the body repeats a private value — the same values and the same normalisation
// (src/gate/) the outbound gate uses when it refuses a rendered file, a mail or a site page, so
// what render or publish would refuse, validate shows where. Messages name the private field,
// never its value.
import { normaliseForMatch, privateValuesOf } from '../../gate/index.ts';
import type { PendingFinding } from '../error-map.ts';
import { error, type BodyFinding, type Rule, type RuleResult } from './context.ts';

const FIX = 'remove it there (or, if it may be public, move it out of `private`)';

function leaves(value: unknown, path: (string | number)[], out: { path: (string | number)[]; text: string }[]): void {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (typeof value === 'number') out.push({ path, text: String(value) });
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
}

/** 1-based column where `needle` (normalised) starts in the raw line; only called on a hit. */
function columnOf(line: string, needle: string): number {
  for (let k = line.length - 1; k >= 0; k--) if (normaliseForMatch(line.slice(k)).includes(needle)) return k + 1;
  return 1;
}

export const noPrivateInPublic: Rule = (ctx) => {
  const values = privateValuesOf(ctx.data as unknown as Record<string, unknown>);
  if (values.length === 0) return [];
  const found: RuleResult[] = [];

  // Every public frontmatter field.
  const fields: { path: (string | number)[]; text: string }[] = [];
  for (const [k, v] of Object.entries(ctx.data)) if (k !== 'private') leaves(v, [k], fields);
  for (const f of fields) {
    const text = normaliseForMatch(f.text);
    for (const v of values) {
      if (!text.includes(v.needle)) continue;
      found.push(error('private-leak', f.path as PendingFinding['path'], `repeats the value of ${v.field}, which never leaves the repository`, FIX));
      break;
    }
  }

  // The body: line by line, then paragraph by paragraph (a value wrapped over two lines).
  const lines = ctx.body.split('\n');
  const reported = new Set<string>();
  const report = (line: number, field: string, col = 1) => {
    reported.add(field);
    const f: BodyFinding = { severity: 'error', rule: 'body-private', path: ['body'], line: ctx.bodyLine + line, col, message: `the body repeats the value of ${field}, which never leaves the repository`, fix: FIX };
    found.push(f);
  };
  lines.forEach((line, i) => {
    const text = normaliseForMatch(line);
    for (const v of values) if (!reported.has(v.field) && text.includes(v.needle)) report(i, v.field, columnOf(line, v.needle));
  });
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && lines[i].trim() !== '') continue;
    if (i > start) {
      const text = normaliseForMatch(lines.slice(start, i).join('\n'));
      for (const v of values) if (!reported.has(v.field) && text.includes(v.needle)) report(start, v.field);
    }
    start = i + 1;
  }
  return found;
};

// Limits on an advisory's YAML, so that one hostile or broken draft cannot stop validate (and so
// publish's preflight, which validates every file) by exhausting memory or the stack:
// - nesting: js-yaml's own maxDepth, set here so the limit is ours and stated;
// - aliases: js-yaml resolves `*a` to the very object of `&a`, so a "billion laughs" parses in
//   milliseconds and explodes later, in whatever walks the value (the schema, the private-value
//   rule). Its expanded size is measured once, in time linear in the text, before anything walks it.
import { createRequire } from 'node:module';
import type { Finding } from './finding.ts';

export const MAX_YAML_DEPTH = 32;
/** Values (maps, lists and scalars) once aliases are expanded; a large advisory has a few hundred. */
export const MAX_YAML_VALUES = 10_000;

/** A limit was hit. Positions are 1-based and relative to the frontmatter text. */
export class YamlLimitError extends Error {
  readonly line: number;
  readonly col: number;
  readonly field: string;
  readonly fix: string;
  constructor(message: string, where: { line: number; col: number; field: string }, fix: string) {
    super(message);
    this.name = 'YamlLimitError';
    this.line = where.line;
    this.col = where.col;
    this.field = where.field;
    this.fix = fix;
  }

  /** The finding, in file lines: the frontmatter's first line is `frontmatterLine`. */
  finding(file: string, frontmatterLine: number): Finding {
    return { file, line: frontmatterLine + this.line - 1, col: this.col, severity: 'error', rule: 'yaml-limit', field: this.field, message: this.message, fix: this.fix };
  }

  /** js-yaml's "nesting exceeded maxDepth" as a YamlLimitError; undefined for any other error. */
  static fromDepthError(e: unknown): YamlLimitError | undefined {
    const err = e as { reason?: string; mark?: { line: number; column: number } };
    if (!err?.reason?.includes('exceeded maxDepth') || !err.mark) return undefined;
    return new YamlLimitError(
      `the YAML nests deeper than ${MAX_YAML_DEPTH} levels`,
      { line: err.mark.line + 1, col: err.mark.column + 1, field: 'frontmatter' },
      'flatten it: no advisory field nests more than a few levels (see docs/advisory-format.md)',
    );
  }
}

/** The number of values `raw` holds with every alias expanded, or Infinity past `limit`. */
function expandedSize(raw: unknown, limit: number): number {
  const sizes = new Map<object, number>();
  const size = (v: unknown): number => {
    if (v === null || typeof v !== 'object') return 1;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    sizes.set(v, Infinity); // a cycle, should one ever parse, counts as too big
    let total = 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      total += size(child);
      if (total > limit) break;
    }
    sizes.set(v, total);
    return total;
  };
  return size(raw);
}

const require = createRequire(import.meta.url);

/** Where the first alias (`*name`) is written, and the field it sits in; only called on a refusal. */
function firstAlias(frontmatter: string): { line: number; col: number; field: string } {
  const { LineCounter, parseDocument, visit, isPair, isSeq, isScalar } = require('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(frontmatter, { lineCounter, schema: 'core', prettyErrors: false });
  let found = { line: 1, col: 1, field: 'frontmatter' };
  visit(doc, {
    Alias(_key, node, path) {
      const keys: (string | number)[] = [];
      for (let i = 0; i < path.length; i++) {
        const p = path[i];
        if (isPair(p) && isScalar(p.key)) keys.push(String(p.key.value));
        else if (isSeq(p)) keys.push(p.items.indexOf((path[i + 1] ?? node) as never));
      }
      const pos = lineCounter.linePos(node.range?.[0] ?? 0);
      found = { line: pos.line, col: pos.col, field: keys.join('.') || 'frontmatter' };
      return visit.BREAK;
    },
  });
  return found;
}

/** Throws YamlLimitError when aliases make `raw` larger than MAX_YAML_VALUES. */
export function checkYamlSize(raw: unknown, frontmatter: string): void {
  if (!frontmatter.includes('*')) return; // no alias, no expansion: the text bounds the size
  const total = expandedSize(raw, MAX_YAML_VALUES);
  if (total <= MAX_YAML_VALUES) return;
  throw new YamlLimitError(
    `YAML aliases (*name) expand the frontmatter to more than ${MAX_YAML_VALUES.toLocaleString('en')} values`,
    firstAlias(frontmatter),
    'write the values out instead of using anchors (&name) and aliases (*name)',
  );
}

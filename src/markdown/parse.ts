// One place that turns Markdown into an mdast tree, so every renderer reads the body the same way
// (CommonMark, as remark-parse does it; no GFM: the advisory format does not use tables or
// footnotes, and a bare URL must stay text rather than become a link nobody numbered).
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { InputError } from '../errors.ts';
import { markdownNestingProblem } from './nesting.ts';

export { markdownNestingProblem, type NestingProblem } from './nesting.ts';

const parser = unified().use(remarkParse);

/**
 * Refuses (exit 1, no stack trace) Markdown that nests deeper than the parser can take. Advisories
 * are refused earlier with file and line (parseAdvisory, validate); this is the last guard for any
 * other caller.
 */
export function parseMarkdown(markdown: string): Root {
  const deep = markdownNestingProblem(markdown);
  if (deep) throw new InputError(`Markdown line ${deep.line}, column ${deep.col}: ${deep.message} — ${deep.fix}`);
  return parser.parse(markdown);
}

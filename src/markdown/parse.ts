// One place that turns Markdown into an mdast tree, so every renderer reads the body the same way
// (CommonMark, as remark-parse does it; no GFM: the advisory format does not use tables or
// footnotes, and a bare URL must stay text rather than become a link nobody numbered).
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const parser = unified().use(remarkParse);

export function parseMarkdown(markdown: string): Root {
  return parser.parse(markdown);
}

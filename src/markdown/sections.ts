// Finding and filling sections of a Markdown body by their heading, at the level of source
// offsets: an edit inserts text and leaves every byte the author wrote where it was, so the
// Markdown channels publish the author's Markdown, not a re-serialisation of it.
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';

export interface Section {
  title: string;
  depth: number;
  /** Offset of the heading's first character. */
  start: number;
  /** Offset just after the heading line. */
  headingEnd: number;
  /** True when nothing but link definitions follows the heading before the next section. */
  empty: boolean;
}

/** Every heading of depth ≤ maxDepth, with whether its section has content. */
export function findSections(root: Root, maxDepth = 2): Section[] {
  const sections: Section[] = [];
  let current: Section | null = null;
  for (const node of root.children) {
    if (node.type === 'heading' && node.depth <= maxDepth) {
      current = {
        title: toString(node as Heading).trim(),
        depth: node.depth,
        start: node.position!.start.offset!,
        headingEnd: node.position!.end.offset!,
        empty: true,
      };
      sections.push(current);
    } else if (current && node.type !== 'definition') {
      current.empty = false;
    }
  }
  return sections;
}

/**
 * Where new trailing sections go: before the run of link definitions that ends the body (so the
 * definitions stay last), or at the end.
 */
export function endOfContent(root: Root, source: string): number {
  let offset = source.length;
  for (let i = root.children.length - 1; i >= 0; i--) {
    const node = root.children[i];
    if (node.type !== 'definition') break;
    offset = node.position!.start.offset!;
  }
  return offset;
}

export interface Insertion {
  at: number;
  /** Markdown blocks to insert; blank lines around them are added as needed. */
  markdown: string;
}

/** Applies insertions (at source offsets) and returns the new source. Same-offset ones keep their order. */
export function insertBlocks(source: string, insertions: Insertion[]): string {
  const sorted = insertions.map((ins, i) => ({ ...ins, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const ins of sorted) {
    out += source.slice(cursor, ins.at);
    const before = out.replace(/\s+$/, '');
    out = `${before}${before.length > 0 ? '\n\n' : ''}${ins.markdown.trim()}\n\n`;
    cursor = ins.at;
    // Blank lines after the insertion point are replaced by the two newlines above.
    while (cursor < source.length && (source[cursor] === '\n' || source[cursor] === '\r')) cursor++;
  }
  out += source.slice(cursor);
  return out.replace(/\s+$/, '') + '\n';
}

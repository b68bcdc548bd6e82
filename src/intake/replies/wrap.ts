// Plain-text mail bodies wrapped at 72 columns (the width mail clients quote comfortably).
// A word longer than the width (a long URL) goes on a line of its own rather than being broken,
// because a broken URL no longer works when clicked.

export const WIDTH = 72;

/** One paragraph of running text → lines of at most `width` columns, each prefixed with `indent`. */
export function wrapParagraph(text: string, width = WIDTH, indent = '', hanging = indent): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  let prefix = indent;
  for (const word of words) {
    if (line === '') line = prefix + word;
    else if ([...line].length + 1 + [...word].length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      prefix = hanging;
      line = prefix + word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * A body from blocks: a string is a paragraph (wrapped); an array is a list, one item per entry
 * ("- " bullet, continuation lines indented under the text). Blocks are separated by a blank line.
 */
export type Block = string | string[];

export function layout(blocks: Block[], width = WIDTH): string {
  const out: string[] = [];
  for (const block of blocks) {
    if (out.length > 0) out.push('');
    if (typeof block === 'string') out.push(...wrapParagraph(block, width));
    else for (const item of block) out.push(...wrapParagraph(item, width, '- ', '  '));
  }
  return `${out.join('\n')}\n`;
}

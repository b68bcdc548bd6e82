// Hard wrapping for plain-text mail. Mail is wrapped BEFORE it is signed, so what the reader's
// client shows is exactly what was signed. Two kinds of line start are never produced at column 0:
// "-" (clearsigning would dash-escape it to "- -…", which readers see) and "From " (mail software
// rewrites it to ">From ", which breaks the signature).

/** Joins two words so that wrapping never separates them (e.g. a link's text and its "[n]"). */
export const GLUE = '\uE000';

/** Columns a string takes in a monospaced mail reader (code points; advisories use no wide scripts). */
export function columns(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Would a line that starts with this text be altered by clearsigning or by mail transport? */
export function isUnsafeLineStart(line: string): boolean {
  return line.startsWith('-') || line.startsWith('From ') || line === 'From';
}

function joinWords(words: string[]): string {
  return words.join(' ');
}

function unglue(s: string): string {
  return s.replaceAll(GLUE, ' ');
}

/**
 * Greedy word wrap of `text` to `width` columns. "\n" in the text is a hard line break. When a
 * line would start with an unsafe word, the previous word moves down with it (if that still
 * fits); otherwise that line is indented by one space, counted in the width.
 */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const segment of text.split('\n')) {
    const words = segment.split(/[ \t]+/).filter((w) => w.length > 0);
    if (words.length === 0) {
      out.push('');
      continue;
    }
    const lines: { indent: string; words: string[] }[] = [];
    const startLine = (first: string[]) => {
      const indent = isUnsafeLineStart(unglue(joinWords(first))) ? ' ' : '';
      return { indent, words: first };
    };
    let line = startLine([words[0]]);
    let used = columns(line.indent) + columns(words[0]);
    for (const word of words.slice(1)) {
      const w = columns(word);
      if (used + 1 + w <= width) {
        line.words.push(word);
        used += 1 + w;
        continue;
      }
      let carry = [word];
      // Move words down while the new line would start unsafely and the result still fits.
      while (line.words.length > 1 && isUnsafeLineStart(unglue(joinWords(carry))) && columns(joinWords([line.words.at(-1)!, ...carry])) <= width) {
        carry = [line.words.pop()!, ...carry];
      }
      lines.push(line);
      line = startLine(carry);
      used = columns(line.indent) + columns(joinWords(carry));
    }
    lines.push(line);
    for (const l of lines) out.push(l.indent + unglue(joinWords(l.words)));
  }
  return out;
}

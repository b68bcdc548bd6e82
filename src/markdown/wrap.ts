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
 * line would start with an unsafe word, the previous word moves down with it; when a paragraph
 * itself starts with one, its first line is indented by one space.
 */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const segment of text.split('\n')) {
    const words = segment.split(/[ \t]+/).filter((w) => w.length > 0);
    if (words.length === 0) {
      out.push('');
      continue;
    }
    const firstIndent = isUnsafeLineStart(unglue(joinWords(words.slice(0, 2)))) ? ' ' : '';
    const lines: string[][] = [];
    let line: string[] = [];
    let used = columns(firstIndent);
    for (const word of words) {
      const w = columns(word);
      if (line.length > 0 && used + 1 + w > width) {
        let carry = [word];
        // Move words down until the new line starts safely (keeping at least one word up).
        while (line.length > 1 && isUnsafeLineStart(unglue(joinWords(carry)))) {
          carry = [line.pop()!, ...carry];
        }
        lines.push(line);
        line = carry;
        used = columns(joinWords(carry));
      } else {
        used += (line.length > 0 ? 1 : 0) + w;
        line.push(word);
      }
    }
    if (line.length > 0) lines.push(line);
    lines.forEach((l, i) => {
      const text = unglue(joinWords(l));
      // Only a single over-long word can still start badly; one space of indent keeps it intact.
      out.push((i === 0 ? firstIndent : isUnsafeLineStart(text) ? ' ' : '') + text);
    });
  }
  return out;
}

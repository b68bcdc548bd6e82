// A bound on how deeply a Markdown body nests, checked before any Markdown parser sees it.
// micromark's cost grows with the square of the nesting, and its tree builders recurse: 50,000
// nested `>` took 100 s and then overflowed the stack; 8,000 `*` in a row overflowed it in 14 s.
// The scan is linear and conservative (it may over-count, never under-count, the nesting of
// blockquotes, lists, brackets and emphasis); no advisory needs anything near the limits.

export const MAX_BLOCK_NESTING = 32;
export const MAX_BRACKET_NESTING = 32;
export const MAX_DELIMITER_RUN = 32;
/** `*` and `_` runs in one paragraph: the emphasis matcher's work grows with their square. */
export const MAX_DELIMITER_RUNS = 500;

export interface NestingProblem {
  /** 1-based, relative to the Markdown text. */
  line: number;
  col: number;
  message: string;
  fix: string;
}

const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/** Blockquote and list markers at the start of a line, plus one level per two columns of leading indentation. */
function blockDepth(line: string): number {
  let depth = 0;
  let spaces = 0;
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') {
      // Only the indentation before the first marker stands for levels opened on earlier lines.
      if (depth === 0) spaces += line[i] === '\t' ? 4 : 1;
      i++;
    }
    if (line[i] === '>') {
      depth++;
      i++;
      continue;
    }
    const marker = LIST_MARKER.exec(line.slice(i, i + 11));
    if (!marker) break;
    depth++;
    i += marker[0].length;
  }
  return depth + Math.floor(spaces / 2);
}

function problem(line: number, col: number, what: string, limit: number, fix: string): NestingProblem {
  return { line, col, message: `${what}; disclose reads at most ${limit}`, fix };
}

export function markdownNestingProblem(markdown: string): NestingProblem | null {
  const lines = markdown.split('\n');
  let brackets = 0;
  let runs = 0;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (line.trim() === '') {
      brackets = 0;
      runs = 0;
      continue;
    }
    const depth = blockDepth(line);
    if (depth > MAX_BLOCK_NESTING) {
      return problem(n + 1, 1, `the Markdown nests ${depth} levels deep here (blockquotes ">" and lists)`, MAX_BLOCK_NESTING, 'flatten the quote or list: quote only the lines that matter, one level deep');
    }
    if (THEMATIC_BREAK.test(line)) continue;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '[') {
        if (++brackets > MAX_BRACKET_NESTING) return problem(n + 1, i + 1, `more than ${MAX_BRACKET_NESTING} "[" are open here`, MAX_BRACKET_NESTING, 'close the brackets, or escape them as \\[');
      } else if (c === ']') {
        brackets = Math.max(0, brackets - 1);
      } else if (c === '*' || c === '_') {
        let end = i;
        while (line[end + 1] === c) end++;
        const length = end - i + 1;
        if (length > MAX_DELIMITER_RUN) return problem(n + 1, i + 1, `a run of ${length} "${c}"`, MAX_DELIMITER_RUN, `shorten it, or escape the characters as \\${c}`);
        if (++runs > MAX_DELIMITER_RUNS) return problem(n + 1, i + 1, `more than ${MAX_DELIMITER_RUNS} emphasis markers ("*", "_") in one paragraph`, MAX_DELIMITER_RUNS, 'split the paragraph, or put identifiers in `code`');
        i = end;
      }
    }
  }
  return null;
}

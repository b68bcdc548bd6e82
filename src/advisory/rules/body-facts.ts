// What the body rules need to know about the Markdown, gathered in one pass: the top-level `##`
// headings, the reference definitions, the references that use them, bracketed labels that look
// like references but resolve to nothing, and raw HTML. Two ways to get the same facts:
//
// - `parseBodyFacts`: the real CommonMark parser (remark-parse / micromark). Always correct.
// - `fastBodyFacts`: a line scanner that only answers for bodies in a small, plain subset of
//   Markdown where the answer provably equals the parser's, and returns null for anything else
//   (then the parser runs). The argument is written next to each condition below, and a test runs
//   both on every fixture and on generated bodies and asserts they agree.
//
// Lines and columns are 1-based and relative to the body; the caller adds the body's offset.
import { createRequire } from 'node:module';
import type { Nodes, Root } from 'mdast';
import type { Processor } from 'unified';
import { lineStarts, positionOf } from '../locate.ts';
import { markdownNestingProblem } from '../../markdown/nesting.ts';
import type { FactsCache } from './validation-cache.ts';

export interface BodyFacts {
  /** Top-level depth-2 headings, in order, with their plain text. */
  headings: { text: string; line: number; col: number }[];
  /** Reference definitions (`[1]: https://…`), in order; `id` is the normalized label. */
  definitions: { id: string; label: string; line: number; col: number }[];
  /** Normalized labels used by link or image references, sorted, without repeats. */
  references: string[];
  /** Text that looks like a reference but has no definition: `[text][label]`, `[text][]`, `[n]`. */
  unresolved: { label: string; line: number; col: number }[];
  /** Raw HTML (blocks and inline), which the plain-text channels cannot carry. */
  html: { line: number; col: number }[];
}

// The parser is loaded on first use (require of an ES module is synchronous in Node 24): a run
// whose bodies all take the fast path never pays for loading micromark.
const require = createRequire(import.meta.url);
let processor: Processor | undefined;
let toString: (node: Nodes) => string;
function markdown(): Processor {
  if (!processor) {
    const { unified } = require('unified') as typeof import('unified');
    const remarkParse = (require('remark-parse') as typeof import('remark-parse')).default;
    toString = (require('mdast-util-to-string') as typeof import('mdast-util-to-string')).toString;
    processor = unified().use(remarkParse) as unknown as Processor;
  }
  return processor;
}

/** CommonMark's label matching: case-insensitive, inner whitespace collapsed. */
export function normalizeLabel(label: string): string {
  return label.replace(/[\t\n\r ]+/g, ' ').trim().toLowerCase().toUpperCase().toLowerCase();
}

// In text the parser left as text: `[text][label]`, `[text][]`, or `[label]`. Not after a backslash
// (an escaped bracket is the author saying "literal"). Shortcut `[label]` only counts when the label
// is a number, the house style for links (§6.7): `[vs]` in prose is not a reference.
const REFERENCE_LIKE = /(?<!\\)\[([^[\]\\]+)\](?:\[([^[\]\\]*)\])?/g;

function scanUnresolved(raw: string, baseOffset: number, defined: Set<string>, starts: number[], out: BodyFacts['unresolved']): void {
  for (const m of raw.matchAll(REFERENCE_LIKE)) {
    const full = m[2] !== undefined;
    const label = full ? m[2] || m[1] : m[1];
    if (!full && !/^\d+$/.test(label.trim())) continue;
    if (defined.has(normalizeLabel(label))) continue;
    out.push({ label, ...positionOf(starts, baseOffset + m.index) });
  }
}

export function parseBodyFacts(body: string): BodyFacts {
  const tree = markdown().parse(body) as Root;
  const starts = lineStarts(body);
  const facts: BodyFacts = { headings: [], definitions: [], references: [], unresolved: [], html: [] };
  const refs = new Set<string>();
  const texts: { start: number; end: number }[] = [];
  for (const child of tree.children) {
    if (child.type === 'heading' && child.depth === 2) {
      facts.headings.push({ text: toString(child), line: child.position!.start.line, col: child.position!.start.column });
    }
  }
  const visit = (node: Nodes): void => {
    switch (node.type) {
      case 'definition':
        facts.definitions.push({ id: node.identifier, label: node.label ?? node.identifier, line: node.position!.start.line, col: node.position!.start.column });
        break;
      case 'linkReference':
      case 'imageReference':
        refs.add(node.identifier);
        break;
      case 'html':
        facts.html.push({ line: node.position!.start.line, col: node.position!.start.column });
        break;
      case 'text':
        texts.push({ start: node.position!.start.offset!, end: node.position!.end.offset! });
        break;
    }
    if ('children' in node) for (const c of node.children) visit(c as Nodes);
  };
  visit(tree);
  const defined = new Set(facts.definitions.map((d) => d.id));
  for (const t of texts) scanUnresolved(body.slice(t.start, t.end), t.start, defined, starts, facts.unresolved);
  facts.references = [...refs].sort();
  return facts;
}

// ---- The fast path ---------------------------------------------------------------------------
//
// It accepts a body only when all of these hold; each condition removes a way in which the
// meaning of a line could depend on context the scanner does not track.
//
// 0. No tab and no CR anywhere (tabs change indentation arithmetic and what closes a fence).
// 1. Fenced code: a line starting at column 0 with ``` (whose info string has no backtick) or ~~~
//    opens a fenced code block. At column 0 it cannot belong to a list item or a quote (it is not
//    paragraph continuation text, so it closes them) and it may interrupt a paragraph. The block
//    ends at a line of only the same fence character, at least as many, indented ≤ 3 spaces, or
//    at the end of the body. Its lines are code: no heading, reference or HTML inside counts.
// 2. Outside fenced code: no ``` or ~~~ inside a line. URI autolinks `<scheme:…>` that do not
//    start a line and contain no space, `<`, `>`, backtick, bracket or backslash are blanked out
//    (they are not valid HTML tags, a tag name cannot contain `:`, and whether they or a
//    surrounding code span win, nothing inside them is a reference, a bracket token or HTML).
//    Outside code spans (see 6), a line has no `\` (no escapes), no `<` followed by a letter, `/`,
//    `!` or `?` (every HTML block start and inline tag, comment, declaration and processing
//    instruction starts so; a `<` followed by a space, digit or `=` is literal text), no `&` that
//    starts a character reference (`&#…` or `&name;`, which could produce a bracket), and no `![`
//    (no images). Inside a code span all of these are literal: the scanner reads spans left to
//    right as the parser does, and a span that opens first wins over a tag inside it.
// 3. No line starts with 4+ spaces (no indented code, so every line is inline content or a block
//    marker we classify). No line consists only of `-`, `=`, `*`, `_` and spaces (no setext
//    underline and no thematic break, so a paragraph line never turns into a heading).
// 4. A line starting with `#` is `#`×1..6 then a space (or the end): an ATX heading, because at
//    column 0 it cannot be lazy continuation of a list or quote, and nothing (no open fence, no
//    HTML block) can swallow it. It is a top-level heading for the same reason. Its text may only
//    contain letters, digits, spaces and `,.:;()'"?!/-` (no inline markup, no `#`), so its plain
//    text is the trimmed line after the hashes.
// 5. A definition is exactly `[label]: destination` at column 0, label of ASCII letters, digits
//    and `_`, `.`, `-` (starting and ending with a letter or digit), destination without spaces,
//    quotes, parentheses or backticks; it follows a blank line, another definition or the start of
//    the body (a definition cannot interrupt a paragraph), and it is followed by a blank line,
//    another definition or the end (so no title can continue it on the next line).
// 6. Every other line is inline content. In it, every backtick is single and every line has an
//    even number of them, so code spans open and close on the same line (the parser pairs
//    equal-length backtick runs left to right). Outside code spans, brackets only appear as:
//    - `[label]` with a plain label (as in 5), not preceded by `!` and not followed by `(`, `[` or
//      `:`: a shortcut link reference exactly when its label is defined, literal text otherwise;
//    - `[text](destination)`, an inline link: text without brackets or backslashes and with an
//      even number of backticks (its code spans close inside it), destination without spaces,
//      quotes, `<`, `>`, backticks, brackets or backslashes and with at most one level of balanced
//      parentheses, followed directly by `)` (no title). Its text is a link's text, so it holds no
//      reference and nothing unresolved. Not on a line with an autolink (a link cannot contain one);
//    - `[text][label]` or `[label][]` whose label is plain (as in 5) and defined: a full or
//      collapsed reference to it, not followed by `(` or `[`. An undefined one is left to the
//      parser (it is reported, so it is rare, and its reading depends on the other brackets).
//    Inside code spans brackets are literal.
// Anything else: return null and let the parser decide.

const PLAIN_HEADING = /^(#{1,6})(?: +([A-Za-z0-9 ,.:;()'"?!/-]*?))? *$/;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?';
const DEFINITION = new RegExp(`^\\[(${LABEL})\\]: +([^\\s"'()\`<>\\\\]+) *$`);
const BREAK_OR_UNDERLINE = /^ {0,3}[-=*_][-=*_ ]*$/;
const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,}) *$/;
const UNSAFE_LINE = /```|~~~/;
const AUTOLINK = /<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>`[\]\\]*>/g;

/** The line with URI autolinks replaced by spaces (same length, so columns stay right). */
function withoutAutolinks(line: string): string {
  if (!line.includes('<') || /^ *</.test(line)) return line;
  return line.replace(AUTOLINK, (m) => ' '.repeat(m.length));
}

type LineKind = 'blank' | 'heading' | 'definition' | 'inline' | 'code';

export function fastBodyFacts(body: string): BodyFacts | null {
  if (/[\t\r]/.test(body)) return null;
  const lines = body.split('\n');
  const facts: BodyFacts = { headings: [], definitions: [], references: [], unresolved: [], html: [] };
  const kinds: LineKind[] = [];
  const autolinked = new Set<number>();
  let fence: string | undefined; // the opening run, while inside a fenced block
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence !== undefined) {
      kinds.push('code');
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) fence = undefined;
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (withoutAutolinks(line) !== line) autolinked.add(i);
    if (open) {
      if (open[1][0] === '`' && open[2].includes('`')) return null;
      fence = open[1];
      kinds.push('code');
    } else if (line.trim() === '') kinds.push('blank');
    else if (UNSAFE_LINE.test((lines[i] = withoutAutolinks(line))) || line.startsWith('    ') || BREAK_OR_UNDERLINE.test(line)) return null;
    else if (line.startsWith('#')) kinds.push('heading');
    else if (DEFINITION.test(line)) kinds.push('definition');
    else if (/^ {1,3}#/.test(line)) return null;
    else kinds.push('inline');
  }
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] !== 'definition') continue;
    const before = i === 0 ? 'blank' : kinds[i - 1];
    const after = i === lines.length - 1 ? 'blank' : kinds[i + 1];
    if ((before !== 'blank' && before !== 'definition') || (after !== 'blank' && after !== 'definition')) return null;
    const label = DEFINITION.exec(lines[i])![1];
    facts.definitions.push({ id: normalizeLabel(label), label, line: i + 1, col: 1 });
  }
  const defined = new Set(facts.definitions.map((d) => d.id));
  const refs = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (kinds[i] === 'heading') {
      const m = PLAIN_HEADING.exec(line);
      if (!m) return null;
      if (m[1].length === 2) facts.headings.push({ text: (m[2] ?? '').trim(), line: i + 1, col: 1 });
    } else if (kinds[i] === 'inline') {
      if (!scanInline(line, i + 1, defined, refs, facts.unresolved, autolinked.has(i))) return null;
    }
  }
  facts.references = [...refs].sort();
  return facts;
}

const PLAIN_LABEL = new RegExp(`^${LABEL}$`);
const REFERENCE_LABEL = new RegExp(`\\[(${LABEL})?\\]`, 'y');
// One level of balanced parentheses, nothing that could end or change the destination.
const DESTINATION = /\((?:[^\s()<>`"'\\[\]]|\([^\s()<>`"'\\[\]]*\))*\)/y;
const CHARACTER_REFERENCE = /^&(?:#|[A-Za-z][A-Za-z0-9]*;)/;

/** Is `text` (outside code spans) free of escapes, HTML, character references and images? */
function plainOutsideCode(text: string): boolean {
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '`') inCode = !inCode;
    else if (inCode) continue;
    else if (ch === '\\') return false;
    else if (ch === '<' && /[A-Za-z/!?]/.test(text[i + 1] ?? '')) return false;
    else if (ch === '&' && CHARACTER_REFERENCE.test(text.slice(i, i + 34))) return false;
    else if (ch === '!' && text[i + 1] === '[') return false;
  }
  return true;
}

const ticksIn = (text: string) => text.split('`').length - 1;

function scanInline(line: string, lineNo: number, defined: Set<string>, refs: Set<string>, unresolved: BodyFacts['unresolved'], autolinked: boolean): boolean {
  if (line.includes('``')) return false;
  let inCode = false;
  let ticks = 0;
  let plainFrom = 0; // text checked by plainOutsideCode up to here
  const checkUpTo = (end: number) => {
    // The stretch since the last token is checked as a whole (code spans inside it stay paired).
    const ok = plainOutsideCode(line.slice(plainFrom, end));
    plainFrom = end;
    return ok;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '`') {
      inCode = !inCode;
      ticks++;
    } else if (!inCode && ch === ']') {
      return false; // a `]` that is not the end of a token we read below
    } else if (!inCode && ch === '[') {
      if (line[i - 1] === '!' || !checkUpTo(i)) return false; // `![`: an image
      const close = line.indexOf(']', i + 1);
      if (close === -1) return false;
      const inner = line.slice(i + 1, close);
      if (inner.includes('[') || inner.includes('\\')) return false;
      const next = line[close + 1];
      let end: number; // index after the token
      if (next === '(') {
        if (autolinked || ticksIn(inner) % 2 !== 0 || !plainOutsideCode(inner)) return false;
        DESTINATION.lastIndex = close + 1;
        if (!DESTINATION.exec(line)) return false;
        end = DESTINATION.lastIndex;
        ticks += ticksIn(inner);
      } else if (next === '[') {
        REFERENCE_LABEL.lastIndex = close + 1;
        const m = REFERENCE_LABEL.exec(line);
        if (!m || ticksIn(inner) % 2 !== 0 || !plainOutsideCode(inner)) return false;
        const label = m[1] ?? inner;
        if (!PLAIN_LABEL.test(label)) return false;
        const id = normalizeLabel(label);
        if (!defined.has(id)) return false;
        end = REFERENCE_LABEL.lastIndex;
        if (line[end] === '(' || line[end] === '[') return false;
        refs.add(id);
        ticks += ticksIn(inner);
      } else {
        if (!PLAIN_LABEL.test(inner) || next === ':') return false;
        const id = normalizeLabel(inner);
        if (defined.has(id)) refs.add(id);
        else if (/^\d+$/.test(inner)) unresolved.push({ label: inner, line: lineNo, col: i + 1 });
        end = close + 1;
      }
      i = end - 1;
      plainFrom = end;
    }
  }
  return checkUpTo(line.length) && ticks % 2 === 0;
}

/** The facts, from the fast path when it can prove them, else from the cache, else the parser. */
export function bodyFacts(body: string, cache?: FactsCache): BodyFacts {
  // Never hand the parser a body nested beyond its means: the bodyNesting rule reports it, located.
  if (markdownNestingProblem(body)) return { headings: [], definitions: [], references: [], unresolved: [], html: [] };
  const fast = fastBodyFacts(body);
  if (fast) return fast;
  const cached = cache?.get(body);
  if (cached) return cached;
  const parsed = parseBodyFacts(body);
  cache?.set(body, parsed);
  return parsed;
}

// Markdown → plain text for mail (spec §7, `announce`, `oss-security`, `distros`). An mdast walker
// with one small handler per node type. Links become "[n]" and are listed at the end: the
// advisory's own numbered definitions ("[1]: https://…") keep their numbers, and any other link
// (inline, or a named definition) gets the next free number, in reading order.
import type { Definition, Parents, PhrasingContent, Root, RootContent } from 'mdast';
import { parseMarkdown } from './parse.ts';
import { GLUE, columns, wrap } from './wrap.ts';

export interface PlainTextOptions {
  /** Maximum line width in columns (default 72, the mail convention). */
  width?: number;
}

export interface NumberedLink {
  n: number;
  url: string;
}

export interface PlainText {
  /** The text, without the link list; lines ≤ width except unbreakable words (code lines). */
  text: string;
  /** Every link the text refers to, by number. */
  links: NumberedLink[];
}

/** Assigns "[n]" numbers: definitions named by a number keep it; everything else gets the next one. */
class LinkNumbers {
  private readonly byUrl = new Map<string, number>();
  private readonly definitions = new Map<string, Definition>();
  private next: number;
  readonly used = new Map<number, string>();

  constructor(root: Root) {
    let max = 0;
    for (const node of root.children) {
      if (node.type !== 'definition') continue;
      this.definitions.set(node.identifier, node);
      if (/^\d+$/.test(node.identifier)) {
        const n = Number(node.identifier);
        max = Math.max(max, n);
        if (!this.byUrl.has(node.url)) this.byUrl.set(node.url, n);
        // A numbered definition is part of the author's list even if a channel drops its use.
        this.used.set(n, node.url);
      }
    }
    this.next = max + 1;
  }

  definition(identifier: string): Definition | undefined {
    return this.definitions.get(identifier);
  }

  numberFor(url: string, identifier?: string): number {
    if (identifier !== undefined && /^\d+$/.test(identifier)) return Number(identifier);
    let n = this.byUrl.get(url);
    if (n === undefined) {
      n = this.next++;
      this.byUrl.set(url, n);
    }
    this.used.set(n, url);
    return n;
  }
}

const HEADING_UNDERLINE: Record<number, string> = { 1: '=', 2: '=' };
/** Level 3+ headings: "~", because a "---" underline would be dash-escaped by clearsigning. */
const MINOR_UNDERLINE = '~';

/** Inline code up to this many columns is never broken across lines. */
const SHORT_CODE = 40;

interface State {
  links: LinkNumbers;
}

function inline(nodes: PhrasingContent[], state: State): string {
  return nodes.map((n) => phrasing(n, state)).join('');
}

/** Attaches a link number to the word before it, so "[n]" never starts a line on its own. */
function withNumber(text: string, n: number): string {
  const t = text.trimEnd();
  return t.length === 0 ? `[${n}]` : `${t}${GLUE}[${n}]`;
}

function phrasing(node: PhrasingContent, state: State): string {
  switch (node.type) {
    case 'text':
      return node.value.replace(/\s*\n\s*/g, ' ');
    case 'emphasis':
      return `_${inline(node.children, state)}_`;
    case 'strong':
      return `*${inline(node.children, state)}*`;
    case 'delete':
      return `~${inline(node.children, state)}~`;
    case 'inlineCode':
      // A short command stays on one line, so it can be copied; a long one may wrap at spaces.
      return `\`${columns(node.value) <= SHORT_CODE ? node.value.replaceAll(' ', GLUE) : node.value}\``;
    case 'break':
      return '\n';
    case 'html':
      return node.value;
    case 'link': {
      const text = inline(node.children, state);
      const n = state.links.numberFor(node.url);
      // An autolink's text is its URL: the number alone reads better than the URL twice.
      return text === node.url || `mailto:${text}` === node.url ? withNumber('', n) : withNumber(text, n);
    }
    case 'linkReference': {
      const def = state.links.definition(node.identifier);
      const text = inline(node.children, state);
      if (!def) return node.referenceType === 'full' ? `[${text}][${node.label ?? node.identifier}]` : `[${text}]`;
      const n = state.links.numberFor(def.url, def.identifier);
      // "[1]" written as a shortcut reference is already the number the reader needs.
      if (node.referenceType !== 'full' && /^\d+$/.test(node.identifier)) return `[${n}]`;
      return withNumber(text, n);
    }
    case 'image':
      return withNumber(node.alt ?? '', state.links.numberFor(node.url));
    case 'imageReference': {
      const def = state.links.definition(node.identifier);
      return def ? withNumber(node.alt ?? '', state.links.numberFor(def.url, def.identifier)) : `[${node.alt ?? ''}]`;
    }
    default:
      return 'children' in node ? inline((node as { children: PhrasingContent[] }).children, state) : '';
  }
}

/** Prefixes the first line with `first` and the others with spaces of the same width. */
function hang(lines: string[], first: string, rest = ' '.repeat(columns(first))): string[] {
  return lines.map((l, i) => (l === '' ? '' : (i === 0 ? first : rest) + l));
}

function blocks(nodes: RootContent[], width: number, state: State, tight = false): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const lines = block(node, width, state);
    if (lines.length === 0) continue;
    if (out.length > 0 && !tight) out.push('');
    out.push(...lines);
  }
  return out;
}

function block(node: RootContent, width: number, state: State): string[] {
  switch (node.type) {
    case 'paragraph':
      return wrap(inline(node.children, state), width);
    case 'heading': {
      const lines = wrap(inline(node.children, state), width);
      const length = Math.max(...lines.map(columns));
      return [...lines, (HEADING_UNDERLINE[node.depth] ?? MINOR_UNDERLINE).repeat(length)];
    }
    case 'list': {
      const start = node.start ?? 1;
      const markers = node.children.map((_, i) => (node.ordered ? `${start + i}. ` : '* '));
      const markerWidth = Math.max(...markers.map(columns));
      const out: string[] = [];
      node.children.forEach((item, i) => {
        // Two spaces before the marker: no list line starts at column 0 (so never with "-").
        const first = `  ${markers[i].padEnd(markerWidth)}`;
        const body = blocks(item.children, width - columns(first), state, !node.spread && !item.spread);
        if (out.length > 0 && (node.spread || item.spread)) out.push('');
        out.push(...hang(body, first));
      });
      return out;
    }
    case 'code':
      // Code is never rewrapped: a reader must be able to copy it.
      return node.value.split('\n').map((l) => (l === '' ? '' : `    ${l}`.trimEnd()));
    case 'blockquote':
      return blocks(node.children, width - 2, state).map((l) => (l === '' ? '>' : `> ${l}`));
    case 'thematicBreak':
      return ['* * *'];
    case 'html':
      return wrap(node.value.replace(/\s*\n\s*/g, ' '), width);
    case 'definition':
      // Listed at the end with the other numbered links.
      return [];
    default:
      return 'children' in node ? blocks((node as Parents).children as RootContent[], width, state) : [];
  }
}

/** Renders Markdown (a string or a parsed tree) to plain text plus its numbered links. */
export function toPlainText(markdown: string | Root, options: PlainTextOptions = {}): PlainText {
  const root = typeof markdown === 'string' ? parseMarkdown(markdown) : markdown;
  const width = options.width ?? 72;
  const state: State = { links: new LinkNumbers(root) };
  const lines = blocks(root.children, width, state).map((l) => l.trimEnd());
  const links = [...state.links.used.entries()].sort((a, b) => a[0] - b[0]).map(([n, url]) => ({ n, url }));
  return { text: lines.join('\n'), links };
}

/** The link list as it ends a mail: "[1]: https://…", one per line. */
export function formatLinkList(links: NumberedLink[]): string {
  return links.map((l) => `[${l.n}]: ${l.url}`).join('\n');
}


// Positions for findings. The fast path parses YAML without positions (js-yaml); only a file that
// has findings is parsed again with the `yaml` package, whose nodes carry source ranges, so a
// finding can point at the exact key or value. Lines are file lines: the frontmatter starts on
// line 2, after the opening `---`.
import { createRequire } from 'node:module';
import type { Document, Node } from 'yaml';
import type { PathKey } from './error-map.ts';

export interface Position {
  line: number;
  col: number;
}

export interface Locator {
  /** Where the key (target 'key') or the value (target 'value') at `path` is written. */
  locate(path: readonly PathKey[], target: 'key' | 'value'): Position;
  /** The first YAML syntax error, if the `yaml` package finds one. */
  syntaxError(): { position: Position; message: string } | undefined;
}

type Ranged = Node & { range?: [number, number, number] | null };

// Loaded on first use: valid files never need it.
const require = createRequire(import.meta.url);
let yamlLib: typeof import('yaml') | undefined;

export function createLocator(frontmatter: string, frontmatterLine: number): Locator {
  const { isMap, isPair, isScalar, LineCounter, parseDocument } = (yamlLib ??= require('yaml') as typeof import('yaml'));
  const lineCounter = new LineCounter();
  // The core schema keeps unquoted timestamps as strings, exactly like the fast path's js-yaml.
  const doc: Document = parseDocument(frontmatter, { lineCounter, schema: 'core', uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + frontmatterLine - 1, col: p.col };
  };
  const top: Position = { line: frontmatterLine, col: 1 };

  function nodeAt(path: readonly PathKey[]): Ranged | undefined {
    if (path.length === 0) return (doc.contents as Ranged | null) ?? undefined;
    const n = doc.getIn(path as PathKey[], true) as Ranged | undefined;
    return n && typeof n === 'object' ? n : undefined;
  }

  function keyNode(path: readonly PathKey[]): Ranged | undefined {
    const parent = nodeAt(path.slice(0, -1));
    const last = path[path.length - 1];
    if (!parent || !isMap(parent)) return undefined;
    for (const pair of parent.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(last)) return pair.key as Ranged;
    }
    return undefined;
  }

  return {
    locate(path, target) {
      // Walk up until something is written: a missing key is reported at its parent map's key.
      for (let n = path.length; n >= 1; n--) {
        const p = path.slice(0, n);
        const wantKey = target === 'key' || n < path.length;
        const node = wantKey ? (keyNode(p) ?? nodeAt(p)) : (nodeAt(p) ?? keyNode(p));
        if (node?.range) return at(node.range[0]);
      }
      const root = nodeAt([]);
      return root?.range ? at(root.range[0]) : top;
    },
    syntaxError() {
      const e = doc.errors[0];
      if (!e) return undefined;
      return { position: at(e.pos[0]), message: e.message.split('\n')[0] };
    },
  };
}

/** 1-based line and column of `offset` in `text`, given the text's line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionOf(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo] + 1 };
}

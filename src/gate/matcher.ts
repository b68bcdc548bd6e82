// Many needles, one pass. The gate looks for thousands of needles (every private value of every
// advisory, every id, CVE, title and phrase of every withheld one) in every file of a site of
// thousands of pages; `text.includes(needle)` for each pair is quadratic (at 2,000 advisories,
// hundreds of gigabytes of comparisons). Both matchers here hash a rolling window over the text
// once and compare strings only where a hash says a needle may start: linear in the text.

const BASE = 0x01000193; // FNV prime: mixes well with Math.imul, stays in 32 bits
const FILTER_BITS = 22; // 512 KiB per matcher: a few thousand needles leave it ~99.9% empty
const FILTER_MASK = (1 << FILTER_BITS) - 1;

/** Substring needles hashed on a prefix of one fixed length: one rolling pass per text. */
class WindowMatcher<T> {
  private readonly window: number;
  private readonly byHash = new Map<number, { needle: string; value: T }[]>();
  private readonly top: number;
  private readonly short: { needle: string; value: T }[] = [];
  /** One bit per hash (low FILTER_BITS bits): most positions are ruled out without a Map lookup. */
  private readonly filter = new Uint8Array(1 << (FILTER_BITS - 3));

  /** `window` is the hashed prefix length; needles shorter than it are checked one by one. */
  constructor(entries: readonly { needle: string; value: T }[], window: number) {
    this.window = window;
    let top = 1;
    for (let i = 1; i < window; i++) top = Math.imul(top, BASE);
    this.top = top;
    for (const e of entries) {
      if (e.needle.length < window) {
        this.short.push(e);
        continue;
      }
      const h = this.hash(e.needle, 0);
      this.filter[(h & FILTER_MASK) >>> 3] |= 1 << (h & 7);
      const list = this.byHash.get(h);
      if (list) list.push(e);
      else this.byHash.set(h, [e]);
    }
  }

  private hash(s: string, from: number): number {
    let h = 0;
    for (let i = from; i < from + this.window; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
    return h;
  }

  get size(): number {
    return this.byHash.size + this.short.length;
  }

  /** Adds the values of the needles found in `text` to `found`. */
  findInto(text: string, found: Set<T>): void {
    for (const e of this.short) if (!found.has(e.value) && text.includes(e.needle)) found.add(e.value);
    const w = this.window;
    if (this.byHash.size === 0 || text.length < w) return;
    const filter = this.filter;
    let h = this.hash(text, 0);
    for (let i = 0; ; i++) {
      if (filter[(h & FILTER_MASK) >>> 3] & (1 << (h & 7))) {
        const list = this.byHash.get(h);
        if (list) for (const e of list) if (!found.has(e.value) && text.startsWith(e.needle, i)) found.add(e.value);
      }
      if (i + w >= text.length) break;
      h = (Math.imul(h - Math.imul(text.charCodeAt(i), this.top), BASE) + text.charCodeAt(i + w)) | 0;
    }
  }
}

/**
 * Substring needles: finds which of them occur in a text. Needles are hashed on the longest of a
 * few prefix lengths they have, so that many needles sharing a short prefix (reporters' addresses,
 * notes that all start "Reproduced on") do not all land in one bucket that every "repro" in a page
 * would have to walk.
 */
export class NeedleMatcher<T> {
  private readonly tiers: WindowMatcher<T>[];

  constructor(entries: readonly { needle: string; value: T }[]) {
    // Two passes per text: long needles on a 12-character prefix, short ones on 4; a needle under
    // 4 characters (none of the gate's: private values have 5 or more) is searched on its own.
    const windows = [12, 4, 1];
    this.tiers = windows
      .map((w, i) => new WindowMatcher(entries.filter((e) => e.needle.length >= w && (i === 0 || e.needle.length < windows[i - 1])), w))
      .filter((t) => t.size > 0);
  }

  /** The values of every needle found in `text`, each once. */
  find(text: string): T[] {
    const found = new Set<T>();
    for (const t of this.tiers) t.findInto(text, found);
    return [...found];
  }
}

function wordHash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), BASE);
  return h | 0;
}

/** Phrases of exactly `size` words (joined by one space): finds which occur in a list of words. */
export class PhraseMatcher<T> {
  private readonly size: number;
  private readonly top: number;
  private readonly byHash = new Map<number, { phrase: string; value: T }[]>();

  constructor(phrases: Iterable<[string, T]>, size: number) {
    this.size = size;
    let top = 1;
    for (let i = 1; i < size; i++) top = Math.imul(top, BASE);
    this.top = top;
    for (const [phrase, value] of phrases) {
      const h = this.hashOf(phrase.split(' ').map(wordHash), 0);
      const list = this.byHash.get(h);
      if (list) list.push({ phrase, value });
      else this.byHash.set(h, [{ phrase, value }]);
    }
  }

  private hashOf(hashes: readonly number[], from: number): number {
    let h = 0;
    for (let i = from; i < from + this.size; i++) h = (Math.imul(h, BASE) + hashes[i]) | 0;
    return h;
  }

  get empty(): boolean {
    return this.byHash.size === 0;
  }

  find(words: readonly string[]): T[] {
    const found = new Set<T>();
    const n = this.size;
    if (this.byHash.size === 0 || words.length < n) return [];
    const hashes = words.map(wordHash);
    let h = this.hashOf(hashes, 0);
    for (let i = 0; ; i++) {
      const list = this.byHash.get(h);
      if (list) {
        const phrase = words.slice(i, i + n).join(' ');
        for (const e of list) if (e.phrase === phrase) found.add(e.value);
      }
      if (i + n >= words.length) break;
      h = (Math.imul(h - Math.imul(hashes[i], this.top), BASE) + hashes[i + n]) | 0;
    }
    return [...found];
  }
}

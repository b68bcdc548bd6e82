// A cache of Markdown facts for the bodies the fast path cannot read, so that the parser (the
// costliest step, ~1–2 ms a body) runs once per body text, not once per run. It skips only work
// whose result cannot change: the key is a hash of the body text, and the whole cache is tied to
// a hash of the code that computes the facts and the parser's version, so any change to either
// starts a fresh cache. It lives in `.disclose/cache/` (gitignored) and holds no advisory text,
// only heading names, labels and positions. `npm run validate -- --no-cache` ignores it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BodyFacts } from './body-facts.ts';

export type FactsEntries = Record<string, BodyFacts>;

export interface FactsCache {
  get(body: string): BodyFacts | undefined;
  set(body: string, facts: BodyFacts): void;
  /** Entries added during this run (to merge into the file). */
  added(): FactsEntries;
}

export const CACHE_FILE = path.join('.disclose', 'cache', 'body-facts.json');

let version: string | undefined;
/** Changes whenever the facts code or the Markdown parser changes. */
export function factsVersion(): string {
  if (version) return version;
  const require = createRequire(import.meta.url);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  hash.update(readFileSync(path.join(here, 'body-facts.ts')));
  for (const pkg of ['remark-parse', 'micromark', 'mdast-util-from-markdown']) {
    try {
      hash.update(`${pkg}@${(require(`${pkg}/package.json`) as { version: string }).version}`);
    } catch {
      hash.update(`${pkg}@?`);
    }
  }
  return (version = hash.digest('hex').slice(0, 16));
}

export function bodyKey(body: string): string {
  return createHash('sha256').update(body).digest('base64url');
}

export function createFactsCache(initial: FactsEntries = {}): FactsCache {
  const fresh: FactsEntries = {};
  return {
    get: (body) => initial[bodyKey(body)] ?? fresh[bodyKey(body)],
    set: (body, facts) => {
      fresh[bodyKey(body)] = facts;
    },
    added: () => fresh,
  };
}

/** The stored entries for this code version, or none (missing, unreadable or stale file). */
export function readFactsCache(root: string): FactsEntries {
  try {
    const stored = JSON.parse(readFileSync(path.join(root, CACHE_FILE), 'utf8')) as { version?: string; entries?: FactsEntries };
    return stored.version === factsVersion() && stored.entries ? stored.entries : {};
  } catch {
    return {};
  }
}

/** Writes the merged entries atomically (temp file + rename); a failure only costs speed. */
export function writeFactsCache(root: string, entries: FactsEntries): void {
  const file = path.join(root, CACHE_FILE);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: factsVersion(), entries }));
    renameSync(tmp, file);
  } catch {
    // A read-only checkout still validates; it just parses again next time.
  }
}

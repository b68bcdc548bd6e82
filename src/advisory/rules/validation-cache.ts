// A cache of the two costliest results the validator computes, so that each is computed once per
// input rather than once per run:
// - Markdown facts of bodies the fast path cannot read (the parser takes ~1–2 ms a body);
// - CVSS outcomes per vector string (the scoring library takes ~50 µs a vector).
// It skips only work whose result cannot change: facts are keyed by a hash of the body text,
// scores by the vector itself, and the whole file is tied to a hash of the code that computes
// them (body-facts.ts, cvss.ts) and of the library versions, so any change starts a fresh cache.
// It lives in `.disclose/cache/` (gitignored, next to the advisories it describes) and holds only
// heading texts, link labels, positions and scores, never a body. `--no-cache` ignores it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CvssMemoEntry } from '../cvss.ts';
import type { BodyFacts } from './body-facts.ts';

export type FactsEntries = Record<string, BodyFacts>;
export type CvssEntries = Record<string, CvssMemoEntry>;

export interface StoredCache {
  facts: FactsEntries;
  cvss: CvssEntries;
}

export interface FactsCache {
  get(body: string): BodyFacts | undefined;
  set(body: string, facts: BodyFacts): void;
  /** Entries added during this run (to merge into the file). */
  added(): FactsEntries;
}

export const CACHE_FILE = path.join('.disclose', 'cache', 'validate.json');

let version: string | undefined;
/** Changes whenever the code computing the cached results, or a library it uses, changes. */
export function cacheVersion(): string {
  if (version) return version;
  const require = createRequire(import.meta.url);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  hash.update(readFileSync(path.join(here, 'body-facts.ts')));
  hash.update(readFileSync(path.join(here, '..', 'cvss.ts')));
  for (const pkg of ['remark-parse', 'micromark', 'mdast-util-from-markdown', 'ae-cvss-calculator']) {
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
    get: (body) => {
      const key = bodyKey(body);
      return initial[key] ?? fresh[key];
    },
    set: (body, facts) => {
      fresh[bodyKey(body)] = facts;
    },
    added: () => fresh,
  };
}

const EMPTY: StoredCache = { facts: {}, cvss: {} };

/** The stored entries for this code version, or none (missing, unreadable or stale file). */
export function readCache(root: string): StoredCache {
  try {
    const stored = JSON.parse(readFileSync(path.join(root, CACHE_FILE), 'utf8')) as Partial<StoredCache> & { version?: string };
    if (stored.version !== cacheVersion()) return EMPTY;
    return { facts: stored.facts ?? {}, cvss: stored.cvss ?? {} };
  } catch {
    return EMPTY;
  }
}

/** Writes the cache atomically (temp file + rename); a failure only costs speed next time. */
export function writeCache(root: string, cache: StoredCache): void {
  const file = path.join(root, CACHE_FILE);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: cacheVersion(), ...cache }));
    renameSync(tmp, file);
  } catch {
    // A read-only checkout still validates; it just computes again next time.
  }
}

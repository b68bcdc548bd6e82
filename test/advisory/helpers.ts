// Shared by the advisory tests: fixture paths, the team config, a fixed clock, a seeded PRNG.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO, 'test/fixtures');
/** The clock every fixture expectation was written for (a Sunday). */
export const NOW = new Date('2026-11-29T12:00:00Z');

/** Every .md file under `dir`, recursively, sorted by path. */
export function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? markdownFiles(p) : n.endsWith('.md') ? [p] : [];
    });
}

export { prng } from '../support/prng.ts';

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

// Full-text search: Pagefind indexes the built HTML (only the parts marked data-pagefind-body:
// advisory pages and runbook pages) and writes its files under <outDir>/pagefind/. A failed or
// empty index fails the build: a search page that finds nothing is worse than a broken build.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { DiscloseError } from '../errors.ts';

/**
 * The built pages that are indexed (relative to the output folder): those with data-pagefind-body.
 * Only those are read: the archive and filter pages list every advisory (the index page alone is
 * over 1 MB for 2,000 advisories) and Pagefind would parse them just to skip them.
 */
export const SEARCHABLE_PAGES = '{advisories,runbook}/**/*.html';

/**
 * At most this many fragment files (the per-page text shown in results). Past it, Pagefind bundles
 * several pages' fragments into one gzipped group file, which the browser loads the same way.
 * Creating thousands of small files in one folder was most of the indexing time (kernel time, not
 * Pagefind's): for 2,000 advisories, 2,011 files took ~1.5 s more than ~220 groups of ~9 pages,
 * each group a few kilobytes compressed.
 */
export const MAX_FRAGMENT_FILES = 250;

export interface SearchIndexResult {
  /** Pages in the written index (those with data-pagefind-body). */
  pages: number;
  /** Pages Pagefind read. */
  read: number;
  outputPath: string;
}

export interface SearchIndexBuilder {
  /** Reads the searchable pages of outDir and writes the index to <outDir>/pagefind. */
  finish(outDir: string): Promise<SearchIndexResult>;
  /** Stops Pagefind's process; call it whatever happened. */
  close(): Promise<void>;
}

/** Starts Pagefind's process with an empty index (before the pages are built, so it is ready when they are). */
export async function startSearchIndex(): Promise<SearchIndexBuilder> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en', maxFragments: MAX_FRAGMENT_FILES });
  if (!index || errors.length > 0) {
    await pagefind.close();
    throw new DiscloseError(`search index: Pagefind could not start: ${errors.join('; ')}`);
  }
  return {
    async finish(outDir) {
      const outputPath = path.join(outDir, 'pagefind');
      const added = await index.addDirectory({ path: outDir, glob: SEARCHABLE_PAGES });
      if (added.errors.length > 0) throw new DiscloseError(`search index: Pagefind could not read ${outDir}: ${added.errors.join('; ')}`);
      const written = await index.writeFiles({ outputPath });
      if (written.errors.length > 0) throw new DiscloseError(`search index: Pagefind could not write ${outputPath}: ${written.errors.join('; ')}`);
      return { pages: await indexedPages(outputPath), read: added.page_count, outputPath };
    },
    close: async () => {
      await pagefind.close();
    },
  };
}

/**
 * Fails unless the index covers at least `expectAtLeast` pages (every public advisory's page and
 * the runbook): a search that silently finds nothing must not be published.
 */
export function requireCoverage(result: SearchIndexResult, expectAtLeast: number): void {
  if (result.pages < expectAtLeast) {
    throw new DiscloseError(
      `search index: Pagefind indexed ${result.pages} of the ${result.read} pages it read in ${path.dirname(result.outputPath)}, expected at least ${expectAtLeast} — check that advisory and runbook pages carry data-pagefind-body`,
    );
  }
}

/** Indexes the searchable pages already built in outDir. */
export async function buildSearchIndex(outDir: string, expectAtLeast = 1): Promise<SearchIndexResult> {
  const search = await startSearchIndex();
  try {
    const result = await search.finish(outDir);
    requireCoverage(result, expectAtLeast);
    return result;
  } finally {
    await search.close();
  }
}

/**
 * The number of pages in the written index, from Pagefind's pagefind-entry.json (pages without
 * data-pagefind-body are read but not indexed); 0 if it is missing or unreadable.
 */
async function indexedPages(outputPath: string): Promise<number> {
  try {
    const entry = JSON.parse(await readFile(path.join(outputPath, 'pagefind-entry.json'), 'utf8')) as { languages?: Record<string, { page_count?: unknown }> };
    return Object.values(entry.languages ?? {}).reduce((n, l) => n + (typeof l.page_count === 'number' ? l.page_count : 0), 0);
  } catch {
    return 0;
  }
}

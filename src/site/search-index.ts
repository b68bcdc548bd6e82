// Full-text search: Pagefind indexes the built HTML (only the parts marked data-pagefind-body:
// advisory pages and runbook pages) and writes its files under <outDir>/pagefind/. A failed or
// empty index fails the build: a search page that finds nothing is worse than a broken build.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { DiscloseError } from '../errors.ts';

export interface SearchIndexResult {
  pages: number;
  outputPath: string;
}

export async function buildSearchIndex(outDir: string, expectAtLeast = 1): Promise<SearchIndexResult> {
  const outputPath = path.join(outDir, 'pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
    if (!index || errors.length > 0) throw new DiscloseError(`search index: Pagefind could not start: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: outDir });
    if (added.errors.length > 0) throw new DiscloseError(`search index: Pagefind could not read ${outDir}: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new DiscloseError(`search index: Pagefind could not write ${outputPath}: ${written.errors.join('; ')}`);
    // Pagefind writes one fragment per indexed page (pages without data-pagefind-body are read
    // but not indexed), so the fragments say how much of the site is searchable.
    const fragments = (await readdir(path.join(outputPath, 'fragment')).catch(() => [])).length;
    if (fragments < expectAtLeast) {
      throw new DiscloseError(
        `search index: Pagefind indexed ${fragments} of ${added.page_count} pages in ${outDir}, expected at least ${expectAtLeast} — check that advisory and runbook pages carry data-pagefind-body`,
      );
    }
    return { pages: fragments, outputPath };
  } finally {
    await pagefind.close();
  }
}

// The search index step on its own (src/site/search-index.ts), with real Pagefind on small
// hand-written sites: it indexes only the searchable pages, bundles fragments past the cap, and
// refuses an index that covers too few pages.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FRAGMENT_FILES, buildSearchIndex } from '../../src/site/search-index.ts';
import { buildFolder, listFiles, readSearchable } from './helpers.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function page(outDir: string, url: string, body: string): Promise<void> {
  const folder = path.join(outDir, url);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'index.html'), `<!doctype html><html lang="en"><head><title>${url}</title></head><body><nav>site navigation</nav>${body}</body></html>`);
}

describe('buildSearchIndex', () => {
  it('should index the advisory and runbook pages that carry data-pagefind-body, and not the archive lists', async () => {
    dir = await buildFolder();
    await page(dir, 'advisories/RSEC-1', '<article data-pagefind-body><h1>One</h1><p>zqxsearchmarker1 CVE-2026-1</p></article>');
    await page(dir, 'runbook/triage', '<article data-pagefind-body><h1>Triage</h1><p>zqxsearchmarker2</p></article>');
    await page(dir, '', '<main data-pagefind-body><p>zqxarchivelist3</p></main>'); // the index page lists advisories: not searched
    const result = await buildSearchIndex(dir, 2);
    expect(result.pages).toBe(2);
    const texts = await Promise.all((await listFiles(path.join(dir, 'pagefind'))).map(readSearchable));
    expect(texts.some((t) => t.includes('zqxsearchmarker1'))).toBe(true);
    expect(texts.some((t) => t.includes('zqxsearchmarker2'))).toBe(true);
    expect(texts.some((t) => t.includes('zqxarchivelist3'))).toBe(false);
  });

  it(`should bundle the fragments of more than ${MAX_FRAGMENT_FILES} pages into at most that many files, losing none`, async () => {
    dir = await buildFolder();
    const count = MAX_FRAGMENT_FILES + 50;
    for (let i = 0; i < count; i++) await page(dir, `advisories/RSEC-${i}`, `<article data-pagefind-body><h1>Advisory ${i}</h1><p>zqxpage${i}word</p></article>`);
    const result = await buildSearchIndex(dir, count);
    expect(result.pages).toBe(count);
    const fragments = await readdir(path.join(dir, 'pagefind', 'fragment'));
    expect(fragments.length).toBeLessThanOrEqual(MAX_FRAGMENT_FILES);
    const text = (await Promise.all(fragments.map((f) => readSearchable(path.join(dir!, 'pagefind', 'fragment', f))))).join('\n');
    for (const i of [0, 137, count - 1]) expect(text).toContain(`zqxpage${i}word`);
  });

  it('should fail when the index covers fewer pages than expected', async () => {
    dir = await buildFolder();
    await page(dir, 'advisories/RSEC-1', '<article data-pagefind-body><p>only one</p></article>');
    await page(dir, 'advisories/RSEC-2', '<article><p>no data-pagefind-body here</p></article>');
    await expect(buildSearchIndex(dir, 2)).rejects.toThrow(/indexed 1 of the 2 pages .* expected at least 2/);
  });

  it('should fail on a site with no searchable pages at all', async () => {
    dir = await buildFolder();
    await page(dir, 'packages/x', '<main><p>a list</p></main>');
    await expect(buildSearchIndex(dir, 1)).rejects.toThrow(/indexed 0 of the 0 pages/);
  });
});

// The archive must never contain a byte of an advisory that is not public, nor any `private`
// field: a real build (scripts/build-site.ts) from fixtures carrying canary words, then a search
// of everything the build wrote: dist/ (HTML, feed, JSON, Pagefind's files decompressed) and
// Astro's caches (the configured cacheDir, node_modules/.astro/, .astro/).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, buildSite, findStrings, listFiles, readSearchable, type BuiltSite } from './helpers.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/site/advisories');
const NOW = '2026-11-29T00:00:00Z';
const CANARIES = {
  embargoed: 'zqxembargocanary7731',
  publishedTooEarly: 'zqxfuturecanary3304',
  draft: 'zqxdraftcanary9017',
  privateField: 'zqxprivatecanary5120',
};
const MARKERS = { published: 'zqxpublicmarker4410', withdrawn: 'zqxwithdrawnmarker2288' };

let site: BuiltSite;

beforeAll(async () => {
  site = await buildSite(FIXTURES, NOW);
});

afterAll(async () => {
  if (site) await rm(site.tmp, { recursive: true, force: true });
});

function everywhere(): string[] {
  return [site.outDir, site.cacheDir, path.join(ROOT, 'node_modules/.astro'), path.join(ROOT, '.astro')];
}

describe('the built archive', () => {
  it('should take in exactly the public fixtures and withhold the rest', () => {
    expect(site.result.publicAdvisories).toBe(2);
    expect(site.result.withheld).toBe(3);
  });

  it('should contain no canary of an embargoed, early-published or draft advisory anywhere it wrote', async () => {
    const hits = await findStrings(everywhere(), [CANARIES.embargoed, CANARIES.publishedTooEarly, CANARIES.draft]);
    expect(hits).toEqual([]);
  });

  it('should contain no `private` field of a public advisory anywhere it wrote', async () => {
    const hits = await findStrings(everywhere(), [CANARIES.privateField]);
    expect(hits).toEqual([]);
  });

  it('should not even name the withheld advisories', async () => {
    const hits = await findStrings([site.outDir, site.cacheDir], ['RSEC-2026-0102', 'RSEC-2026-0103', 'RSEC-2026-0104', 'CVE-2026-50102']);
    expect(hits).toEqual([]);
  });

  // Positive controls: the same search finds the public advisories' markers in each kind of file,
  // so the checks above can fail.
  it('should find the public markers in the HTML, the feed, the OSV record and the cache', async () => {
    const hits = await findStrings(everywhere(), [MARKERS.published, MARKERS.withdrawn]);
    const where = (needle: string) => hits.filter((h) => h.needle === needle).map((h) => path.relative(site.tmp, h.file));
    expect(where(MARKERS.published)).toContain(path.join('dist', 'advisories', 'RSEC-2026-0101', 'index.html'));
    expect(where(MARKERS.published)).toContain(path.join('dist', 'rss.xml'));
    expect(where(MARKERS.published)).toContain(path.join('dist', 'osv', 'RSEC-2026-0101.json'));
    expect(where(MARKERS.published).some((f) => f.startsWith('cache'))).toBe(true);
    expect(where(MARKERS.withdrawn)).toContain(path.join('dist', 'advisories', 'RSEC-2026-0105', 'index.html'));
  });

  it('should find the public marker inside the decompressed search index', async () => {
    const pagefindFiles = await listFiles(path.join(site.outDir, 'pagefind'));
    const compressedHits = [];
    for (const file of pagefindFiles) {
      if (!/\.pf_(fragment|index)$/.test(file)) continue;
      const text = await readSearchable(file);
      if (text.includes(MARKERS.published)) compressedHits.push(file);
    }
    expect(compressedHits.length).toBeGreaterThan(0);
  });
});

describe('the build clock', () => {
  it('should let an advisory in once DISCLOSE_NOW passes its embargo, and its text then shows', async () => {
    // RSEC-2026-0103 says `published` with an embargo on 2026-12-10: withheld at NOW, public after.
    const later = await buildSite(FIXTURES, '2027-01-12T17:00:00Z');
    try {
      expect(later.result.publicAdvisories).toBe(3);
      const hits = await findStrings([later.outDir], [CANARIES.publishedTooEarly, CANARIES.embargoed]);
      expect(hits.some((h) => h.needle === CANARIES.publishedTooEarly)).toBe(true);
      // Status `embargoed` is never public, whatever the clock says: publish flips it.
      expect(hits.filter((h) => h.needle === CANARIES.embargoed)).toEqual([]);
    } finally {
      await rm(later.tmp, { recursive: true, force: true });
    }
  });
});

// `npm run build`: the Astro site, then its search index, as one checked sequence. The public
// archive is decided by the loader (./loader.ts) with the build's clock, now() from src/clock.ts.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'astro';
import { now } from '../clock.ts';
import { loadConfig } from '../config/load.ts';
import { DiscloseError } from '../errors.ts';
import { advisoriesDir, readPublicAdvisories, takeLastScan } from './loader.ts';
import { writeOsvRecords } from './osv-records.ts';
import { buildSearchIndex } from './search-index.ts';

export interface SiteBuildOptions {
  /** Repository root (astro.config.mjs, disclose.config.yaml, runbook/). */
  root: string;
  /**
   * Where the site goes; default <root>/dist. Astro puts its prerender bundle in
   * <outDir>/.prerender when outDir is inside the working directory, else in <cwd>/.astro/.prerender,
   * which concurrent builds share and delete under each other; the bundle must sit inside the
   * repository to find node_modules. So builds that run side by side (tests, benchmarks) use
   * output folders inside the repository (.disclose/site-builds/).
   */
  outDir?: string;
  /** Astro's cache folder (its content data store lives here); default <root>/node_modules/.astro. */
  cacheDir?: string;
  /** Advisories folder; default DISCLOSE_ADVISORIES_DIR or <root>/advisories. */
  advisories?: string;
  /** Astro's log level. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export interface SiteBuildResult {
  outDir: string;
  at: string;
  publicAdvisories: number;
  withheld: number;
  htmlPages: number;
  searchPages: number;
  osvRecords: number;
  /** Wall time of `astro build`, and of the step after it (search index and OSV records, side by side), in ms. */
  astroMs: number;
  searchMs: number;
  /** CPU time this process spent in `astro build`, in ms: steadier than wall time on a busy machine. */
  astroCpuMs: number;
}

async function countHtml(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((e) => e.endsWith('.html')).length;
}

export async function buildSite(options: SiteBuildOptions): Promise<SiteBuildResult> {
  const at = now(); // throws a UsageError for a malformed DISCLOSE_NOW before any work
  const root = path.resolve(options.root);
  const outDir = path.resolve(root, options.outDir ?? 'dist');
  const cacheDir = path.resolve(root, options.cacheDir ?? 'node_modules/.astro');
  const advisories = options.advisories ? path.resolve(options.advisories) : advisoriesDir(process.env, root);

  // The loader and astro.config.mjs read these; pin them so every part of the build agrees.
  process.env.DISCLOSE_ROOT = root;
  process.env.DISCLOSE_ADVISORIES_DIR = advisories;
  process.env.DISCLOSE_SITE_OUT_DIR = outDir;
  process.env.DISCLOSE_SITE_CACHE_DIR = cacheDir;
  process.env.DISCLOSE_NOW = at.toISOString();

  const config = await loadConfig(root);

  const started = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    await build({ root, outDir, cacheDir, logLevel: options.logLevel ?? 'warn' });
  } catch (e) {
    // Astro's errors carry the file they are about in `loc` or `id`; the message alone may not.
    const err = e as Error & { loc?: { file?: string; line?: number }; id?: string };
    const where = err.loc?.file ? `${err.loc.file}${err.loc.line ? `:${err.loc.line}` : ''}: ` : err.id ? `${err.id}: ` : '';
    throw new DiscloseError(`site build: astro build failed: ${where}${err.message}`);
  }
  const astroMs = Math.round(performance.now() - started);
  const cpu = process.cpuUsage(cpuStart);
  const astroCpuMs = Math.round((cpu.user + cpu.system) / 1000);
  // What the loader read is exactly what the pages show; the OSV records are made from the same.
  // (Astro skips no loader on a build, but should it ever, read the folder the same way.)
  const scan = takeLastScan() ?? (await readPublicAdvisories(advisories, at));
  const htmlPages = await countHtml(outDir);
  // Every runbook page is indexed, and every public advisory's page.
  const indexing = performance.now();
  // Pagefind runs in its own process, so the OSV records are written while it indexes.
  const [search, osvRecords] = await Promise.all([
    buildSearchIndex(outDir, scan.advisories.length + 1),
    writeOsvRecords(outDir, scan.advisories, config, at),
  ]);
  const searchMs = Math.round(performance.now() - indexing);
  return {
    outDir,
    at: at.toISOString(),
    publicAdvisories: scan.advisories.length,
    withheld: scan.withheld,
    htmlPages,
    searchPages: search.pages,
    osvRecords,
    astroMs,
    searchMs,
    astroCpuMs,
  };
}

// `npm run build`: one checked sequence (docs/site.md).
//   1. the output folder is one the build may replace (./output-folder.ts), else refused, untouched;
//   2. every advisory validates, body and cross-file rules included (./validate-first.ts);
//   3. Astro builds into a fresh staging folder; Pagefind indexes it while the OSV records are
//      written (the public archive is decided by the loader, ./loader.ts, with the build's clock);
//   4. every file of the output and of Astro's caches passes the outbound gate (./output-gate.ts);
//   5. only then the output takes the place of the previous one.
// Any failure after step 1 deletes the staging folder AND the previous output: a stale site may
// show pages that a forward-moved clock made public, and must not be deployed by mistake.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'astro';
import { now } from '../clock.ts';
import { DiscloseError } from '../errors.ts';
import { advisoriesDir } from './advisories-dir.ts';
import { gateSiteOutput } from './output-gate.ts';
import { checkOutputFolder, displayPath, markAsBuildOutput, moveIntoPlace, removeOutput, stagingFolder } from './output-folder.ts';
import { requireCoverage, startSearchIndex } from './search-index.ts';
import { refuseInvalidAdvisories } from './validate-first.ts';

// The config, the advisory parser (for the loader's scan) and the OSV export are loaded once Astro
// has built the pages, while Pagefind indexes them: loading them (YAML, the zod schema; ~0.1 s) is
// then free, as this process only waits. Astro loads the loader through its own module runner, and
// astro.config.mjs checks disclose.config.yaml before the build starts.
const afterAstro = () =>
  Promise.all([import('../config/load.ts'), import('./loader.ts'), import('./osv-records.ts')]).then(([config, loader, osv]) => ({
    loadConfig: config.loadConfig,
    readPublicAdvisories: loader.readPublicAdvisories,
    takeLastScan: loader.takeLastScan,
    writeOsvRecords: osv.writeOsvRecords,
  }));

export interface SiteBuildOptions {
  /** Repository root (astro.config.mjs, disclose.config.yaml, runbook/). */
  root: string;
  /**
   * Where the site goes; default <root>/dist. Astro puts its prerender bundle in
   * <outDir>/.prerender when outDir is inside the working directory, else in <cwd>/.astro/.prerender,
   * which concurrent builds share and delete under each other; the bundle must sit inside the
   * repository to find node_modules. So builds that run side by side (tests, benchmarks) use
   * output folders inside the repository (.disclose/site-builds/). The build itself always runs
   * in a fresh folder there and is moved to outDir once checked.
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
  const root = path.resolve(options.root);
  const outDir = path.resolve(root, options.outDir ?? 'dist');
  const cacheDir = path.resolve(root, options.cacheDir ?? 'node_modules/.astro');
  const advisories = options.advisories ? path.resolve(options.advisories) : advisoriesDir(process.env, root);
  // Refused here, nothing is touched; past this point every failure removes the output.
  checkOutputFolder(root, outDir, advisories);
  let staged: string | undefined;
  try {
    const at = now(); // a UsageError for a malformed DISCLOSE_NOW, before any work
    await refuseInvalidAdvisories(root, advisories, at);
    staged = await stagingFolder(root);
    const result = await buildInto(path.join(staged, 'site'), { root, cacheDir, advisories, at, logLevel: options.logLevel });
    await gateSiteOutput(
      root,
      [
        { label: 'site', dir: path.join(staged, 'site') },
        { label: 'cache', dir: cacheDir },
        // Astro's generated types and schemas; the prerender bundle there belongs to builds outside the repository.
        { label: '.astro', dir: path.join(root, '.astro'), skip: ['.prerender'] },
      ],
      advisories,
      at,
    );
    await markAsBuildOutput(path.join(staged, 'site'));
    await moveIntoPlace(path.join(staged, 'site'), outDir);
    return { ...result, outDir };
  } catch (e) {
    await removeOutput(outDir);
    const note = `\nNo site was written, and nothing is left at ${displayPath(outDir)}: a previous build there was deleted so it cannot be deployed by mistake.`;
    if (e instanceof DiscloseError) throw new DiscloseError(e.message + note, e.exitCode);
    throw e;
  } finally {
    if (staged) await rm(staged, { recursive: true, force: true });
  }
}

interface BuildStep {
  root: string;
  cacheDir: string;
  advisories: string;
  at: Date;
  logLevel: SiteBuildOptions['logLevel'];
}

/** Astro, then the search index and the OSV records, into `outDir` (a fresh staging folder). */
async function buildInto(outDir: string, { root, cacheDir, advisories, at, logLevel }: BuildStep): Promise<SiteBuildResult> {
  // The loader and astro.config.mjs read these; pin them so every part of the build agrees.
  process.env.DISCLOSE_ROOT = root;
  process.env.DISCLOSE_ADVISORIES_DIR = advisories;
  process.env.DISCLOSE_SITE_OUT_DIR = outDir;
  process.env.DISCLOSE_SITE_CACHE_DIR = cacheDir;
  process.env.DISCLOSE_NOW = at.toISOString();

  const search = await startSearchIndex();
  try {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    try {
      // Pages are rendered a few at a time: each one is written to disk, and one after another
      // the build waited on the disk between pages (~1 s for 2,000 advisories).
      await build({ root, outDir, cacheDir, logLevel: logLevel ?? 'warn', build: { concurrency: 4 } });
    } catch (e) {
      // Astro's errors carry the file they are about in `loc` or `id`; the message alone may not.
      const err = e as Error & { loc?: { file?: string; line?: number }; id?: string };
      const where = err.loc?.file ? `${err.loc.file}${err.loc.line ? `:${err.loc.line}` : ''}: ` : err.id ? `${err.id}: ` : '';
      throw new DiscloseError(`site build: astro build failed: ${where}${err.message}`);
    }
    const astroMs = Math.round(performance.now() - started);
    const cpu = process.cpuUsage(cpuStart);
    const astroCpuMs = Math.round((cpu.user + cpu.system) / 1000);
    // Pagefind (its own process) reads the pages while this one writes the OSV records.
    const indexing = performance.now();
    const [searchResult, { scan, osvRecords }, htmlPages] = await Promise.all([
      search.finish(outDir),
      (async () => {
        const { loadConfig, readPublicAdvisories, takeLastScan, writeOsvRecords } = await afterAstro();
        const config = await loadConfig(root);
        // What the loader read is exactly what the pages show; the OSV records are made from the same.
        // (Astro skips no loader on a build, but should it ever, read the folder the same way.)
        const scan = takeLastScan() ?? (await readPublicAdvisories(advisories, at));
        return { scan, osvRecords: await writeOsvRecords(outDir, scan.advisories, config, at) };
      })(),
      countHtml(outDir),
    ]);
    // Every public advisory's page is indexed, and the runbook.
    requireCoverage(searchResult, scan.advisories.length + 1);
    const searchMs = Math.round(performance.now() - indexing);
    return {
      outDir,
      at: at.toISOString(),
      publicAdvisories: scan.advisories.length,
      withheld: scan.withheld,
      htmlPages,
      searchPages: searchResult.pages,
      osvRecords,
      astroMs,
      searchMs,
      astroCpuMs,
    };
  } finally {
    await search.close();
  }
}

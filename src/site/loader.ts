// The archive's only way in. Astro keeps whatever a loader stores (its data store is written to the
// cache folder and read back on the next build), so filtering in pages would be too late: an
// embargoed body would already sit in node_modules/.astro/. This loader decides visibility while
// reading the files and hands Astro nothing but public advisories, without their `private` field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Loader } from 'astro/loaders';
import { listAdvisoryFiles, parseFrontmatterFast, splitAdvisory, validateAdvisory, type SplitAdvisory } from '../advisory/parse.ts';
import type { AdvisoryData } from '../advisory/schema.ts';
import { isPublic, withoutPrivate } from '../advisory/visibility.ts';
import { now } from '../clock.ts';
import { advisoriesDir } from './advisories-dir.ts';

export { advisoriesDir };

/** What the archive may know about an advisory: everything but `private`. */
export type PublicAdvisoryData = Omit<AdvisoryData, 'private'>;

export interface PublicAdvisory {
  id: string;
  data: PublicAdvisoryData;
  body: string;
  /** Path of the source file relative to the advisories folder, e.g. "RSEC-2026-0001.md". */
  file: string;
}

export interface PublicAdvisoryScan {
  advisories: PublicAdvisory[];
  /** How many files were left out because they are not public (yet, or ever). */
  withheld: number;
}

/**
 * Looks only at `status` and `embargo` before anything else, so a draft in triage that does not
 * validate yet cannot break the archive, and its text is never handed to a parser that might echo
 * it. A file that claims to be public must validate in full: the build fails with the validator's
 * located message rather than publish something half-read. Returns the split file and its parsed
 * YAML when the file may be public (so they are not parsed twice), else null.
 */
function mayBePublic(file: string, source: string, at: Date): { split: SplitAdvisory; raw: object } | null {
  const split = splitAdvisory(source);
  if (!split) return null;
  let raw: unknown;
  try {
    raw = parseFrontmatterFast(split.frontmatter);
  } catch {
    // Unreadable YAML cannot prove the advisory public; `npm run validate` reports it.
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { status, embargo } = raw as { status?: unknown; embargo?: unknown };
  if (typeof status !== 'string' || typeof embargo !== 'string') return null;
  if (status !== 'published' && status !== 'withdrawn') return null;
  if (Number.isNaN(Date.parse(embargo))) {
    throw new Error(`${file}: embargo "${embargo}" is not a timestamp — run \`npm run validate -- ${file}\``);
  }
  return isPublic({ status, embargo }, at) ? { split, raw } : null;
}

/** Reads every advisory file and keeps the public ones, stripped of `private`, sorted by id. */
export async function readPublicAdvisories(dir: string, at: Date): Promise<PublicAdvisoryScan> {
  const files = await listAdvisoryFiles(dir);
  const advisories: PublicAdvisory[] = [];
  let withheld = 0;
  for (const file of files) {
    // Synchronous on purpose: advisory files are small, and one awaited readFile per file costs
    // four thread-pool round trips (open, stat, read, close); for 2,000 files that was ~0.5 s of
    // waiting, against ~20 ms of blocking read.
    const source = readFileSync(file, 'utf8');
    const quick = mayBePublic(file, source, at);
    if (!quick) {
      withheld++;
      continue;
    }
    // The rest of parseAdvisory (the schema, with located errors), on the YAML already parsed.
    const parsed = validateAdvisory(file, quick.split, quick.raw);
    // The full parse must agree with the quick look; if it does not, the quick look was wrong.
    if (!isPublic(parsed.data, at)) {
      withheld++;
      continue;
    }
    advisories.push({ id: parsed.data.id, data: withoutPrivate(parsed.data), body: parsed.body, file: path.basename(file) });
  }
  return { advisories, withheld };
}

/**
 * Where the loader leaves what it read, for the build command that runs Astro in the same process
 * (src/site/build.ts writes the OSV records and its summary from it, without reading the files
 * twice). Astro loads this module through its own module runner, so a module-level variable
 * would not be shared with the command; a global symbol is.
 */
export const LAST_SCAN = Symbol.for('disclose.site.lastScan');

export function takeLastScan(): (PublicAdvisoryScan & { at: Date }) | undefined {
  const g = globalThis as { [LAST_SCAN]?: PublicAdvisoryScan & { at: Date } };
  const scan = g[LAST_SCAN];
  delete g[LAST_SCAN];
  return scan;
}

export interface AdvisoryLoaderOptions {
  /** Folder with the advisory files; default advisoriesDir(). */
  dir?: string;
  /** The build's clock; default now() from src/clock.ts (DISCLOSE_NOW or the system clock). */
  clock?: () => Date;
}

/** Astro content loader for the `advisories` collection. */
export function advisoryLoader(options: AdvisoryLoaderOptions = {}): Loader {
  return {
    name: 'disclose-public-advisories',
    load: async ({ store, logger, renderMarkdown, generateDigest }) => {
      const dir = options.dir ?? advisoriesDir();
      const at = (options.clock ?? now)();
      const scan = await readPublicAdvisories(dir, at);
      const { advisories, withheld } = scan;
      (globalThis as { [LAST_SCAN]?: PublicAdvisoryScan & { at: Date } })[LAST_SCAN] = { ...scan, at };
      // Start from nothing every time: a store restored from the cache may hold entries from a
      // build with another clock or another folder, and none of those may survive this build.
      store.clear();
      // Render a few at a time, as Astro's own glob loader does: Markdown rendering awaits.
      let next = 0;
      const worker = async () => {
        while (next < advisories.length) {
          const advisory = advisories[next++];
          // No raw `body`: pages use the rendered HTML, and the OSV records are made from the scan.
          store.set({
            id: advisory.id,
            data: { ...advisory.data },
            rendered: await renderMarkdown(advisory.body),
            digest: generateDigest({ data: advisory.data, body: advisory.body }),
          });
        }
      };
      await Promise.all(Array.from({ length: 10 }, worker));
      logger.info(`${advisories.length} public advisories from ${dir} (${withheld} not public, left out) at ${at.toISOString()}`);
    },
  };
}

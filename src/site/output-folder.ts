// Where the site build may write, and how its output takes the place of the previous one.
// The build replaces its output folder whole, so it must only ever replace a folder it made:
// never the repository, the advisories (uncommitted drafts included), the runbook or the sources,
// nor any folder that holds something else. A build that fails leaves no output at all: a previous
// one may show pages that a forward-moved clock made public, and must not be deployed by mistake.
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RefusedError } from '../errors.ts';

/** Written into every output; a folder without it is not ours to replace. */
export const BUILD_MARKER = '.disclose-site-build';
const MARKER_TEXT = 'A site built by `npm run build` (disclose). The next build replaces this folder whole.\n';

/** Where builds are staged before they are checked: inside the repository (see build.ts). */
export const STAGING_DIR = path.join('.disclose', 'site-builds');

/** The real path of `p`, following symlinks of the part that exists. */
function realPath(p: string): string {
  const missing: string[] = [];
  let existing = path.resolve(p);
  while (!existsSync(existing)) {
    missing.unshift(path.basename(existing));
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  return path.join(realpathSync(existing), ...missing);
}

const isInside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** `p` as the user would type it: relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

/** Markdown files under `dir` (advisories, runbook pages, drafts): a build output has none. */
function markdownUnder(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.(md|markdown|mdx)$/i.test(entry.name)) return path.join(entry.parentPath, entry.name);
  }
  return undefined;
}

/**
 * Refuses (exit 3) an output folder the build could not replace without deleting something that
 * is not a previous build: the repository root or a folder above it, advisories/, runbook/, src/,
 * .git/, node_modules/ (or inside them), the advisories folder in use, a file, a folder with
 * Markdown files, or a non-empty folder without the build marker. Touches nothing.
 */
export function checkOutputFolder(root: string, outDir: string, advisories: string): void {
  const out = realPath(outDir);
  const shown = displayPath(outDir);
  const refuse = (why: string) =>
    new RefusedError(`site build: will not write the site to ${shown}: ${why}. The build replaces its output folder whole; pass --out with a new folder or a previous build's output (default dist/).`);
  const repo = realPath(root);
  if (isInside(repo, out)) throw refuse('it is the repository or a folder that contains it');
  for (const name of ['advisories', 'runbook', 'src', '.git', 'node_modules', 'scripts', 'test']) {
    if (isInside(out, realPath(path.join(root, name)))) throw refuse(`it is ${name}/ or inside it`);
  }
  const adv = realPath(advisories);
  if (isInside(out, adv) || isInside(adv, out)) throw refuse('it is, contains or is inside the advisories folder');
  if (!existsSync(out)) return;
  if (lstatSync(outDir).isSymbolicLink()) throw refuse('it is a symbolic link');
  if (!statSync(out).isDirectory()) throw refuse('it is a file, not a folder');
  const names = readdirSync(out);
  if (names.length === 0) return;
  const markdown = markdownUnder(out);
  if (markdown) throw refuse(`it holds Markdown files (${path.relative(out, markdown)}), which a site build never writes`);
  if (!names.includes(BUILD_MARKER) && !isUnmarkedBuild(out)) throw refuse(`it is not empty and has no ${BUILD_MARKER} file, so it is not the output of a previous build`);
}

/**
 * A build made before outputs were marked: Astro's assets, the OSV records and Pagefind's entry
 * file, all three. Without this, the first build after an upgrade would refuse the team's dist/.
 */
function isUnmarkedBuild(dir: string): boolean {
  return ['_astro', 'osv', path.join('pagefind', 'pagefind-entry.json')].every((p) => existsSync(path.join(dir, p)));
}

/** A fresh folder to build into, under <root>/.disclose/site-builds/. */
export async function stagingFolder(root: string): Promise<string> {
  const dir = path.join(root, STAGING_DIR, `staged-${process.pid}-${randomBytes(6).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function markAsBuildOutput(dir: string): Promise<void> {
  await writeFile(path.join(dir, BUILD_MARKER), MARKER_TEXT);
}

/** Deletes a previous output at `outDir` (checked by checkOutputFolder) so no stale site remains. */
export async function removeOutput(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
}

/**
 * Moves the checked output `staged` to `outDir`: the old output is renamed away, the new one
 * renamed in, then the old one deleted. Across file systems (EXDEV) the new output is first copied
 * next to `outDir`, then renamed. On any failure nothing is left at `outDir`.
 */
export async function moveIntoPlace(staged: string, outDir: string): Promise<void> {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const old = `${outDir}.disclose-old-${suffix}`;
  const next = `${outDir}.disclose-new-${suffix}`;
  await mkdir(path.dirname(outDir), { recursive: true });
  let movedAway = false;
  try {
    if (existsSync(outDir)) {
      await rename(outDir, old);
      movedAway = true;
    }
    try {
      await rename(staged, outDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      await cp(staged, next, { recursive: true });
      await rename(next, outDir);
    }
  } catch (e) {
    await Promise.all([rm(next, { recursive: true, force: true }), removeOutput(outDir)]);
    throw e;
  } finally {
    if (movedAway) await rm(old, { recursive: true, force: true });
  }
}

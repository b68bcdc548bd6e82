// Shared by the site tests: build the real site (scripts/build-site.ts, a child process, exactly
// what `npm run build` runs) into a temp folder, and search built files for strings.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BuiltSite {
  tmp: string;
  outDir: string;
  cacheDir: string;
  result: { publicAdvisories: number; withheld: number; htmlPages: number; searchPages: number; at: string };
}

/**
 * A fresh folder for one build. It is inside the repository (under the git-ignored .disclose/)
 * because Astro bundles the pages into <outDir>/.prerender and runs them from there: they must
 * find node_modules, and outside the repository Astro would fall back to the shared .astro/.
 */
export async function buildFolder(): Promise<string> {
  const parent = path.join(ROOT, '.disclose', 'site-builds');
  await mkdir(parent, { recursive: true });
  return mkdtemp(path.join(parent, 'build-'));
}

/** Builds the site from `advisories` with the clock at `now`, into a fresh folder. */
export async function buildSite(advisories: string, now: string): Promise<BuiltSite> {
  const tmp = await buildFolder();
  const outDir = path.join(tmp, 'dist');
  const cacheDir = path.join(tmp, 'cache');
  const { stdout } = await run(
    process.execPath,
    ['scripts/build-site.ts', '--out', outDir, '--cache-dir', cacheDir, '--advisories', advisories, '--json'],
    { cwd: ROOT, env: { ...process.env, DISCLOSE_NOW: now }, maxBuffer: 16 * 1024 * 1024 },
  );
  return { tmp, outDir, cacheDir, result: JSON.parse(stdout) };
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

/** Every regular file under dir (recursively); none when dir does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  if (!(await exists(dir))) return [];
  const names = await readdir(dir, { recursive: true });
  const files: string[] = [];
  for (const name of names) {
    const p = path.join(dir, name);
    if ((await stat(p)).isFile()) files.push(p);
  }
  return files;
}

/**
 * A file's text as a search engine would see it: Pagefind's index and fragment files are gzip
 * streams, so they are decompressed first (a canary inside them is invisible to a plain grep).
 */
export async function readSearchable(file: string): Promise<string> {
  const bytes = await readFile(file);
  let text = bytes.toString('latin1');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    text += '\n' + gunzipSync(bytes).toString('latin1');
  }
  return text.toLowerCase();
}

export interface Hit {
  needle: string;
  file: string;
}

/** Which of the needles occur (case-insensitively) in which files under the given folders. */
export async function findStrings(dirs: string[], needles: string[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const dir of dirs) {
    for (const file of await listFiles(dir)) {
      const text = await readSearchable(file);
      for (const needle of needles) if (text.includes(needle.toLowerCase())) hits.push({ needle, file });
    }
  }
  return hits;
}

export interface BuildRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs scripts/build-site.ts with `args` and the clock at `now`; never throws on a non-zero exit. */
export async function runBuild(args: string[], now: string): Promise<BuildRun> {
  return run(process.execPath, ['scripts/build-site.ts', ...args], { cwd: ROOT, env: { ...process.env, DISCLOSE_NOW: now }, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** A copy of the site fixtures in a fresh build folder, with `edit` applied to chosen files. */
export async function fixtureCopy(edit: Record<string, (source: string) => string> = {}): Promise<{ tmp: string; advisories: string }> {
  const tmp = await buildFolder();
  const advisories = path.join(tmp, 'advisories');
  await cp(path.join(ROOT, 'test/fixtures/site/advisories'), advisories, { recursive: true });
  for (const [name, change] of Object.entries(edit)) {
    const file = path.join(advisories, name);
    await writeFile(file, change(await readFile(file, 'utf8')));
  }
  return { tmp, advisories };
}

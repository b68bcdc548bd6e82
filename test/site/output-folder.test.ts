// Where the site build may write (src/site/output-folder.ts): only a new folder, an empty one or a
// previous build's output; and how a checked output takes the place of the previous one.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/errors.ts';
import { BUILD_MARKER, checkOutputFolder, markAsBuildOutput, moveIntoPlace } from '../../src/site/output-folder.ts';
import { ROOT, buildFolder } from './helpers.ts';

const ADVISORIES = path.join(ROOT, 'advisories');
const cleanup: string[] = [];
afterAll(() => Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true }))));

async function tmp(): Promise<string> {
  const dir = await buildFolder();
  cleanup.push(dir);
  return dir;
}

const check = (out: string, advisories = ADVISORIES) => () => checkOutputFolder(ROOT, out, advisories);

describe('checkOutputFolder', () => {
  it('should refuse the repository, a folder above it, and advisories/, runbook/, src/ or inside them', () => {
    for (const out of [ROOT, path.dirname(ROOT), '/', ADVISORIES, path.join(ROOT, 'runbook'), path.join(ROOT, 'src'), path.join(ROOT, 'src/site/dist')]) {
      expect(check(out), out).toThrow(RefusedError);
    }
  });

  it('should refuse the advisories folder in use, wherever it is', async () => {
    const dir = await tmp();
    const advisories = path.join(dir, 'advisories');
    await mkdir(advisories);
    expect(check(advisories, advisories)).toThrow(/advisories folder/);
    expect(check(dir, advisories)).toThrow(/advisories folder/);
  });

  it('should refuse a file, a folder with Markdown files, and a non-empty folder without the marker', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'file.txt'), 'x');
    expect(check(path.join(dir, 'file.txt'))).toThrow(/a file/);
    await mkdir(path.join(dir, 'drafts', 'sub'), { recursive: true });
    await writeFile(path.join(dir, 'drafts', BUILD_MARKER), '');
    await writeFile(path.join(dir, 'drafts', 'sub', 'RSEC-2026-0999.md'), '---\n');
    expect(check(path.join(dir, 'drafts'))).toThrow(/Markdown files \(sub\/RSEC-2026-0999\.md\)/);
    await mkdir(path.join(dir, 'other'));
    await writeFile(path.join(dir, 'other', 'index.html'), '');
    expect(check(path.join(dir, 'other'))).toThrow(/no \.disclose-site-build file/);
  });

  it('should accept a new folder, an empty one and a previous build output', async () => {
    const dir = await tmp();
    expect(check(path.join(dir, 'new', 'dist'))).not.toThrow();
    await mkdir(path.join(dir, 'empty'));
    expect(check(path.join(dir, 'empty'))).not.toThrow();
    await mkdir(path.join(dir, 'built'));
    await markAsBuildOutput(path.join(dir, 'built'));
    await writeFile(path.join(dir, 'built', 'index.html'), '');
    expect(check(path.join(dir, 'built'))).not.toThrow();
    // A build from before outputs were marked: Astro's assets, the OSV records, Pagefind's entry.
    for (const p of ['_astro', 'osv', 'pagefind']) await mkdir(path.join(dir, 'unmarked', p), { recursive: true });
    await writeFile(path.join(dir, 'unmarked', 'pagefind', 'pagefind-entry.json'), '{}');
    expect(check(path.join(dir, 'unmarked'))).not.toThrow();
  });
});

describe('moveIntoPlace', () => {
  it('should replace the previous output whole and leave nothing beside it', async () => {
    const dir = await tmp();
    const out = path.join(dir, 'dist');
    await mkdir(path.join(out, 'advisories', 'gone'), { recursive: true });
    await writeFile(path.join(out, 'advisories', 'gone', 'index.html'), 'old');
    const staged = path.join(dir, 'staged');
    await mkdir(staged);
    await writeFile(path.join(staged, 'index.html'), 'new');
    await moveIntoPlace(staged, out);
    expect(await readdir(out)).toEqual(['index.html']);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toBe('new');
    expect(existsSync(staged)).toBe(false);
    expect(await readdir(dir)).toEqual(['dist']);
  });
});

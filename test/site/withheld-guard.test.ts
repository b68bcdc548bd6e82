// The last line of defence for the archive: after the build, any file that names an advisory that
// is not public (its id, its title, one of its attachments) fails the build and the output is
// deleted. The loader already keeps such advisories out of Astro; these tests feed the other roads
// a leak can take (another advisory's body, a search index) and check the guard stops them.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { findWithheld, withheldMarkers } from '../../src/site/withheld-guard.ts';
import { ROOT, buildFolder } from './helpers.ts';

const run = promisify(execFile);
const FIXTURES = path.join(ROOT, 'test/fixtures/site/advisories');
const NOW = new Date('2026-11-29T00:00:00Z');
const cleanup: string[] = [];
afterAll(() => Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true }))));

describe('withheldMarkers', () => {
  it('should list the embargoed, early-published and draft fixtures, and no public one', async () => {
    const ids = new Set((await withheldMarkers(FIXTURES, NOW)).map((m) => m.id));
    expect([...ids].sort()).toEqual(['RSEC-2026-0102', 'RSEC-2026-0103', 'RSEC-2026-0104']);
  });

  it('should let an advisory go once the clock passes its embargo', async () => {
    const ids = new Set((await withheldMarkers(FIXTURES, new Date('2027-01-12T17:00:00Z'))).map((m) => m.id));
    expect([...ids].sort()).toEqual(['RSEC-2026-0102', 'RSEC-2026-0104']);
  });
});

describe('findWithheld', () => {
  it('should find an id in HTML and a title inside a gzip file, and nothing in clean files', async () => {
    const dir = await mkdtemp(path.join(await buildFolder(), 'guard-'));
    cleanup.push(path.dirname(dir));
    const markers = await withheldMarkers(FIXTURES, NOW);
    await writeFile(path.join(dir, 'clean.html'), '<p>RSEC-2026-0101 is public; RSEC-2026-0105 was withdrawn.</p>');
    await mkdir(path.join(dir, 'runbook'));
    await writeFile(path.join(dir, 'runbook', 'page.html'), '<p>for example advisories/rsec-2026-0102/</p>');
    await writeFile(path.join(dir, 'fragment.pf'), gzipSync('{"title":"zqxembargocanary7731 in rivet-tls certificate checks"}'));
    const hits = await findWithheld(dir, markers);
    expect(hits).toEqual(
      expect.arrayContaining([
        { file: path.join('runbook', 'page.html'), id: 'RSEC-2026-0102', kind: 'id' },
        { file: 'fragment.pf', id: 'RSEC-2026-0102', kind: 'title' },
      ]),
    );
    expect(hits.filter((h) => h.file === 'clean.html')).toEqual([]);
  });
});

describe('npm run build with a public advisory that names an embargoed one', () => {
  it('should refuse (exit 3), name the file and the id but not the text, and delete the output', async () => {
    const tmp = await buildFolder();
    cleanup.push(tmp);
    const advisories = path.join(tmp, 'advisories');
    await cp(FIXTURES, advisories, { recursive: true });
    const publicFile = path.join(advisories, 'RSEC-2026-0101.md');
    await writeFile(publicFile, (await readFile(publicFile, 'utf8')) + '\nSee also RSEC-2026-0102, fixed at the same time.\n');
    const outDir = path.join(tmp, 'dist');
    const result = await run(process.execPath, ['scripts/build-site.ts', '--out', outDir, '--cache-dir', path.join(tmp, 'cache'), '--advisories', advisories], {
      cwd: ROOT,
      env: { ...process.env, DISCLOSE_NOW: NOW.toISOString() },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/advisories\/RSEC-2026-0101\/index\.html: the id of RSEC-2026-0102/);
    expect(result.stderr).not.toContain('zqxembargocanary7731');
    expect(existsSync(outDir)).toBe(false);
  });
});

// The last line of defence for the archive: after the build, every file of the output and of
// Astro's caches passes the outbound gate (src/site/output-gate.ts over src/gate/). The loader
// already keeps non-public advisories out of Astro; these tests feed the other roads a leak can
// take (another advisory's body, a runbook page, the search index) and check the gate stops them.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/errors.ts';
import { gateSiteOutput } from '../../src/site/output-gate.ts';
import { ROOT, buildFolder, fixtureCopy, runBuild } from './helpers.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/site/advisories');
const NOW = new Date('2026-11-29T00:00:00Z');
const cleanup: string[] = [];
afterAll(() => Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true }))));

async function folderWith(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await buildFolder();
  cleanup.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

async function refusal(dir: string, at = NOW): Promise<string> {
  const error = await gateSiteOutput(ROOT, [{ label: 'site', dir }], FIXTURES, at).then(() => undefined, (e: unknown) => e);
  if (error === undefined) return '';
  expect(error).toBeInstanceOf(RefusedError);
  return (error as Error).message;
}

describe('gateSiteOutput', () => {
  it('should pass files that name only public advisories', async () => {
    const dir = await folderWith({ 'index.html': '<p>RSEC-2026-0101 is public (CVE-2026-50101); RSEC-2026-0105 was withdrawn.</p>' });
    expect(await refusal(dir)).toBe('');
  });

  it('should find an id in a runbook page, a title inside a gzip file and a CVE in JSON', async () => {
    const dir = await folderWith({
      'runbook/page/index.html': '<p>for example advisories/rsec-2026-0102/</p>',
      'pagefind/fragment/x.pf_fragment': gzipSync('{"title":"zqxembargocanary7731 in rivet-tls certificate checks"}'),
      'osv/RSEC-2026-0101.json': '{"aliases":["CVE\\u002d2026\\u002d50103"]}',
    });
    const message = await refusal(dir);
    expect(message).toContain('site/runbook/page/index.html: names RSEC-2026-0102 (its id), which is not public');
    expect(message).toContain('site/pagefind/fragment/x.pf_fragment: names RSEC-2026-0102 (its title), which is not public');
    expect(message).toContain('site/osv/RSEC-2026-0101.json: names RSEC-2026-0103 (its cve), which is not public');
    expect(message).not.toContain('zqxembargocanary7731');
  });

  it('should find a private value of any advisory, named by its field only', async () => {
    const dir = await folderWith({ 'advisories/RSEC-2026-0101/index.html': '<a href="mailto:zqxprivatecanary5120%40example.net">mail</a>' });
    const message = await refusal(dir);
    expect(message).toContain('contains the value of RSEC-2026-0101 private.reporter_contact');
    expect(message).not.toContain('zqxprivatecanary5120');
  });

  it('should let an advisory go once the clock passes its embargo', async () => {
    const dir = await folderWith({ 'index.html': '<p>RSEC-2026-0103: zqxfuturecanary3304 in rivet-tls certificate checks</p>' });
    expect(await refusal(dir)).toContain('RSEC-2026-0103 (its id)');
    expect(await refusal(dir, new Date('2026-12-10T17:00:00Z'))).toBe('');
  });
});

describe('npm run build with a public advisory that names an embargoed one', () => {
  it('should refuse (exit 3), name the file and the id but not the text, and leave no output', async () => {
    const { tmp, advisories } = await fixtureCopy({ 'RSEC-2026-0101.md': (s) => s + '\nSee also RSEC-2026-0102, fixed at the same time.\n' });
    cleanup.push(tmp);
    const outDir = path.join(tmp, 'dist');
    const result = await runBuild(['--out', outDir, '--cache-dir', path.join(tmp, 'cache'), '--advisories', advisories], NOW.toISOString());
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('site/advisories/RSEC-2026-0101/index.html: names RSEC-2026-0102 (its id), which is not public');
    expect(result.stderr).toContain('nothing is left at');
    expect(result.stderr).not.toContain('zqxembargocanary7731');
    expect(existsSync(outDir)).toBe(false);
    // The advisories themselves are untouched.
    expect(await readFile(path.join(advisories, 'RSEC-2026-0101.md'), 'utf8')).toContain('See also RSEC-2026-0102');
  }, 120_000);
});

// The loader is the archive's only way in: it must hand Astro nothing that is not public, and
// nothing from `private`, whatever state the advisories folder or the store is in.
import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advisoriesDir, advisoryLoader, readPublicAdvisories, takeLastScan } from '../../src/site/loader.ts';
import { ROOT } from './helpers.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/site/advisories');
const NOW = new Date('2026-11-29T00:00:00Z');
const temps: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'disclose-loader-'));
  temps.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** The part of Astro's loader context the loader uses, backed by a real Map. */
function storeContext() {
  const entries = new Map<string, { id: string; data: Record<string, unknown>; body?: string; rendered?: { html: string } }>();
  const logs: string[] = [];
  const context = {
    store: {
      set: (e: { id: string; data: Record<string, unknown>; body?: string; rendered?: { html: string } }) => (entries.set(e.id, e), true),
      clear: () => entries.clear(),
    },
    logger: { info: (m: string) => logs.push(m) },
    renderMarkdown: async (md: string) => ({ html: `<pre>${md}</pre>` }),
    generateDigest: (v: unknown) => String(JSON.stringify(v).length),
  };
  return { entries, logs, context };
}

describe('readPublicAdvisories', () => {
  it('should keep only published or withdrawn advisories whose embargo has passed', async () => {
    const { advisories, withheld } = await readPublicAdvisories(FIXTURES, NOW);
    expect(advisories.map((a) => a.id)).toEqual(['RSEC-2026-0101', 'RSEC-2026-0105']);
    expect(withheld).toBe(3);
  });

  it('should strip `private` from what it returns', async () => {
    const { advisories } = await readPublicAdvisories(FIXTURES, NOW);
    expect(advisories.every((a) => !('private' in a.data))).toBe(true);
    expect(JSON.stringify(advisories)).not.toContain('zqxprivatecanary5120');
  });

  it('should take an advisory in at its embargo moment, not a second before', async () => {
    const before = await readPublicAdvisories(FIXTURES, new Date('2026-12-10T16:59:59Z'));
    const at = await readPublicAdvisories(FIXTURES, new Date('2026-12-10T17:00:00Z'));
    expect(before.advisories.map((a) => a.id)).not.toContain('RSEC-2026-0103');
    expect(at.advisories.map((a) => a.id)).toContain('RSEC-2026-0103');
  });

  it('should skip a draft that does not validate instead of failing the archive', async () => {
    const dir = await tempDir();
    await copyFile(path.join(FIXTURES, 'RSEC-2026-0101.md'), path.join(dir, 'RSEC-2026-0101.md'));
    await writeFile(path.join(dir, 'RSEC-2026-0199.md'), '---\nid: RSEC-2026-0199\nstatus: draft\ntitel: typo\n---\nTriage.\n');
    await writeFile(path.join(dir, 'RSEC-2026-0198.md'), '---\nid: [unclosed\n---\nBroken YAML.\n');
    const { advisories, withheld } = await readPublicAdvisories(dir, NOW);
    expect(advisories.map((a) => a.id)).toEqual(['RSEC-2026-0101']);
    expect(withheld).toBe(2);
  });

  it('should fail, naming the file, when a public advisory does not validate', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'RSEC-2026-0197.md');
    await writeFile(file, '---\nid: RSEC-2026-0197\ntitle: T\nsummary: S\nstatus: published\nembargo: "2026-01-01T00:00:00Z"\nseverity: extreme\n---\nBody.\n');
    await expect(readPublicAdvisories(dir, NOW)).rejects.toThrow(/RSEC-2026-0197\.md\S*:.*severity.*npm run validate/s);
  });
});

describe('advisoryLoader', () => {
  it('should store only the public advisories, rendered, without `private`', async () => {
    const { entries, logs, context } = storeContext();
    await advisoryLoader({ dir: FIXTURES, clock: () => NOW }).load(context as never);
    expect([...entries.keys()].sort()).toEqual(['RSEC-2026-0101', 'RSEC-2026-0105']);
    expect(entries.get('RSEC-2026-0101')?.rendered?.html).toContain('zqxpublicmarker4410');
    expect(JSON.stringify([...entries.values()])).not.toMatch(/zqx(private|embargo|future|draft)canary/);
    expect(logs.join('\n')).toContain('2 public advisories');
    expect(logs.join('\n')).not.toContain('RSEC-2026-0102');
    // The build command takes the same list for the OSV records, once.
    expect(takeLastScan()?.advisories.map((a) => a.id)).toEqual(['RSEC-2026-0101', 'RSEC-2026-0105']);
    expect(takeLastScan()).toBeUndefined();
  });

  it('should drop entries a previous build left in the store', async () => {
    const { entries, context } = storeContext();
    entries.set('RSEC-2026-0102', { id: 'RSEC-2026-0102', data: { title: 'left over from a build with another clock' } });
    await advisoryLoader({ dir: FIXTURES, clock: () => NOW }).load(context as never);
    expect(entries.has('RSEC-2026-0102')).toBe(false);
  });
});

describe('advisoriesDir', () => {
  it('should default to advisories/ and follow DISCLOSE_ADVISORIES_DIR', () => {
    expect(advisoriesDir({}, '/repo')).toBe('/repo/advisories');
    expect(advisoriesDir({ DISCLOSE_ADVISORIES_DIR: 'test/fixtures/site/advisories' }, '/repo')).toBe('/repo/test/fixtures/site/advisories');
  });
});

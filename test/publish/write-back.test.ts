// Writing release results into an advisory: only the named fields change; comments, key order,
// quoting and the body survive; re-applying is a no-op.
import { mkdtempSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../src/advisory/parse.ts';
import { Journal } from '../../src/publish/journal.ts';
import { applyChanges, writeBack } from '../../src/publish/write-back.ts';

const SOURCE = `---
# the team's comment stays
id: RSEC-2026-0009
title: "A title: with a colon"
summary: One sentence.
status: embargoed # inline comment stays too
severity: low
cve:
  - CVE-2026-10001
embargo: "2026-12-08T17:00:00Z"
channels: [announce, blog]
affected:
  - package: x
    ecosystem: npm
private:
  note: keep me last
---
Body with --- inside a line, and a last line without newline.
---
not frontmatter`;

describe('applyChanges', () => {
  it('changes only the named fields and keeps comments, order, quoting and the body', () => {
    const out = applyChanges('x.md', SOURCE, [
      { path: ['status'], value: 'published' },
      { path: ['ghsa'], value: 'GHSA-2345-6789-cfgh', after: 'cve' },
      { path: ['links', 'announce'], value: 'https://lists.example/m/1' },
    ]);
    expect(out).toContain("# the team's comment stays\n");
    expect(out).toContain('status: published # inline comment stays too\n');
    expect(out).toContain('title: "A title: with a colon"\n');
    expect(out).toContain('channels: [announce, blog]\n');
    expect(out).toContain('embargo: "2026-12-08T17:00:00Z"\n');
    expect(out.indexOf('ghsa: GHSA-2345-6789-cfgh')).toBeGreaterThan(out.indexOf('  - CVE-2026-10001'));
    expect(out.indexOf('ghsa:')).toBeLessThan(out.indexOf('embargo:'));
    expect(out.indexOf('links:\n  announce: https://lists.example/m/1')).toBeLessThan(out.indexOf('private:'));
    expect(out.endsWith('---\nBody with --- inside a line, and a last line without newline.\n---\nnot frontmatter')).toBe(true);
    const data = parseAdvisory('x.md', out).data;
    expect(data.status).toBe('published');
    expect(data.links?.announce).toBe('https://lists.example/m/1');
  });

  it('is idempotent: applying the same changes again gives the same text', () => {
    const changes = [
      { path: ['status'], value: 'published' },
      { path: ['links', 'blog'], value: 'https://blog.example/p/' },
    ];
    const once = applyChanges('x.md', SOURCE, changes);
    expect(applyChanges('x.md', once, changes)).toBe(once);
  });

  it('quotes timestamps so YAML readers keep them as strings', () => {
    const out = applyChanges('x.md', SOURCE, [{ path: ['distros', 'notified'], value: '2026-11-28T12:00:00Z' }]);
    expect(out).toContain('distros:\n  notified: "2026-11-28T12:00:00Z"\n');
  });

  it('writes atomically: no temp file is left, and an unchanged file is not rewritten', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'disclose-wb-'));
    const file = path.join(dir, 'a.md');
    await writeFile(file, SOURCE);
    expect(await writeBack(file, [{ path: ['status'], value: 'published' }])).toBe(true);
    expect(await writeBack(file, [{ path: ['status'], value: 'published' }])).toBe(false);
    expect(await readdir(dir)).toEqual(['a.md']);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('Journal', () => {
  it('persists started before done, keeps partial evidence across attempts, and reopens', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'disclose-j-'));
    const j = await Journal.open(root, 'RSEC-2026-0009', () => new Date('2026-12-08T17:00:00Z'));
    expect(j.exists).toBe(false);
    await j.started('ghsa', '<!-- disclose:RSEC-2026-0009 -->');
    await j.progress('ghsa', { ghsaId: 'GHSA-2345-6789-cfgh' });
    const reopened = await Journal.open(root, 'RSEC-2026-0009');
    expect(reopened.step('ghsa')).toMatchObject({ state: 'started', attempts: 1, evidence: { ghsaId: 'GHSA-2345-6789-cfgh' } });
    await reopened.started('ghsa', '<!-- disclose:RSEC-2026-0009 -->');
    await reopened.done('ghsa', '<!-- disclose:RSEC-2026-0009 -->', { url: 'https://github.com/x' });
    const last = await Journal.open(root, 'RSEC-2026-0009');
    expect(last.step('ghsa')).toMatchObject({ state: 'done', attempts: 2, evidence: { ghsaId: 'GHSA-2345-6789-cfgh', url: 'https://github.com/x' } });
    expect(await readdir(path.join(root, '.disclose', 'journal'))).toEqual(['RSEC-2026-0009.json']);
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a damaged journal with a message that says what to do', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'disclose-j-'));
    const j = await Journal.open(root, 'RSEC-2026-0009');
    await j.note('x');
    await writeFile(j.file, '{ not json');
    await expect(Journal.open(root, 'RSEC-2026-0009')).rejects.toThrow(/not valid JSON .* move it away only if you know which steps were sent/);
    expect(await readFile(j.file, 'utf8')).toBe('{ not json');
    await rm(root, { recursive: true, force: true });
  });
});

// npm run import on real public records: what is imported from each kind, that every advisory it
// writes passes `npm run validate`, that a second run changes nothing, and the command's shell
// (--help, --json, --dry-run, exit codes).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontmatterFast, splitAdvisory } from '../../src/advisory/parse.ts';
import { validateFiles } from '../../src/advisory/validate.ts';
import { loadConfig } from '../../src/config/load.ts';
import { freshRepo, importInto, KINDS, NOW, REAL, REPO } from './support.ts';

const frontmatter = (file: string) => parseFrontmatterFast(splitAdvisory(readFileSync(file, 'utf8'))!.frontmatter) as Record<string, unknown>;
const cli = (args: string[], cwd: string) => spawnSync(path.join(REPO, 'node_modules/.bin/node'), [path.join(REPO, 'scripts/import.ts'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, DISCLOSE_NOW: NOW.toISOString() } });

describe('npm run import on real records', () => {
  it('imports every kind into advisories that validate, and reports the counts', async () => {
    const summary: string[] = [];
    for (const kind of KINDS) {
      const root = freshRepo();
      const outcomes = await importInto(root, [path.join(REAL, kind)], { missingSeverity: 'medium' });
      const imported = outcomes.filter((o) => o.status === 'imported');
      const files = readdirSync(path.join(root, 'advisories')).map((n) => path.join(root, 'advisories', n));
      const result = await validateFiles(files, { config: await loadConfig(root), now: NOW });
      expect(result.findings.filter((f) => f.severity === 'error'), kind).toEqual([]);
      expect(files.length).toBe(imported.length);
      expect(imported.length / outcomes.length, kind).toBeGreaterThan(0.9);
      for (const o of imported) expect(frontmatter(o.file).status).toBe('published');
      summary.push(`${kind}: ${outcomes.length} records, ${imported.length} imported, ${files.length} validate, ${outcomes.filter((o) => o.status === 'failed').length} not imported${outcomes.filter((o) => o.status === 'failed').map((o) => `\n    ${o.sourceId}: ${'reason' in o ? o.reason : ''}`).join('')}`);
    }
    process.stdout.write(`import of test/fixtures/real (--missing-severity medium):\n  ${summary.join('\n  ')}\n`);
  });

  it('maps a GitHub record: merged ranges, CWE, rating, and the GHSA link', async () => {
    const root = freshRepo();
    const [o] = await importInto(root, [path.join(REAL, 'ghsa/GHSA-7rrj-xr53-82p7.json')]);
    expect(o.status).toBe('imported');
    if (o.status !== 'imported') return;
    const fm = frontmatter(o.file);
    expect(fm).toMatchObject({ cve: ['CVE-2023-22466'], ghsa: 'GHSA-7rrj-xr53-82p7', cwe: ['CWE-665'], severity: 'medium', embargo: '2023-01-06T21:40:58Z', channels: ['ghsa'] });
    expect(fm.links).toEqual({ ghsa: 'https://github.com/tokio-rs/tokio/security/advisories/GHSA-7rrj-xr53-82p7' });
    expect(fm.affected).toEqual([{ package: 'tokio', ecosystem: 'crates.io', ranges: [{ introduced: '1.7.0', fixed: '1.18.4' }, { introduced: '1.19.0', fixed: '1.20.3' }, { introduced: '1.21.0', fixed: '1.23.1' }] }]);
    expect(o.id).toMatch(/^RSEC-2023-\d{4}$/);
    // The source's text is kept whole inside the body.
    const record = JSON.parse(readFileSync(path.join(REAL, 'ghsa/GHSA-7rrj-xr53-82p7.json'), 'utf8'));
    expect(readFileSync(o.file, 'utf8')).toContain(record.details.trim());
  });

  it('maps a RustSec advisory: patched and unaffected requirements become ranges, os becomes platforms', async () => {
    const root = freshRepo();
    const [o] = await importInto(root, [path.join(REAL, 'rustsec/RUSTSEC-2023-0001.md')], { missingSeverity: 'low' });
    if (o.status !== 'imported') throw new Error(JSON.stringify(o));
    const fm = frontmatter(o.file);
    expect(fm.affected).toEqual([{ package: 'tokio', ecosystem: 'crates.io', ranges: [{ introduced: '1.7.0', fixed: '1.18.4' }, { introduced: '1.19.0', fixed: '1.20.3' }, { introduced: '1.21.0', fixed: '1.23.1' }], platforms: ['windows'] }]);
    expect(fm.references).toContainEqual({ url: 'https://rustsec.org/advisories/RUSTSEC-2023-0001.html', type: 'ADVISORY' });
    expect(fm.severity_rationale).toBe('RUSTSEC-2023-0001 gives no severity; low was chosen at import.');
    expect(o.unmapped.some((u) => u.startsWith('keywords'))).toBe(true);
  });

  it('does not invent a severity: a record without one is not imported unless the user picks one', async () => {
    const root = freshRepo();
    const [o] = await importInto(root, [path.join(REAL, 'rustsec/RUSTSEC-2024-0003.md')]);
    expect(o.status).toBe('failed');
    expect(o.status === 'failed' && o.reason).toMatch(/gives no severity .*--missing-severity/);
    expect(readdirSync(path.join(root, 'advisories'))).toEqual([]);
  });

  it('skips records already imported, under any of their ids', async () => {
    const root = freshRepo();
    const first = await importInto(root, [path.join(REAL, 'ghsa')]);
    const before = readdirSync(path.join(root, 'advisories')).sort();
    const again = await importInto(root, [path.join(REAL, 'ghsa'), path.join(REAL, 'cve/CVE-2023-22466.json'), path.join(REAL, 'osv/RUSTSEC-2023-0001.json')]);
    expect(again.every((o) => o.status === 'skipped')).toBe(true);
    expect(readdirSync(path.join(root, 'advisories')).sort()).toEqual(before);
    expect(first.filter((o) => o.status === 'imported').length).toBe(before.length);
  });

  it('the command: --help, --dry-run writes nothing, --json, exit 1 when a record is not imported, 2 for a missing file', () => {
    const root = freshRepo();
    expect(cli(['--help'], root).status).toBe(0);
    expect(cli(['--help'], root).stdout).toContain('--missing-severity');
    const dry = cli(['--dry-run', path.join(REAL, 'cve')], root);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/4 files: 4 would be imported/);
    expect(readdirSync(root)).not.toContain('advisories');
    const json = cli(['--json', path.join(REAL, 'cve'), path.join(REAL, 'rustsec/RUSTSEC-2024-0003.md')], root);
    expect(json.status).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({ imported: 4, skipped: 0, failed: 1 });
    expect(cli([path.join(REAL, 'nope.json')], root).status).toBe(2);
    // What it wrote passes the validate command itself.
    expect(execFileSync(path.join(REPO, 'node_modules/.bin/node'), [path.join(REPO, 'scripts/validate.ts')], { cwd: root, encoding: 'utf8', env: { ...process.env, DISCLOSE_NOW: NOW.toISOString() } })).toMatch(/4 files, 0 errors/);
  });
});

// Attacks by input: one hostile or odd file in advisories/ must give a located error (file, line,
// column, field, fix) and exit 1, quickly, and never a stack trace, an out-of-memory or a file that
// silently does not count. Every command runs as a real child process in a temporary repository.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listAdvisoryFiles, parseAdvisory } from '../../src/advisory/parse.ts';
import { readPublicAdvisories } from '../../src/site/loader.ts';
import { REPO } from '../advisory/helpers.ts';

const NOW = '2026-11-29T12:00:00Z';
const SAMPLES = ['RSEC-2026-0001', 'RSEC-2026-0002', 'RSEC-2026-0003', 'RSEC-2026-0004', 'RSEC-2026-0005'];
/** A published sample: its body and frontmatter are the base of every hostile file below. */
const PUBLISHED = readFileSync(path.join(REPO, 'advisories', 'RSEC-2026-0001.md'), 'utf8');
const STACK_TRACE = /\n\s+at .+[:(]\d+|RangeError|Maximum call stack|heap out of memory|internal error/;

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A repository with the five samples plus `extra` files (name → text) in advisories/. */
function repo(extra: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'disclose-bad-input-'));
  roots.push(root);
  copyFileSync(path.join(REPO, 'disclose.config.yaml'), path.join(root, 'disclose.config.yaml'));
  mkdirSync(path.join(root, 'advisories'));
  for (const id of SAMPLES) copyFileSync(path.join(REPO, 'advisories', `${id}.md`), path.join(root, 'advisories', `${id}.md`));
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(root, 'advisories', name), text);
  return root;
}

function run(root: string, script: string, args: string[] = [], timeout = 30_000) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', script), ...args], { cwd: root, encoding: 'utf8', timeout, env: { PATH: process.env.PATH, DISCLOSE_NOW: NOW } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

/** RSEC-2026-0001's text as another advisory id, with `edit` applied. */
function variant(id: string, edit: (s: string) => string = (s) => s): string {
  return edit(PUBLISHED.replace(/^id: .*$/m, `id: ${id}`).replace(/CVE-\d{4}-\d+/g, 'CVE-2026-99999').replace(/^ghsa: .*\n/m, ''));
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('YAML limits', () => {
  // Nine levels of nine aliases: 387 million strings once expanded.
  const bomb = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]', ...Array.from({ length: 8 }, (_, i) => `lol${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n');
  const withBomb = variant('RSEC-2026-0101', (s) => s.replace(/^private:\n(?: {2}.*\n)*/m, '').replace(/\n---\n/, `\nprivate:\n${bomb.replace(/^/gm, '  ')}\n---\n`));

  it('refuses an alias bomb in one draft within seconds, located, exit 1, and still checks the other files', () => {
    const root = repo({ 'RSEC-2026-0101.md': withBomb });
    const r = run(root, 'validate.ts');
    expect(r.code, r.stderr).toBe(1);
    expect(r.ms).toBeLessThan(15_000);
    const line = lineOf(withBomb, 'lol1:');
    expect(r.stdout).toContain(`advisories/RSEC-2026-0101.md:${line}:${'  lol1: &a1 ['.length + 1}: error [yaml-limit] private.lol1.0: YAML aliases (*name) expand the frontmatter to more than 10,000 values — write the values out`);
    expect(r.stdout).toMatch(/^6 files, 1 error, 0 warnings$/m);
    expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
  });

  it('refuses the alias bomb in the commands that load one advisory, located', () => {
    expect(() => parseAdvisory('advisories/RSEC-2026-0101.md', withBomb)).toThrow(/^advisories\/RSEC-2026-0101\.md:\d+:\d+: error \[yaml-limit\] private\.lol1\.0: YAML aliases/);
  });

  it.each([
    ['flow', `x: ${'['.repeat(100_000)}${']'.repeat(100_000)}`, 1],
    ['block', Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1', 33],
  ])('refuses %s nesting 1,000s deep with a located error and no stack trace', (_kind, yamlText, line) => {
    const text = variant('RSEC-2026-0102', (s) => s.replace(/\n---\n/, `\nextra:\n${yamlText.replace(/^/gm, '  ')}\n---\n`).replace(/^---\n/, '---\n'));
    const root = repo({ 'RSEC-2026-0102.md': text });
    const r = run(root, 'validate.ts');
    expect(r.code, r.stderr).toBe(1);
    expect(r.ms).toBeLessThan(15_000);
    // Located on the line where the 33rd level opens (js-yaml counts the `extra:` map and each key's value).
    const first = lineOf(text, 'extra:');
    const m = /^advisories\/RSEC-2026-0102\.md:(\d+):\d+: error \[yaml-limit\] frontmatter: the YAML nests deeper than 32 levels — flatten it/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![1]) - first).toBeGreaterThanOrEqual(line - 3);
    expect(Number(m![1]) - first).toBeLessThanOrEqual(line);
    expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('Markdown nesting', () => {
  const deep = variant('RSEC-2026-0103', (s) => s.replace(/\n## Mitigations\n/, `\n${'>'.repeat(50_000)} quoted\n\n## Mitigations\n`));
  const deepLine = lineOf(deep, '>>>>');

  it('validate: 50,000 nested ">" is a located body-nesting error, exit 1, in seconds', () => {
    const r = run(repo({ 'RSEC-2026-0103.md': deep }), 'validate.ts');
    expect(r.code, r.stderr).toBe(1);
    expect(r.ms).toBeLessThan(15_000);
    expect(r.stdout).toContain(`advisories/RSEC-2026-0103.md:${deepLine}:1: error [body-nesting] body: the Markdown nests 50000 levels deep here (blockquotes ">" and lists); disclose reads at most 32 — flatten the quote or list`);
    expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
  });

  it('render: refused with the same located error, exit 1, no stack trace', () => {
    const root = repo({ 'RSEC-2026-0103.md': deep });
    const r = run(root, 'render.ts', ['RSEC-2026-0103', '--out', path.join(root, 'out')]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain(`advisories/RSEC-2026-0103.md:${deepLine}:1: error [body-nesting] body:`);
    expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
  });

  it('the site loader: a published advisory nested too deep fails the build with the located error', async () => {
    const root = repo({ 'RSEC-2026-0103.md': deep });
    await expect(readPublicAdvisories(path.join(root, 'advisories'), new Date(NOW))).rejects.toThrow(`RSEC-2026-0103.md:${deepLine}:1: error [body-nesting]`);
  });

  it.each([
    ['a run of 50,000 "*"', `${'*'.repeat(50_000)}x${'*'.repeat(50_000)}`, /a run of 50000 "\*"/],
    ['50,000 open "["', `${'['.repeat(50_000)}x`, /more than 32 "\[" are open here/],
    ['lists nested 20,000 deep', `${'- '.repeat(20_000)}x`, /the Markdown nests 20000 levels deep/],
  ])('validate: %s is a located error, not a parser hang', (_what, markdown, message) => {
    const text = variant('RSEC-2026-0104', (s) => s.replace(/\n## Mitigations\n/, `\n${markdown}\n\n## Mitigations\n`));
    const r = run(repo({ 'RSEC-2026-0104.md': text }), 'validate.ts');
    expect(r.code, r.stderr).toBe(1);
    expect(r.ms).toBeLessThan(15_000);
    expect(r.stdout).toMatch(new RegExp(`^advisories/RSEC-2026-0104\\.md:${lineOf(text, markdown.slice(0, 20))}:\\d+: error \\[body-nesting\\] body: ${message.source}`, 'm'));
  });
});

describe('byte order mark', () => {
  const BOM = '\uFEFF';

  it('validate accepts a file starting with a BOM, with line numbers unchanged', () => {
    const broken = variant('RSEC-2026-0105', (s) => s.replace(/^severity: .*$/m, 'severity: hgih'));
    const r = run(repo({ 'RSEC-2026-0001.md': BOM + PUBLISHED, 'RSEC-2026-0105.md': BOM + broken }), 'validate.ts');
    expect(r.stdout).not.toMatch(/RSEC-2026-0001\.md/);
    expect(r.stdout).toContain(`advisories/RSEC-2026-0105.md:${lineOf(broken, 'severity:')}:11: error [schema] severity: "hgih" is not one of`);
    expect(r.stdout).toMatch(/^6 files, 1 error/m);
  });

  it('a published advisory with a BOM is on the site, and render reads it', async () => {
    const root = repo({ 'RSEC-2026-0001.md': BOM + PUBLISHED });
    const scan = await readPublicAdvisories(path.join(root, 'advisories'), new Date(NOW));
    expect(scan.advisories.map((a) => a.data.id)).toContain('RSEC-2026-0001');
    const r = run(root, 'render.ts', ['RSEC-2026-0001', '--out', path.join(root, 'out')]);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('Markdown files under another extension', () => {
  const files = { 'RSEC-2026-0106.MD': variant('RSEC-2026-0106'), 'RSEC-2026-0107.markdown': variant('RSEC-2026-0107'), 'RSEC-2026-0108.Md': variant('RSEC-2026-0108') };

  it('validate reports each one as an error with the name to use, exit 1', () => {
    const r = run(repo(files), 'validate.ts');
    expect(r.code).toBe(1);
    for (const [name, rename] of [['RSEC-2026-0106.MD', 'RSEC-2026-0106.md'], ['RSEC-2026-0107.markdown', 'RSEC-2026-0107.md'], ['RSEC-2026-0108.Md', 'RSEC-2026-0108.md']]) {
      expect(r.stdout).toContain(`advisories/${name}:1:1: error [file-name] file: "${name}" is not read by disclose: advisories are <ID>.md files — rename it to ${rename}`);
    }
    expect(r.stdout).toMatch(/^8 files, 3 errors/m);
  });

  it('validate flags one passed by name too', () => {
    const root = repo(files);
    const r = run(root, 'validate.ts', ['advisories/RSEC-2026-0106.MD']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('advisories/RSEC-2026-0106.MD:1:1: error [file-name]');
  });

  it('every command that lists advisories refuses instead of skipping them', async () => {
    const root = repo(files);
    await expect(listAdvisoryFiles(path.join(root, 'advisories'))).rejects.toThrow(/RSEC-2026-0107\.markdown:1:1: error \[file-name\].*rename it to RSEC-2026-0107\.md/);
    const status = run(root, 'status.ts');
    expect(status.code, status.stdout).toBe(1);
    expect(status.stderr).toMatch(/RSEC-2026-0106\.MD:1:1: error \[file-name\]/);
    await expect(readPublicAdvisories(path.join(root, 'advisories'), new Date(NOW))).rejects.toThrow(/file-name/);
  });
});

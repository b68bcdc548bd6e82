// `npm run validate` and `npm run new` as real child processes: exit codes, output formats, files.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FIXTURES, REPO, markdownFiles } from './helpers.ts';

const run = promisify(execFile);
const ENV = { ...process.env, DISCLOSE_NOW: '2026-11-29T12:00:00Z' };

async function cli(script: 'validate' | 'new', args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(REPO, 'scripts', `${script}.ts`), ...args], { cwd: opts.cwd ?? REPO, env: opts.env ?? ENV });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const LINE = /^(.+):(\d+):(\d+): (error|warning) \[([a-z-]+)\] ([^:]+): (.+) — (.+)$/;
function parseText(stdout: string) {
  const lines = stdout.trimEnd().split('\n');
  const summary = lines.pop()!;
  return {
    summary,
    findings: lines.map((l) => {
      const m = LINE.exec(l);
      if (!m) throw new Error(`not a finding line: ${l}`);
      return { file: m[1], line: +m[2], col: +m[3], severity: m[4], rule: m[5], field: m[6], message: m[7], fix: m[8] };
    }),
  };
}

const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'bad/expected.json'), 'utf8')) as Record<string, { file: string; rule: string; line: number; col: number; severity: string; field: string }>;

describe('npm run validate', () => {
  it('passes the sample advisories with a summary and exit 0', async () => {
    const r = await cli('validate', []);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('5 files, 0 errors, 0 warnings\n');
  });

  it('prints the expected file:line:col finding for every bad fixture, exit 1 on errors and 0 on warnings', async () => {
    const names = Object.keys(expected);
    // Two at a time: the machine has two cores.
    for (let i = 0; i < names.length; i += 2) {
      await Promise.all(
        names.slice(i, i + 2).map(async (name) => {
          const want = expected[name];
          const files = markdownFiles(path.join(FIXTURES, 'bad', name)).map((f) => path.relative(REPO, f));
          const r = await cli('validate', files);
          expect(r.code, name).toBe(want.severity === 'error' ? 1 : 0);
          const { findings, summary } = parseText(r.stdout);
          const target = path.join('test/fixtures/bad', name, want.file);
          expect(findings.map((f) => `${f.file}:${f.line}:${f.col}: ${f.severity} [${f.rule}] ${f.field}`), name).toEqual([
            `${target}:${want.line}:${want.col}: ${want.severity} [${want.rule}] ${want.field}`,
          ]);
          expect(summary).toBe(`${files.length} file${files.length > 1 ? 's' : ''}, ${want.severity === 'error' ? 1 : 0} error${want.severity === 'error' ? '' : 's'}, ${want.severity === 'warning' ? 1 : 0} warning${want.severity === 'warning' ? '' : 's'}`);
        }),
      );
    }
  }, 600_000); // 69 processes; generous because the machine is shared

  it('--format json carries the same findings as the text output', async () => {
    const files = markdownFiles(path.join(FIXTURES, 'bad')).map((f) => path.relative(REPO, f));
    const [text, json, jsonAlias] = await Promise.all([cli('validate', files), cli('validate', [...files, '--format', 'json']), cli('validate', [...files, '--json'])]);
    expect(text.code).toBe(1);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout);
    const fromText = parseText(text.stdout);
    expect(parsed.findings.length).toBeGreaterThan(69);
    expect(parsed.findings).toEqual(fromText.findings);
    expect(`${parsed.files} files, ${parsed.errors} errors, ${parsed.warnings} warnings`).toBe(fromText.summary);
    expect(JSON.parse(jsonAlias.stdout)).toEqual(parsed);
  });

  it('--format github prints workflow commands with escaped properties', async () => {
    const dir = path.join('test/fixtures/bad/severity-typo');
    const r = await cli('validate', [path.join(dir, 'RSEC-2026-0004.md'), '--format', 'github']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::error file=test\/fixtures\/bad\/severity-typo\/RSEC-2026-0004\.md,line=6,col=11,title=\[schema\] severity::"hihg" is not one of/);
    expect(lines.at(-1)).toBe('::notice title=disclose validate::1 file, 1 error, 0 warnings');
  });

  it('exits 2 on usage errors and 0 on --help', async () => {
    expect((await cli('validate', ['--format', 'xml'])).code).toBe(2);
    expect((await cli('validate', ['--nope'])).code).toBe(2);
    expect((await cli('validate', ['advisories/RSEC-2099-0001.md'])).code).toBe(2);
    expect((await cli('validate', [], { env: { ...ENV, DISCLOSE_NOW: '2026-12-08 17:00' } })).code).toBe(2);
    const help = await cli('validate', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run validate/);
  });
});

describe('npm run new', () => {
  function repo(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'disclose-new-'));
    copyFileSync(path.join(REPO, 'disclose.config.yaml'), path.join(dir, 'disclose.config.yaml'));
    return dir;
  }

  it('creates the next free id of the current year, which validates as a draft', async () => {
    const dir = repo();
    mkdirSync(path.join(dir, 'advisories/RSEC-2026-0041'), { recursive: true }); // a folder of attachments counts too
    writeFileSync(path.join(dir, 'advisories/RSEC-2025-0099.md'), 'last year');
    const r = await cli('new', ['--title', 'Heap overflow in rivet-zip', '--severity', 'high', '--cve', 'CVE-2026-50001', '--cve', 'CVE-2026-50002'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('advisories/RSEC-2026-0042.md\n');
    const text = readFileSync(path.join(dir, 'advisories/RSEC-2026-0042.md'), 'utf8');
    expect(text).toMatch(/^---\nid: RSEC-2026-0042\ntitle: Heap overflow in rivet-zip\n/);
    expect(text).toContain('## CVE-2026-50002: ');
    const check = await cli('validate', ['advisories/RSEC-2026-0042.md', '--json'], { cwd: dir });
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ files: 1, errors: 0, warnings: 0 });
  });

  it('never overwrites: concurrent runs get distinct ids', async () => {
    const dir = repo();
    const runs = await Promise.all([1, 2, 3].map((n) => cli('new', ['--title', `Issue ${n}`, '--json'], { cwd: dir })));
    const ids = runs.map((r) => JSON.parse(r.stdout).id).sort();
    expect(ids).toEqual(['RSEC-2026-0001', 'RSEC-2026-0002', 'RSEC-2026-0003']);
    expect(readdirSync(path.join(dir, 'advisories')).sort()).toEqual(['RSEC-2026-0001.md', 'RSEC-2026-0002.md', 'RSEC-2026-0003.md']);
  });

  it('takes the year from DISCLOSE_NOW and refuses bad input with exit 2', async () => {
    const dir = repo();
    const r = await cli('new', ['--title', 'New year', '--json'], { cwd: dir, env: { ...ENV, DISCLOSE_NOW: '2027-01-01T00:30:00+01:00' } });
    // 00:30 in Berlin is still 2026 in UTC: ids follow UTC like every timestamp in disclose.
    expect(JSON.parse(r.stdout).id).toBe('RSEC-2026-0001');
    expect((await cli('new', [], { cwd: dir })).code).toBe(2);
    expect((await cli('new', ['--title', 'x', '--severity', 'hihg'], { cwd: dir })).stderr).toMatch(/did you mean high/);
    expect((await cli('new', ['--title', 'x', '--cve', 'CVE-1'], { cwd: dir })).code).toBe(2);
    expect(existsSync(path.join(dir, 'advisories/RSEC-2026-0002.md'))).toBe(false);
  });
});

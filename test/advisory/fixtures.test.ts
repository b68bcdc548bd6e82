import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { validateFiles } from '../../src/advisory/validate.ts';
import { FIXTURES, NOW, REPO, markdownFiles } from './helpers.ts';

interface Expected {
  file: string;
  severity: 'error' | 'warning';
  rule: string;
  field: string;
  line: number;
  col: number;
}

const BAD = path.join(FIXTURES, 'bad');
const GOOD = path.join(FIXTURES, 'good');
const expected = JSON.parse(readFileSync(path.join(BAD, 'expected.json'), 'utf8')) as Record<string, Expected>;
const config = await loadConfig(REPO);

describe('bad fixtures', () => {
  it('has at least 40 cases, one folder each, all listed in expected.json', () => {
    const folders = readdirSync(BAD, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(folders.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(expected).sort()).toEqual(folders);
  });

  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: exactly one ${want.severity} [${want.rule}] at ${want.file}:${want.line}:${want.col}`, async () => {
      const dir = path.join(BAD, name);
      const { findings } = await validateFiles(markdownFiles(dir), { config, now: NOW });
      expect(findings.map((f) => ({ file: path.relative(dir, f.file), severity: f.severity, rule: f.rule, field: f.field, line: f.line, col: f.col }))).toEqual([
        { file: want.file, severity: want.severity, rule: want.rule, field: want.field, line: want.line, col: want.col },
      ]);
      // Every finding says what is wrong and how to fix it.
      expect(findings[0].message.length).toBeGreaterThan(10);
      expect(findings[0].fix.length).toBeGreaterThan(5);
    });
  }
});

describe('good fixtures', () => {
  for (const dir of readdirSync(GOOD)) {
    it(`${dir} passes without errors or warnings`, async () => {
      const { findings, files } = await validateFiles(markdownFiles(path.join(GOOD, dir)), { config, now: NOW });
      expect(files).toBeGreaterThan(0);
      expect(findings).toEqual([]);
    });
  }

  it('the sample advisories pass on 2026-11-29', async () => {
    const { findings, files } = await validateFiles(markdownFiles(path.join(REPO, 'advisories')), { config, now: NOW });
    expect(files).toBe(5);
    expect(findings).toEqual([]);
  });

  it('gives the same findings on one thread and split across a worker', async () => {
    const all = [...markdownFiles(GOOD), ...markdownFiles(BAD)];
    const single = await validateFiles(all, { config, now: NOW, parallelFrom: Infinity });
    const split = await validateFiles(all, { config, now: NOW, parallelFrom: 1 });
    expect(single.findings.length).toBeGreaterThan(40);
    expect(split).toEqual(single);
  });
});

describe('time-dependent rules follow the clock', () => {
  it('warns that the embargo has passed once now is after it', async () => {
    const file = path.join(REPO, 'advisories/RSEC-2026-0004.md');
    const after = await validateFiles([file], { config, now: new Date('2026-12-09T00:00:00Z') });
    expect(after.findings.map((f) => f.rule)).toEqual(['embargo-past']);
  });
});

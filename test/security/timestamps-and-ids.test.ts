// One timestamp parser and one id parser, seen from the commands a person types: impossible dates
// and offsets are validation errors at their line, and render and reply take an id, never a path.
// On main before this change, validate accepted 2023-02-30 and +23:59, and render and reply opened
// whatever path they were given.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupRepos, editAdvisory, runScript, sampleRepo } from './support.ts';

const repo = sampleRepo;
const run = (root: string, script: string, args: readonly string[], env: Record<string, string> = {}) => runScript(root, script, args, { DISCLOSE_NOW: '2026-11-29T12:00:00Z', ...env });

afterEach(cleanupRepos);

describe('impossible timestamps', () => {
  for (const [value, why] of [
    ['2023-02-30T10:00:00Z', /has day 30, but 2023-02 has 28 days/],
    ['2023-09-31T10:00:00Z', /has day 31, but 2023-09 has 30 days/],
    ['2026-09-22T14:00:00+23:59', /beyond ±14:00/],
    ['2026-09-22T14:00:00', /has no zone/],
  ] as const) {
    it(`are validation errors at their line: ${value}`, () => {
      const root = repo();
      editAdvisory(root, 'RSEC-2026-0003', (t) => t.replace('  - at: "2026-09-08T20:10:00Z"', `  - at: "${value}"`));
      const r = run(root, 'validate', ['advisories/RSEC-2026-0003.md']);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/RSEC-2026-0003\.md:25:\d+: error \[timestamp\] timeline\.0\.at: /);
      expect(r.stdout).toMatch(why);
    });
  }

  it('are refused in DISCLOSE_NOW by every command that reads the clock (exit 2)', () => {
    const root = repo();
    for (const [script, args] of [['validate', []], ['render', ['RSEC-2026-0003']], ['status', []]] as const) {
      for (const bad of ['garbage', '2026-02-30T10:00:00Z', '2026-12-08T17:00:00']) {
        const r = run(root, script, [...args], { DISCLOSE_NOW: bad });
        expect(r.status, `${script} with DISCLOSE_NOW=${bad}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain('DISCLOSE_NOW');
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }
    }
  });
});

describe('ids given to render and reply', () => {
  for (const raw of ['../advisories/RSEC-2026-0003', 'advisories/RSEC-2026-0003.md', 'rsec-2026-0003', 'RSEC-2026-0004/../RSEC-2026-0003', 'RS\u0415C-2026-0003']) {
    it(`refuse ${JSON.stringify(raw)} with exit 2 and "did you mean", and write nothing`, () => {
      const root = repo();
      for (const [script, args] of [['render', [raw]], ['reply', [raw, 'acknowledge']]] as const) {
        const r = run(root, script, [...args]);
        expect(r.status, `${script}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain('did you mean RSEC-2026-0003?');
      }
      expect(existsSync(path.join(root, 'outbox'))).toBe(false);
    });
  }
});

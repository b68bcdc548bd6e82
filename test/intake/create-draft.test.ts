import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDraftWithReport } from '../../src/intake/create-draft.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('createDraftWithReport', () => {
  it('should give concurrent intakes distinct ids, whole files and no temporary leftovers', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'disclose-draft-'));
    dirs.push(dir);
    const made = await Promise.all(
      [1, 2, 3, 4].map((n) => createDraftWithReport(dir, 'RSEC', 2026, (id) => `---\nid: ${id}\n---\nreport ${n}\n`, 'report.eml', Buffer.from(`mail ${n}`))),
    );
    expect(made.map((m) => m.id).sort()).toEqual(['RSEC-2026-0001', 'RSEC-2026-0002', 'RSEC-2026-0003', 'RSEC-2026-0004']);
    for (const m of made) {
      const n = /report (\d)/.exec(readFileSync(m.file, 'utf8'))![1];
      expect(readFileSync(m.reportFile, 'utf8')).toBe(`mail ${n}`); // each draft got its own mail
      expect(m.reportFile).toBe(path.join(dir, m.id, 'report.eml'));
    }
    const all = readdirSync(dir, { recursive: true }) as string[];
    expect(all.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

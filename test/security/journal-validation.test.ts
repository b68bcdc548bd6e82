// A damaged journal is refused, never read as "nothing was sent". On main before the engine, a
// journal with `"steps": []` was treated as empty and the announcement was sent again, and
// `"steps": null` was a stack trace.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoot, ID, publish, releaseEnv, resetParties, runScript, startParties, type Parties } from '../publish/harness.ts';

let p: Parties;
beforeAll(async () => {
  p = await startParties();
});
afterAll(async () => {
  await p?.close();
});

const LOG = [{ at: '2026-11-30T17:05:00.000Z', event: 'publish: live run started' }];
const started = { state: 'started', key: `<${ID}.announce@security.rivet-lang.org>`, startedAt: '2026-11-30T17:05:00.000Z', attempts: 1 };

const DAMAGED: [string, unknown][] = [
  ['"steps": []', { version: 1, id: ID, steps: [], log: LOG }],
  ['"steps": null', { version: 1, id: ID, steps: null, log: LOG }],
  ['a state that does not exist', { version: 1, id: ID, steps: { announce: { ...started, state: 'sent' } }, log: LOG }],
  ['a step without its key', { version: 1, id: ID, steps: { announce: { ...started, key: undefined } }, log: LOG }],
  ['another advisory\'s journal', { version: 1, id: 'RSEC-2026-0003', steps: { announce: started }, log: LOG }],
  ['an empty object', {}],
  ['no steps and no events', { version: 1, id: ID, steps: {}, log: [] }],
];

describe('a damaged journal', () => {
  for (const [what, content] of DAMAGED) {
    it(`is refused by publish, notify-distros and --status (exit 3, names the file, no stack trace): ${what}`, async () => {
      resetParties(p);
      const root = await createRoot(p);
      const file = path.join(root.dir, '.disclose', 'journal', `${ID}.json`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify(content)}\n`);
      const env = releaseEnv(p);
      for (const r of [await publish([ID, '--live'], root.dir, env), await publish([ID, '--status'], root.dir, env)]) {
        expect(r.code, r.stderr).toBe(3);
        expect(r.stderr).toContain(file);
        expect(r.stderr).toMatch(/not a valid disclose journal|journal of RSEC-2026-0003|records no step/);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      expect(p.smtp.messages).toHaveLength(0);
      expect(p.blog.commitsOn('security-advisory')).toEqual([]);
      await root.cleanup();
    });
  }

  it('is refused by amend too (its own journal, amend-<n>)', async () => {
    resetParties(p);
    const root = await createRoot(p);
    const file = path.join(root.dir, '.disclose', 'journal', `${ID}.json`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{"version":1,"id":"RSEC-2026-0004","steps":null,"log":[]}\n');
    const r = await runScript('amend.ts', [ID, '--live'], root.dir, releaseEnv(p));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code, r.stderr).toBe(3);
    expect(p.smtp.messages).toHaveLength(0);
    await root.cleanup();
  });
});

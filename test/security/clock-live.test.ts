// A live send never trusts a clock moved forward. On main before the engine, `DISCLOSE_NOW=<after
// the embargo> publish --live` sent every channel a week early with exit 0, and notify-distros
// accepted DISCLOSE_NOW=garbage (every window check passed, --live then died with a stack trace).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git } from '../support/git-repo.ts';
import { at, createRoot, EMBARGO, ID, publish, releaseEnv, resetParties, runScript, startParties, type Parties, expectNothingDelivered } from '../publish/harness.ts';

const DAY = 24 * 3_600_000;
let p: Parties;

beforeAll(async () => {
  p = await startParties();
});
afterAll(async () => {
  await p?.close();
});

/** A test repository whose embargo is a week ahead of the system clock (distros notified in time). */
async function embargoNextWeek(): Promise<string> {
  const root = await createRoot(p);
  const file = path.join(root.dir, 'advisories', `${ID}.md`);
  const future = at(EMBARGO, 8 * DAY);
  const text = (await readFile(file, 'utf8')).replaceAll(`"${EMBARGO}"`, `"${future}"`).replace(/^  notified: .*$/m, '');
  await writeFile(file, text.replace(/^distros:\n\n/m, ''));
  git(root.dir, ['commit', '--quiet', '-am', 'embargo next week']);
  return root.dir;
}


describe('a DISCLOSE_NOW ahead of the system clock', () => {
  it('is refused by publish --live (exit 3): nothing reaches SMTP, GitHub, Discourse or the blog', async () => {
    resetParties(p);
    const root = await embargoNextWeek();
    const r = await publish([ID, '--live'], root, releaseEnv(p, { DISCLOSE_NOW: at(EMBARGO, 8 * DAY + 5 * 60_000) }));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/DISCLOSE_NOW .* is ahead of the system clock/);
    expectNothingDelivered(p);
  });

  it('is refused by amend --live and notify-distros --live too (exit 3)', async () => {
    resetParties(p);
    const root = await embargoNextWeek();
    const ahead = releaseEnv(p, { DISCLOSE_NOW: at(EMBARGO, 30 * DAY) });
    const amend = await runScript('amend.ts', [ID, '--live'], root, ahead);
    expect(amend.code, amend.stderr).toBe(3);
    expect(amend.stderr).toMatch(/ahead of the system clock/);
    const distros = await runScript('notify-distros.ts', [ID, '--live'], root, ahead);
    expect(distros.code, distros.stderr).toBe(3);
    expect(distros.stderr).toMatch(/ahead of the system clock/);
    expectNothingDelivered(p);
  });
});

describe('a DISCLOSE_NOW that is not a timestamp', () => {
  for (const bad of ['garbage', '2026-02-30T10:00:00Z', '2026-11-28T12:00:00']) {
    it(`is refused by notify-distros, live or not (exit 2, no stack trace): ${bad}`, async () => {
      resetParties(p);
      const root = await embargoNextWeek();
      for (const args of [[ID], [ID, '--live']]) {
        const r = await runScript('notify-distros.ts', args, root, releaseEnv(p, { DISCLOSE_NOW: bad }));
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain('DISCLOSE_NOW');
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      expectNothingDelivered(p);
    });
  }
});

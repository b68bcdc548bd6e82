// notify-distros: the window (14 days to 72 hours before the embargo), its refusals, the live send
// to the real SMTP server with the patch attached, the journal, and distros.notified written back
// and committed; a second run sends nothing.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../src/advisory/parse.ts';
import { git } from '../support/git-repo.ts';
import { at, createRoot, EMBARGO, ID, releaseEnv, resetParties, runScript, startParties, type Parties } from './harness.ts';

let p: Parties;
const DISTROS = 'distros@vs.openwall.org';
const DAY = 24 * 3_600_000;
/** Ten days before the test repository's embargo: inside the window, and in the system clock's past. */
const NOTIFY_AT = at(EMBARGO, -10 * DAY - 5 * 3_600_000);

beforeAll(async () => {
  p = await startParties();
});
const roots: string[] = [];
afterAll(async () => {
  await p?.close();
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

/** A root whose RSEC-2026-0004 has not notified distros yet (or has other frontmatter edits). */
async function rootWith(edit: (source: string) => string): Promise<string> {
  const root = await createRoot(p);
  const file = path.join(root.dir, 'advisories', `${ID}.md`);
  await writeFile(file, edit(await readFile(file, 'utf8')));
  git(root.dir, ['commit', '--quiet', '-am', 'edit for test']);
  roots.push(root.dir);
  return root.dir;
}
const notYetNotified = (s: string) => s.replace(/^distros:\n  notified: .*\n/m, '');

function notify(args: string[], root: string, now: string) {
  return runScript('notify-distros.ts', args, root, releaseEnv(p, { DISCLOSE_NOW: now }));
}

describe('notify-distros', () => {
  it('refuses outside the 3–14 day window, saying when it opens or closed', async () => {
    resetParties(p);
    const root = await rootWith(notYetNotified);
    const early = await notify([ID, '--live'], root, at(EMBARGO, -18 * DAY));
    expect(early.code).toBe(3);
    expect(early.stderr).toMatch(new RegExp(`too early .* window opens ${at(EMBARGO, -14 * DAY).slice(0, 10)} 17:00 UTC`));
    const late = await notify([ID, '--live'], root, at(EMBARGO, -2 * DAY + 1000));
    expect(late.code).toBe(3);
    expect(late.stderr).toMatch(/too late .* at least 72 hours/);
    const after = await notify([ID, '--live'], root, EMBARGO);
    expect(after.code).toBe(3);
    expect(after.stderr).toMatch(/the embargo .* has passed/);
    expect(p.smtp.messages).toHaveLength(0);
  });

  it('refuses when distros is not a channel, when skip is set, and when already published', async () => {
    resetParties(p);
    const noChannel = await rootWith((s) => notYetNotified(s).replace(', distros]', ']'));
    expect((await notify([ID, '--live'], noChannel, NOTIFY_AT)).stderr).toMatch(/distros is not in channels/);
    const skip = await rootWith((s) => s.replace(/^distros:\n  notified: .*\n/m, 'distros:\n  skip: fix already public\n'));
    const skipped = await notify([ID, '--live'], skip, NOTIFY_AT);
    expect(skipped.code).toBe(3);
    expect(skipped.stderr).toMatch(/distros.skip is set \("fix already public"\)/);
    const published = await rootWith((s) => notYetNotified(s).replace('status: embargoed', 'status: published'));
    const pub = await notify([ID, '--live'], published, NOTIFY_AT);
    expect(pub.code).toBe(3);
    expect(pub.stderr).toMatch(/already published/);
    expect(p.smtp.messages).toHaveLength(0);
  });

  it('rehearses by default, then sends once with --live and records distros.notified', async () => {
    resetParties(p);
    const root = await rootWith(notYetNotified);
    const rehearsal = await notify([ID], root, NOTIFY_AT);
    expect(rehearsal.code, rehearsal.stderr).toBe(0);
    const eml = await readFile(path.join(root, 'outbox', ID, 'rehearsal', '00-distros.eml'));
    expect(eml.toString('utf8')).toMatch(/Subject: .*\[vs\]/);
    expect(p.smtp.messages).toHaveLength(0);

    const live = await notify([ID, '--live', '--json'], root, NOTIFY_AT);
    expect(live.code, live.stderr).toBe(0);
    const result = JSON.parse(live.stdout);
    expect(result.status).toBe('sent');
    expect(p.smtp.messages).toHaveLength(1);
    expect(p.smtp.messages[0].to).toEqual([DISTROS]);
    const mail = await simpleParser(p.smtp.messages[0].raw);
    expect(mail.subject).toContain('[vs]');
    expect(mail.attachments.map((a) => a.filename)).toContain('umask.patch');

    const file = path.join(root, 'advisories', `${ID}.md`);
    const data = parseAdvisory(file, await readFile(file, 'utf8')).data;
    expect(data.distros?.notified).toBe(NOTIFY_AT);
    expect(git(root, ['log', '-1', '--format=%s'])).toBe(`Notify distros of ${ID}`);
    expect(git(root, ['status', '--porcelain', '--', `advisories/${ID}.md`])).toBe('');
    const journal = JSON.parse(await readFile(path.join(root, '.disclose', 'journal', `${ID}.json`), 'utf8'));
    expect(journal.steps.distros.state).toBe('done');

    const again = await notify([ID, '--live'], root, at(NOTIFY_AT, DAY));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already-notified/);
    expect(p.smtp.messages).toHaveLength(1);
  });

  it('killed after sending, before recording: the re-run records it without sending twice', async () => {
    resetParties(p);
    const root = await rootWith(notYetNotified);
    const env = releaseEnv(p, { DISCLOSE_NOW: NOTIFY_AT });
    const killed = await runScript('notify-distros.ts', [ID, '--live'], root, env, 'distros:effect');
    expect(killed.signal).toBe('SIGKILL');
    expect(p.smtp.messages).toHaveLength(1);
    const refused = await runScript('notify-distros.ts', [ID, '--live'], root, env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/--confirm-sent/);
    // The responder checked with the list: it arrived.
    const confirmed = await runScript('notify-distros.ts', [ID, '--live', '--confirm-sent'], root, env);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(p.smtp.messages).toHaveLength(1);
    const file = path.join(root, 'advisories', `${ID}.md`);
    expect(parseAdvisory(file, await readFile(file, 'utf8')).data.distros?.notified).toBe(NOTIFY_AT);
  });
});

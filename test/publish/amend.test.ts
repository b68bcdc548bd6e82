// `npm run amend`, end to end against the real local parties: publish RSEC-2026-0004 live, add an
// `updates` entry, rehearse (nothing sent), send it live (one follow-up mail that verifies, one
// forum reply, the GHSA updated, the blog post edited), run again (nothing sent).
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyClearsigned } from '../../src/publish/signing.ts';
import { git } from '../support/git-repo.ts';
import { at, createRoot, EMBARGO, ID, publish, releaseEnv, runScript, startParties, type Parties } from './harness.ts';
import type { ReleaseRoot } from '../support/git-repo.ts';

// Timestamps after the test repository's embargo (yesterday 17:00 UTC) and before the system
// clock: a live amend refuses a DISCLOSE_NOW ahead of it.
const MIN = 60_000;
const UPDATE_AT = at(EMBARGO, 60 * MIN);
const SECOND_AT = at(EMBARGO, 150 * MIN);
const THIRD_AT = at(EMBARGO, 210 * MIN);
const WITHDRAWN_AT = at(EMBARGO, 270 * MIN);
const NOTE = 'rivet-pkg 0.9.3 also fixes the same flaw for symbolic links inside archives.';
/** The day after the release, after the update was written. */
/** The update's timestamp as Message-IDs and journal keys carry it: 20261209T1000Z. */
function stampOf(t: string): string {
  return t.replace(/[-:]/g, '').replace(/\d{2}Z$/, 'Z');
}
const AMEND_NOW = at(EMBARGO, 120 * MIN);
const LIST = 'security-announce@lists.rivet-lang.org';
const OSS = 'oss-security@lists.openwall.com';

let p: Parties;
let root: ReleaseRoot;

function amend(args: string[], env: NodeJS.ProcessEnv) {
  return runScript('amend.ts', args, root.dir, env);
}

function counts() {
  return {
    mails: p.smtp.messages.length,
    topics: p.discourse.topics.length,
    replies: p.discourse.replies.length,
    advisories: p.github.advisories.length,
    description: String(p.github.advisories[0]?.body.description ?? ''),
    blogCommits: p.blog.commitsOn('security-advisory').length,
  };
}

beforeAll(async () => {
  p = await startParties();
  root = await createRoot(p);
  const r = await publish([ID, '--live'], root.dir, releaseEnv(p));
  if (r.code !== 0) throw new Error(`publish failed: ${r.stderr}`);
});
afterAll(async () => {
  await root?.cleanup();
  await p?.close();
});

describe('amend', () => {
  it('refuses (exit 3, nothing sent) without updates, and for an advisory that is not published', async () => {
    const before = counts();
    const none = await amend([ID, '--live'], releaseEnv(p, { DISCLOSE_NOW: AMEND_NOW }));
    expect(none.code, none.stderr).toBe(3);
    expect(none.stderr).toMatch(/updates: there is nothing to amend/);
    const draft = await amend(['RSEC-2026-0005', '--live', '--json'], releaseEnv(p, { DISCLOSE_NOW: AMEND_NOW }));
    expect(draft.code).toBe(3);
    expect(JSON.parse(draft.stdout)).toMatchObject({ exitCode: 3, error: expect.stringMatching(/is draft: amend sends updates of a published or withdrawn advisory/) });
    const usage = await amend([ID, '--confirm-resend', 'distros'], releaseEnv(p));
    expect(usage.code).toBe(2);
    expect(counts()).toEqual(before);
  });

  it('rehearses by default into outbox/<ID>/amend-1/, sending nothing', async () => {
    // The responder writes the amendment into the advisory and commits it.
    const file = path.join(root.dir, 'advisories', `${ID}.md`);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^status: published$/m);
    await writeFile(file, text.replace(/^status: published$/m, `status: published\nupdates:\n  - at: "${UPDATE_AT}"\n    note: ${NOTE}`));
    git(root.dir, ['commit', '--quiet', '-am', `Amend ${ID}`]);

    const before = counts();
    const r = await amend([ID, '--json'], releaseEnv(p, { DISCLOSE_NOW: AMEND_NOW }));
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ status: 'rehearsed', update: { index: 1, at: UPDATE_AT, note: NOTE } });
    expect(result.steps.map((s: { id: string }) => s.id)).toEqual(['announce', 'blog', 'forum', 'ghsa', 'oss-security']);
    const outbox = path.join(root.dir, 'outbox', ID, 'amend-1');
    const files = await readdir(outbox);
    expect(files).toEqual(expect.arrayContaining(['01-announce-followup.eml', `01-${ID}.txt.asc`, '03-forum.requests.json', '04-ghsa.request.json', '05-oss-security-followup.eml', 'amend.txt']));
    const eml = await simpleParser(await readFile(path.join(outbox, '01-announce-followup.eml')));
    expect(eml.inReplyTo).toBe(`<${ID}.announce@security.rivet-lang.org>`);
    expect((await verifyClearsigned(String(eml.text), p.key.armoredPublicKey, new Date(AMEND_NOW))).valid).toBe(true);
    const forum = JSON.parse(await readFile(path.join(outbox, '03-forum.requests.json'), 'utf8'));
    expect(forum[1].headers['Api-Key']).toBe('<DISCOURSE_API_KEY>');
    expect(forum[1].body.raw).toContain(NOTE);
    expect(JSON.stringify(forum)).not.toContain(p.discourse.apiKey);
    expect(counts()).toEqual(before);
    // Nothing was journaled: a rehearsal is not a send.
    expect(await readdir(path.join(root.dir, '.disclose', 'journal'))).not.toContain(`${ID}.amend-1.json`);
  });

  it('sends the update once to every channel, and a second run sends nothing', async () => {
    const before = counts();
    const env = releaseEnv(p, { DISCLOSE_NOW: AMEND_NOW });
    const r = await amend([ID, '--live', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.status).toBe('amended');
    expect(result.steps.map((s: { result: string }) => s.result)).toEqual(['done', 'done', 'done', 'done', 'done']);

    // Mail: exactly one follow-up to each list, threaded under the original, signed.
    const fresh = p.smtp.messages.slice(before.mails);
    expect(fresh).toHaveLength(2);
    const list = fresh.filter((m) => m.to.includes(LIST));
    expect(list).toHaveLength(1);
    expect(list[0].messageId).toBe(`<${ID}.announce.update-${stampOf(UPDATE_AT)}@security.rivet-lang.org>`);
    const mail = await simpleParser(list[0].raw);
    expect(mail.inReplyTo).toBe(`<${ID}.announce@security.rivet-lang.org>`);
    expect(mail.subject).toMatch(/^Re: \[Rivet security\]/);
    expect(String(mail.text)).toContain('rivet-pkg 0.9.3 also fixes');
    const body = await verifyClearsigned(String(mail.text), p.key.armoredPublicKey, new Date(AMEND_NOW));
    expect(body.valid, body.error).toBe(true);
    expect(mail.attachments.map((a) => a.filename)).toEqual([`${ID}.txt.asc`]);
    const attached = await verifyClearsigned(mail.attachments[0].content.toString('utf8'), p.key.armoredPublicKey, new Date(AMEND_NOW));
    expect(attached.valid, attached.error).toBe(true);
    expect(attached.text).toMatch(/## Updates|Updates/);
    // A changed byte in the received body does not verify: the check above is real.
    expect((await verifyClearsigned(String(mail.text).replace('0.9.3', '0.9.4'), p.key.armoredPublicKey, new Date(AMEND_NOW))).valid).toBe(false);
    const oss = await simpleParser(fresh.find((m) => m.to.includes(OSS))!.raw);
    expect(oss.inReplyTo).toBe(`<${ID}.oss-security@security.rivet-lang.org>`);

    // Forum: one reply in the advisory's topic, no new topic.
    expect(p.discourse.topics).toHaveLength(before.topics);
    expect(p.discourse.replies).toHaveLength(1);
    expect(p.discourse.replies[0].topicId).toBe(p.discourse.topics[0].id);
    expect(p.discourse.replies[0].raw).toContain(NOTE);

    // GHSA: the same advisory, its description now carrying the update (and still our marker).
    expect(p.github.advisories).toHaveLength(before.advisories);
    const description = String(p.github.advisories[0].body.description);
    expect(before.description).not.toContain(NOTE);
    expect(description).toContain(NOTE);
    expect(description).toContain(`<!-- disclose:${ID} -->`);
    expect(p.github.advisories[0].state).toBe('published');

    // Blog: the post edited in place, with the footer, in one new commit.
    expect(p.blog.commitsOn('security-advisory')).toHaveLength(before.blogCommits + 1);
    expect(p.blog.commitsOn('security-advisory')[0]).toBe(`Update security advisory ${ID} (${UPDATE_AT.slice(0, 10)})`);
    const posts = Object.entries(p.blog.filesOn('security-advisory')).filter(([f]) => f.includes(ID.toLowerCase()));
    expect(posts).toHaveLength(1);
    expect(posts[0][1]).toMatch(new RegExp(`\\*Updated on ${UPDATE_AT.slice(0, 10)} ${UPDATE_AT.slice(11, 16)} UTC:\\* rivet-pkg 0\\.9\\.3`));

    expect(p.github.invalidRequests).toEqual([]);
    expect(p.github.invalidResponses).toEqual([]);
    expect(p.discourse.invalidRequests).toEqual([]);
    expect(p.discourse.invalidResponses).toEqual([]);

    // The journal of this amendment, every step done.
    const journal = JSON.parse(await readFile(path.join(root.dir, '.disclose', 'journal', `${ID}.amend-1.json`), 'utf8'));
    for (const s of ['announce', 'blog', 'forum', 'ghsa', 'oss-security']) expect(journal.steps[s].state).toBe('done');
    expect(journal.steps.forum.key).toBe(`${ID}#update-${stampOf(UPDATE_AT)}`);

    // Again: nothing new anywhere, exit 0, "already sent".
    const after = counts();
    const again = await amend([ID, '--live'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/already sent/);
    expect(counts()).toEqual(after);

    // --status shows it.
    const status = await amend([ID, '--status', '--json'], env);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.amendments).toHaveLength(1);
    expect(report.amendments[0].steps.map((s: { state: string }) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
  });

  it('a newer update entry is a new amendment (amend-2), sent once more to every channel', async () => {
    const file = path.join(root.dir, 'advisories', `${ID}.md`);
    const text = await readFile(file, 'utf8');
    const second = 'The CVSS vector was corrected.';
    await writeFile(file, text.replace(`    note: ${NOTE}\n`, `    note: ${NOTE}\n  - at: "${SECOND_AT}"\n    note: ${second}\n`));
    git(root.dir, ['commit', '--quiet', '-am', `Amend ${ID} again`]);
    const before = counts();
    const r = await amend([ID, '--live', '--json'], releaseEnv(p, { DISCLOSE_NOW: at(SECOND_AT, 30 * MIN) }));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'amended', update: { index: 2, at: SECOND_AT } });
    const fresh = p.smtp.messages.slice(before.mails);
    expect(fresh.map((m) => m.messageId).sort()).toEqual([
      `<${ID}.announce.update-${stampOf(SECOND_AT)}@security.rivet-lang.org>`,
      `<${ID}.oss-security.update-${stampOf(SECOND_AT)}@security.rivet-lang.org>`,
    ]);
    expect(p.discourse.replies).toHaveLength(before.replies + 1);
    expect(p.discourse.replies.at(-1)!.raw).toContain(second);
    expect(String(p.github.advisories[0].body.description)).toContain(second);
    expect(p.blog.commitsOn('security-advisory')).toHaveLength(before.blogCommits + 1);
    const status = JSON.parse((await amend([ID, '--status', '--json'], releaseEnv(p))).stdout);
    expect(status.amendments.map((a: { index: number }) => a.index)).toEqual([1, 2]);
  });

  it('a run killed after journaling the forum reply refuses to guess, and resumes on the responder\'s word', async () => {
    const file = path.join(root.dir, 'advisories', `${ID}.md`);
    const third = 'Debian and Fedora have shipped fixed packages.';
    await writeFile(file, (await readFile(file, 'utf8')).replace(new RegExp(`(  - at: "${SECOND_AT}"\\n    note: .*\\n)`), `$1  - at: "${THIRD_AT}"\n    note: ${third}\n`));
    git(root.dir, ['commit', '--quiet', '-am', `Amend ${ID} a third time`]);
    const env = releaseEnv(p, { DISCLOSE_NOW: at(THIRD_AT, 30 * MIN) });
    const before = counts();
    const killed = await runScript('amend.ts', [ID, '--live'], root.dir, env, 'amend-forum:started');
    expect(killed.killedAt).toBe('amend-forum:started');
    expect(p.smtp.messages.length).toBe(before.mails + 1); // the list follow-up went out before
    expect(p.discourse.replies).toHaveLength(before.replies);

    const refused = await amend([ID, '--live'], env);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/--confirm-resend forum/);
    expect(p.smtp.messages.length).toBe(before.mails + 1);

    const resumed = await amend([ID, '--live', '--confirm-resend', 'forum'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/announce\s+already-done/);
    // One list mail in all (not resent), one oss-security mail, one reply.
    expect(p.smtp.messages.length).toBe(before.mails + 2);
    expect(p.discourse.replies).toHaveLength(before.replies + 1);
    expect(p.discourse.replies.at(-1)!.raw).toContain(third);
  });

  it('a withdrawal is amended too; GitHub cannot mark it withdrawn, and the responder is told', async () => {
    const file = path.join(root.dir, 'advisories', `${ID}.md`);
    const why = 'The flaw cannot be reached: rivet-pkg never extracts as another user.';
    const text = (await readFile(file, 'utf8')).replace(/^status: published$/m, 'status: withdrawn').replace(new RegExp(`(  - at: "${THIRD_AT}"\\n    note: .*\\n)`), `$1  - at: "${WITHDRAWN_AT}"\n    note: "${why}"\n`);
    await writeFile(file, text);
    git(root.dir, ['commit', '--quiet', '-am', `Withdraw ${ID}`]);
    const before = counts();
    const r = await amend([ID], releaseEnv(p, { DISCLOSE_NOW: at(WITHDRAWN_AT, 30 * MIN) }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/GitHub's API cannot withdraw a repository advisory/);
    const request = JSON.parse(await readFile(path.join(root.dir, 'outbox', ID, 'amend-4', '04-ghsa.request.json'), 'utf8'));
    expect(request.method).toBe('PATCH');
    expect(request.url).toContain(p.github.advisories[0].ghsa_id);
    expect(request.body.description).toMatch(/withdrawn/);
    expect(counts()).toEqual(before);
  });
});

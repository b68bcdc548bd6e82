// The main path, end to end, as a responder runs it: rehearsal (nothing sent), --test-to, the live
// publish against the real local parties, the write-back commit, a second run that does nothing.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../src/advisory/parse.ts';
import { validateFiles } from '../../src/advisory/validate.ts';
import { loadConfig } from '../../src/config/load.ts';
import { parsePublicKeys, verifyMessage } from '../../src/crypto/index.ts';
import { verifyClearsigned } from '../../src/publish/signing.ts';
import { git } from '../support/git-repo.ts';
import { AFTER_EMBARGO, BEFORE_EMBARGO, createRoot, EMBARGO, PROJECT, shiftTimestamps, ID, publish, releaseEnv, startParties, type Parties, expectNothingDelivered } from './harness.ts';

let p: Parties;
const AT = new Date(AFTER_EMBARGO);

function diffLines(a: string, b: string): { added: string[]; removed: string[] } {
  const left = a.split('\n');
  const right = b.split('\n');
  return { removed: left.filter((l) => !right.includes(l)), added: right.filter((l) => !left.includes(l)) };
}

beforeAll(async () => {
  p = await startParties();
});
afterAll(async () => {
  await p?.close();
});


describe('publish', () => {
  it('exits 2 on usage errors, with a hint', async () => {
    const root = await createRoot(p);
    const none = await publish([], root.dir, releaseEnv(p));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give exactly one advisory id/);
    const bad = await publish([ID, '--confirm-resend', 'annouce'], root.dir, releaseEnv(p));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown step "annouce" — steps are announce, announce-url/);
    const both = await publish([ID, '--live', '--dry-run'], root.dir, releaseEnv(p));
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--dry-run and --live contradict each other/);
    const flag = await publish([ID, '--lvie'], root.dir, releaseEnv(p));
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/npm run publish -- --help/);
    expectNothingDelivered(p);
    await root.cleanup();
  });

  it('refuses before the embargo, with the time to go, and sends nothing', async () => {
    const root = await createRoot(p);
    const r = await publish([ID, '--live'], root.dir, releaseEnv(p, { DISCLOSE_NOW: BEFORE_EMBARGO }));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`the embargo has not lifted: it ends at ${new Date(EMBARGO).toISOString()}, it is now ${new Date(BEFORE_EMBARGO).toISOString()} (1 h 0 min to go)`);
    const json = await publish([ID, '--json'], root.dir, releaseEnv(p, { DISCLOSE_NOW: BEFORE_EMBARGO }));
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: ID, exitCode: 3, error: expect.stringMatching(/embargo has not lifted/) });
    expectNothingDelivered(p);
    await root.cleanup();
  });

  it('rehearses by default: writes the outbox and the plan, sends nothing', async () => {
    const root = await createRoot(p);
    const status = await publish([ID, '--status'], root.dir, releaseEnv(p));
    expect(status.stdout).toMatch(/no journal yet/);
    const r = await publish([ID, '--dry-run', '--json'], root.dir, releaseEnv(p));
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.status).toBe('rehearsed');
    expect(result.steps.map((s: { id: string }) => s.id)).toEqual(['announce', 'announce-url', 'blog', 'forum', 'ghsa', 'oss-security', 'finalize']);
    const outbox = path.join(root.dir, 'outbox', ID, 'rehearsal');
    const files = await readdir(outbox);
    expect(files).toEqual(expect.arrayContaining(['01-announce.eml', `01-${ID}.txt.asc`, '04-forum.request.json', '05-ghsa.requests.json', '06-oss-security.eml', 'plan.txt']));
    const signed = await readFile(path.join(outbox, `01-${ID}.txt.asc`), 'utf8');
    expect((await verifyClearsigned(signed, p.key.armoredPublicKey, AT)).valid).toBe(true);
    const plan = await readFile(path.join(outbox, 'plan.txt'), 'utf8');
    expect(plan).toMatch(new RegExp(`${AFTER_EMBARGO.slice(0, 10)} 17:05 UTC \\(\\d{2}:05 Europe/Berlin\\)\\s+announce`));
    const forum = JSON.parse(await readFile(path.join(outbox, '04-forum.request.json'), 'utf8'));
    expect(forum.headers['Api-Key']).toBe('<DISCOURSE_API_KEY>');
    expect(forum.body.external_id).toBe(ID);
    expectNothingDelivered(p);
    await root.cleanup();
  });

  it('--test-to sends only the signed announcement, whose received bytes verify', async () => {
    const root = await createRoot(p);
    const r = await publish([ID, '--test-to', 'teammate@example.invalid'], root.dir, releaseEnv(p));
    expect(r.code, r.stderr).toBe(0);
    expect(p.smtp.messages).toHaveLength(1);
    const received = p.smtp.messages[0];
    expect(received.to).toEqual(['teammate@example.invalid']);
    const mail = await simpleParser(received.raw);
    expect((await verifyClearsigned(String(mail.text), p.key.armoredPublicKey, AT)).valid).toBe(true);
    const asc = mail.attachments.find((a) => a.filename === `${ID}.txt.asc`);
    expect(asc).toBeDefined();
    expect((await verifyClearsigned(asc!.content.toString('utf8'), p.key.armoredPublicKey, AT)).valid).toBe(true);
    // A one-character change in the received text breaks it: the check is real.
    const tampered = String(mail.text).replace('umask', 'umasK');
    expect((await verifyClearsigned(tampered, p.key.armoredPublicKey, AT)).valid).toBe(false);
    expect(p.github.advisories).toHaveLength(0);
    expect(p.discourse.topics).toHaveLength(0);
    p.smtp.messages.length = 0;
    await root.cleanup();
  });

  it('--pgp-mime --test-to sends a multipart/signed mail that verifies as received', async () => {
    const root = await createRoot(p);
    const r = await publish([ID, '--test-to', 'teammate@example.invalid', '--pgp-mime'], root.dir, releaseEnv(p));
    expect(r.code, r.stderr).toBe(0);
    expect(p.smtp.messages).toHaveLength(1);
    const raw = p.smtp.messages[0].raw;
    expect(raw.toString('latin1')).toMatch(/Content-Type: multipart\/signed; micalg=pgp-sha\d+;\r\n protocol="application\/pgp-signature"/);
    const keys = await parsePublicKeys(p.key.armoredPublicKey);
    const check = await verifyMessage(raw, keys, { date: AT });
    expect(check.format).toBe('pgp-mime');
    expect(check.valid, check.message).toBe(true);
    // Changing one byte of the signed part (the body, not the outer headers) breaks it.
    const text = raw.toString('latin1');
    const body = text.indexOf('\r\n\r\n');
    expect(text.indexOf('Windows', body)).toBeGreaterThan(body);
    const tampered = Buffer.from(text.slice(0, body) + text.slice(body).replace('Windows', 'Windowz'), 'latin1');
    expect((await verifyMessage(tampered, keys, { date: AT })).valid).toBe(false);
    p.smtp.messages.length = 0;
    await root.cleanup();
  });

  it('publishes live to every channel once, in order, writes the result back and commits it', async () => {
    const root = await createRoot(p);
    const env = releaseEnv(p);
    const r = await publish([ID, '--live', '--json'], root.dir, env);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.status).toBe('published');

    // Exactly one of each.
    const announce = p.smtp.messages.filter((m) => m.to.includes('security-announce@lists.rivet-lang.org'));
    const oss = p.smtp.messages.filter((m) => m.to.includes('oss-security@lists.openwall.com'));
    expect(announce).toHaveLength(1);
    expect(oss).toHaveLength(1);
    expect(p.smtp.messages).toHaveLength(2);
    expect(p.discourse.topics).toHaveLength(1);
    expect(p.github.advisories).toHaveLength(1);
    expect(p.github.advisories[0].state).toBe('published');
    expect(p.blog.commitsOn('security-advisory')).toHaveLength(2); // initial + the post

    // Every request validated against the vendored OpenAPI descriptions, and so did the answers.
    expect(p.github.invalidRequests).toEqual([]);
    expect(p.github.invalidResponses).toEqual([]);
    expect(p.discourse.invalidRequests).toEqual([]);
    expect(p.discourse.invalidResponses).toEqual([]);

    // In the spec's order: announce → blog → forum → ghsa → oss-security.
    expect(announce[0].at < p.discourse.topics[0].at).toBe(true);
    expect(p.discourse.topics[0].at < p.github.advisories[0].created).toBe(true);
    expect(p.github.advisories[0].published! < oss[0].at).toBe(true);
    const journal = JSON.parse(await readFile(path.join(root.dir, '.disclose', 'journal', `${ID}.json`), 'utf8'));
    const order = ['announce', 'announce-url', 'blog', 'forum', 'ghsa', 'oss-security', 'finalize'];
    const finished = order.map((s) => Date.parse(journal.steps[s].finishedAt));
    expect([...finished].sort((a, b) => a - b)).toEqual(finished);
    for (const s of order) expect(journal.steps[s].state).toBe('done');

    // The announcement: deterministic Message-ID, signed body, signed attachment.
    expect(announce[0].messageId).toBe(`<${ID}.announce@security.rivet-lang.org>`);
    const mail = await simpleParser(announce[0].raw);
    expect((await verifyClearsigned(String(mail.text), p.key.armoredPublicKey, AT)).valid).toBe(true);
    // The signed copy replaces the renderer's plain copy: one attachment, signed.
    expect(mail.attachments.map((a) => a.filename)).toEqual([`${ID}.txt.asc`]);
    expect((await verifyClearsigned(mail.attachments[0].content.toString('utf8'), p.key.armoredPublicKey, AT)).valid).toBe(true);

    // Blog and forum link to the announcement's archive URL; GHSA to the blog post.
    const archiveUrl = p.smtp.archiveTemplate.replace('{message_id}', encodeURIComponent(`${ID}.announce@security.rivet-lang.org`));
    expect(p.discourse.topics[0].raw).toContain(archiveUrl);
    expect(p.discourse.topics[0].externalId).toBe(ID);
    const post = Object.entries(p.blog.filesOn('security-advisory')).find(([f]) => f.includes(ID.toLowerCase()));
    expect(post).toBeDefined();
    expect(post![1]).toContain(archiveUrl);
    expect(String(p.github.advisories[0].body.description)).toContain('https://blog.rivet-lang.org/');

    // The advisory now says published, with links and the GHSA id, and the rest is unchanged.
    const file = path.join(root.dir, 'advisories', `${ID}.md`);
    const after = await readFile(file, 'utf8');
    const data = parseAdvisory(file, after).data;
    expect(data.status).toBe('published');
    expect(data.ghsa).toBe(p.github.advisories[0].ghsa_id);
    expect(data.links?.announce).toBe(archiveUrl);
    expect(data.links?.forum).toMatch(new RegExp(`^${p.discourse.url}/t/`));
    expect(data.links?.ghsa).toContain(p.github.advisories[0].ghsa_id);
    expect(data.links?.blog).toMatch(/^https:\/\/blog\.rivet-lang\.org\//);
    const original = shiftTimestamps(await readFile(path.join(PROJECT, 'advisories', `${ID}.md`), 'utf8'));
    const bodyOf = (s: string) => s.split('\n---\n').slice(1).join('\n---\n');
    expect(bodyOf(after)).toBe(bodyOf(original));
    // Comments, order and the private block survive; only the publish fields changed.
    const changed = diffLines(original, after);
    expect(changed.removed).toEqual(['status: embargoed']);
    expect(changed.added).toEqual(expect.arrayContaining(['status: published', `ghsa: ${data.ghsa}`, 'links:']));
    expect(after.indexOf('ghsa:')).toBeGreaterThan(after.indexOf('cve:'));
    expect(after.indexOf('links:')).toBeLessThan(after.indexOf('private:'));
    // And it still validates, as published.
    const { findings } = await validateFiles([file], { config: await loadConfig(root.dir), now: AT, root: root.dir, parallelFrom: Infinity });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(git(root.dir, ['status', '--porcelain', '--', `advisories/${ID}.md`])).toBe('');
    expect(git(root.dir, ['log', '-1', '--format=%s'])).toBe(`Publish ${ID}: ${data.title}`);
    expect(git(root.dir, ['rev-parse', 'HEAD'])).toBe(journal.steps.finalize.evidence.commit);

    // A second run: already published, exit 0, nothing sent.
    const again = await publish([ID, '--live'], root.dir, env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/already-published/);
    expect(p.smtp.messages).toHaveLength(2);
    expect(p.discourse.topics).toHaveLength(1);
    expect(p.github.advisories).toHaveLength(1);

    // --status shows the journal.
    const status = await publish([ID, '--status', '--json'], root.dir, env);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.steps.map((s: { state: string }) => s.state)).toEqual(order.map(() => 'done'));
    await root.cleanup();
  });
});

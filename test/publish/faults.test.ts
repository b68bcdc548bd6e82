// Remote failures and refusals on release day: SMTP 4xx/5xx and a hanging server, GitHub and
// Discourse 5xx and timeouts, a wrong passphrase, the clock moved back between steps. Each gives a
// clear message and the right exit code, leaves a journal the next run resumes from, and in the
// end every channel has exactly one delivery. No secret appears in any output or file.
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/errors.ts';
import { silentReporter } from '../../src/publish/hooks.ts';
import { runPublish } from '../../src/publish/runner.ts';
import { AFTER_EMBARGO, at, BEFORE_EMBARGO, createRoot, EMBARGO, freshBlog, ID, publish, releaseEnv, resetParties, startParties, type CliResult, type Parties } from './harness.ts';

const DAY_BEFORE = at(EMBARGO, -24 * 3_600_000);

const ANNOUNCE = 'security-announce@lists.rivet-lang.org';
const OSS = 'oss-security@lists.openwall.com';
let p: Parties;
const outputs: string[] = [];
const roots: string[] = [];

async function run(args: string[], root: string, env: NodeJS.ProcessEnv, pause?: string): Promise<CliResult> {
  const r = await publish(args, root, env, pause);
  outputs.push(r.stdout, r.stderr);
  return r;
}

async function journal(root: string): Promise<{ steps: Record<string, { state: string; reason?: string; evidence?: Record<string, string> }> }> {
  return JSON.parse(await readFile(path.join(root, '.disclose', 'journal', `${ID}.json`), 'utf8'));
}

function expectExactlyOnce() {
  expect(p.smtp.messages.filter((m) => m.to.includes(ANNOUNCE))).toHaveLength(1);
  expect(p.smtp.messages.filter((m) => m.to.includes(OSS))).toHaveLength(1);
  expect(p.discourse.topics).toHaveLength(1);
  expect(p.github.advisories).toHaveLength(1);
  expect(p.github.advisories[0].state).toBe('published');
  expect(p.blog.commitsOn('security-advisory')).toHaveLength(2);
}

async function fresh(): Promise<string> {
  resetParties(p);
  await freshBlog(p);
  const root = await createRoot(p);
  roots.push(root.dir);
  return root.dir;
}

beforeAll(async () => {
  p = await startParties();
});
afterAll(async () => {
  await p?.close();
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

describe('publish when remotes fail', () => {
  it('SMTP 550 at DATA: exit 4, journal says refused (nothing accepted), a re-run sends it once', async () => {
    const root = await fresh();
    const env = releaseEnv(p);
    p.smtp.behave({ rejectData: 550 });
    const r = await run([ID, '--live'], root, env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/announce: the SMTP server refused the message at DATA: 550/);
    expect(r.stderr).toMatch(/re-run publish/);
    expect((await journal(root)).steps.announce.state).toBe('failed');
    p.smtp.behave({});
    const again = await run([ID, '--live'], root, env);
    expect(again.code, again.stderr).toBe(0);
    expectExactlyOnce();
  });

  it('SMTP 451 at RCPT for oss-security: exit 4 after the earlier steps, resumes from there', async () => {
    const root = await fresh();
    const env = releaseEnv(p);
    // Killed just before oss-security (the earlier steps are done), then the list's server says 451.
    const first = await run([ID, '--live'], root, env, 'oss-security:before');
    expect(first.signal).toBe('SIGKILL');
    p.smtp.behave({ rejectRcpt: 451 });
    const r = await run([ID, '--live'], root, env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/oss-security: the SMTP server refused the message at RCPT TO: 451/);
    const j = await journal(root);
    expect(j.steps.ghsa.state).toBe('done');
    expect(j.steps['oss-security'].state).toBe('failed');
    p.smtp.behave({});
    const again = await run([ID, '--live'], root, env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/announce: already done/);
    expectExactlyOnce();
  });

  it('SMTP server hangs: timeout, exit 4; the re-run asks the list archive and refuses to guess', async () => {
    const root = await fresh();
    const env = releaseEnv(p, { DISCLOSE_HTTP_TIMEOUT_MS: '1500' });
    p.smtp.behave({ hang: true });
    const r = await run([ID, '--live'], root, env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/SMTP delivery did not complete.*may or may not have accepted it/);
    p.smtp.behave({});
    const refused = await run([ID, '--live'], root, env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/the list archive does not have it/);
    expect(refused.stderr).toMatch(/--confirm-resend announce/);
    expect(p.smtp.messages).toHaveLength(0);
    const again = await run([ID, '--live', '--confirm-resend', 'announce'], root, env);
    expect(again.code, again.stderr).toBe(0);
    expectExactlyOnce();
  });

  it('GitHub 500 on create, then a timeout on publish: each exit 4, resumed without a second advisory', async () => {
    const root = await fresh();
    const env = releaseEnv(p, { DISCLOSE_HTTP_TIMEOUT_MS: '1500' });
    p.github.behave({ fail: { op: 'create', status: 500 } });
    const r = await run([ID, '--live'], root, env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/ghsa: GitHub create of the repository advisory answered 500/);
    p.github.behave({ hang: 'publish' });
    const r2 = await run([ID, '--live'], root, env);
    expect(r2.code).toBe(4);
    expect(r2.stderr).toMatch(/ghsa: GitHub publish of GHSA-\S+: no answer in time/);
    expect(p.github.advisories).toHaveLength(1);
    expect(p.github.advisories[0].state).toBe('draft');
    p.github.behave({});
    const again = await run([ID, '--live'], root, env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/ghsa: found on the remote/);
    expectExactlyOnce();
  });

  it('Discourse 502 and a hanging create: exit 4, then exactly one topic', async () => {
    const root = await fresh();
    const env = releaseEnv(p, { DISCLOSE_HTTP_TIMEOUT_MS: '1500' });
    p.discourse.behave({ fail: { op: 'create', status: 502 } });
    const r = await run([ID, '--live'], root, env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/forum: Discourse POST \/posts.json answered 502/);
    p.discourse.behave({ hang: 'create' });
    const r2 = await run([ID, '--live'], root, env);
    expect(r2.code).toBe(4);
    expect(r2.stderr).toMatch(/no answer within 1500 ms/);
    p.discourse.behave({});
    const again = await run([ID, '--live'], root, env);
    expect(again.code, again.stderr).toBe(0);
    expectExactlyOnce();
  });
});

describe('publish without a list archive', () => {
  it('stops after the announcement for its URL, resumes with --announce-url; an unknown send needs a person', async () => {
    resetParties(p);
    await freshBlog(p);
    const rootObj = await createRoot(p, { archive: false });
    roots.push(rootObj.dir);
    const root = rootObj.dir;
    const env = releaseEnv(p);
    const r = await run([ID, '--live'], root, env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/mail.archive_url is not set/);
    expect(r.stderr).toMatch(/re-run with --announce-url <url> \(the mail is not sent again\)/);
    expect(p.smtp.messages).toHaveLength(1);
    const url = 'https://lists.rivet-lang.org/archives/msg/4242';
    const again = await run([ID, '--live', '--announce-url', url], root, env);
    expect(again.code, again.stderr).toBe(0);
    expectExactlyOnce();
    expect(p.discourse.topics[0].raw).toContain(url);
  });

  it('killed after the SMTP server took the mail: refuses to guess, --confirm-sent records it', async () => {
    resetParties(p);
    await freshBlog(p);
    const rootObj = await createRoot(p, { archive: false });
    roots.push(rootObj.dir);
    const env = releaseEnv(p);
    const killed = await run([ID, '--live'], rootObj.dir, env, 'announce:effect');
    expect(killed.signal).toBe('SIGKILL');
    const refused = await run([ID, '--live', '--announce-url', 'https://lists.rivet-lang.org/m/1'], rootObj.dir, env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/<RSEC-2026-0004.announce@security.rivet-lang.org>/);
    expect(refused.stderr).toMatch(/--confirm-sent announce/);
    const done = await run([ID, '--live', '--announce-url', 'https://lists.rivet-lang.org/m/1', '--confirm-sent', 'announce'], rootObj.dir, env);
    expect(done.code, done.stderr).toBe(0);
    expectExactlyOnce();
  });
});

describe('publish refuses', () => {
  it('to resume a step whose key changed because the advisory changed', async () => {
    const root = await fresh();
    const env = releaseEnv(p);
    const killed = await run([ID, '--live'], root, env, 'blog:started');
    expect(killed.signal).toBe('SIGKILL');
    const file = path.join(root, 'advisories', `${ID}.md`);
    await writeFile(file, (await readFile(file, 'utf8')).replace(`embargo: "${EMBARGO}"`, `embargo: "${DAY_BEFORE}"`));
    const r = await run([ID, '--live'], root, env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`blog: the earlier run started it as security-advisory:content/posts/${EMBARGO.slice(0, 10)}-.* but the advisory now gives .*${DAY_BEFORE.slice(0, 10)}`));
    expect(p.blog.commitsOn('security-advisory')).toHaveLength(0);
  });

  it('a wrong passphrase: exit 3, says which variable, never the value; nothing sent', async () => {
    const root = await fresh();
    const env = releaseEnv(p, { DISCLOSE_SIGNING_PASSPHRASE: 'wrong-passphrase-Q7Z' });
    const r = await run([ID, '--live'], root, env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the passphrase in DISCLOSE_SIGNING_PASSPHRASE does not unlock key/);
    expect(r.stdout + r.stderr).not.toContain('wrong-passphrase-Q7Z');
    expect(p.smtp.messages).toHaveLength(0);
  });

  it('missing credentials: exit 3 naming each variable, nothing sent', async () => {
    const root = await fresh();
    const env = releaseEnv(p, { GITHUB_TOKEN: undefined, DISCOURSE_API_KEY: undefined });
    const r = await run([ID, '--live'], root, env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/GITHUB_TOKEN is not set — it is needed for ghsa/);
    expect(r.stderr).toMatch(/DISCOURSE_API_KEY is not set — it is needed for forum/);
    expect(p.smtp.messages).toHaveLength(0);
  });

  it('the clock moved back between steps: refused before the next send, journal resumable', async () => {
    const root = await fresh();
    const env = releaseEnv(p);
    await expect(
      runPublish({
        root,
        id: ID,
        mode: 'live',
        env,
        reporter: silentReporter,
        afterStep: (id) => {
          if (id === 'announce-url') env.DISCLOSE_NOW = BEFORE_EMBARGO;
        },
      }),
    ).rejects.toThrow(RefusedError);
    const j = await journal(root);
    expect(j.steps.announce.state).toBe('done');
    expect(j.steps.blog).toBeUndefined();
    expect(p.discourse.topics).toHaveLength(0);
    // A resumed run with the clock still wrong is refused in preflight, clearly.
    const early = await run([ID, '--live'], root, env);
    expect(early.code).toBe(3);
    expect(early.stderr).toMatch(/embargo has not lifted/);
    env.DISCLOSE_NOW = AFTER_EMBARGO;
    const again = await run([ID, '--live'], root, env);
    expect(again.code, again.stderr).toBe(0);
    expectExactlyOnce();
  });

  it('a second publish while one is running: refused by the lock', async () => {
    const root = await fresh();
    const env = releaseEnv(p);
    // The first process pauses (holding the lock) after journaling blog as started.
    const holder = publish([ID, '--live'], root, { ...env, DISCLOSE_TEST_PAUSE_AT: 'blog:started' });
    for (let i = 0; i < 400; i++) {
      const state = await journal(root).then((j) => j.steps.blog?.state, () => undefined);
      if (state === 'started') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const second = await run([ID, '--live'], root, env);
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(/another live run for RSEC-2026-0004 is running/);
    const lock = await readFile(path.join(root, '.disclose', 'journal', `${ID}.lock`), 'utf8');
    process.kill(Number(lock.split(' ')[0]), 'SIGKILL');
    expect((await holder).signal).toBe('SIGKILL');
    const again = await run([ID, '--live'], root, env);
    expect(again.code, again.stderr).toBe(0);
    expectExactlyOnce();
  });
});

describe('secrets', () => {
  it('appear in no output of any run above, nor in journals or outboxes', async () => {
    const secrets = [p.smtp.password, p.github.token, p.discourse.apiKey, p.key.passphrase];
    // A rehearsal and a --status too, with every secret set.
    const root = await fresh();
    const rehearsal = await run([ID, '--json'], root, releaseEnv(p));
    expect(rehearsal.code, rehearsal.stderr).toBe(0);
    const outbox = path.join(root, 'outbox', ID, 'rehearsal');
    for (const name of await readdir(outbox, { recursive: true })) {
      const text = await readFile(path.join(outbox, name), 'utf8').catch(() => '');
      for (const s of secrets) expect(text).not.toContain(s);
    }
    for (const s of secrets) expect(s.length).toBeGreaterThan(8);
    // The runs above did produce output (a grep over nothing would prove nothing).
    expect(outputs.join('').length).toBeGreaterThan(1000);
    for (const out of outputs) for (const s of secrets) expect(out).not.toContain(s);
    for (const root of roots) {
      const dir = path.join(root, '.disclose', 'journal');
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const text = await readFile(path.join(dir, name), 'utf8');
        for (const s of secrets) expect(text).not.toContain(s);
      }
    }
  });
});

// The crash matrix of amend and notify-distros (publish has its own, test/publish/crash-matrix):
// each runs as a real child process, is SIGKILLed at every pause point of every step (before,
// started, effect) and while a remote holds its answer, then is re-run the way a responder would.
// Whatever the kill point, each party ends with exactly one copy: counted at the SMTP server by
// Message-ID, in the forum's replies, the GitHub advisories and the blog's commits.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../src/advisory/parse.ts';
import { git } from '../support/git-repo.ts';
import type { ReleaseRoot } from '../support/git-repo.ts';
import { at, createRoot, EMBARGO, ID, publish, releaseEnv, resetParties, runScript, startParties, type CliResult, type Parties } from '../publish/harness.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const AMEND_STEPS = ['announce', 'blog', 'forum', 'ghsa', 'oss-security'];
const PHASES = ['before', 'started', 'effect'];

let p: Parties;
const figures: { command: string; point: string; runs: number; duplicates: number }[] = [];

beforeAll(async () => {
  p = await startParties();
});
afterAll(async () => {
  await p?.close();
  for (const command of ['amend', 'notify-distros']) {
    const rows = figures.filter((f) => f.command === command);
    console.log(`crash matrix ${command}: ${rows.length} kill points, ${rows.reduce((n, r) => n + r.duplicates, 0)} duplicates`);
  }
});

/** How many copies the SMTP server holds of each Message-ID (duplicates are copies beyond one). */
function duplicatesAtSmtp(): number {
  const seen = new Map<string, number>();
  for (const m of p.smtp.messages) seen.set(m.messageId ?? '', (seen.get(m.messageId ?? '') ?? 0) + 1);
  return [...seen.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
}

/**
 * Re-runs like a responder: a refusal to resend a step whose outcome nobody can tell is answered
 * by looking at the party (did it arrive?) and re-running with --confirm-sent or --confirm-resend.
 */
async function resume(run: (extra: string[]) => Promise<CliResult>, arrived: (step: string) => boolean, flag: (kind: 'sent' | 'resend', step: string) => string[]): Promise<number> {
  const extra: string[] = [];
  for (let n = 1; n <= 5; n++) {
    const r = await run(extra);
    if (r.code === 0) return n;
    const m = /--confirm-resend (\S+?)[;,.]?(\s|$)/.exec(r.stderr) ?? /--confirm-resend/.exec(r.stderr);
    if (r.code !== 3 || !m) throw new Error(`resume run ${n} failed with ${r.code}:\n${r.stderr}`);
    const step = m[1] ?? 'distros';
    extra.push(...flag(arrived(step) ? 'sent' : 'resend', step));
  }
  throw new Error('did not finish within 5 resumptions');
}

describe('amend survives SIGKILL at every point', () => {
  let root: ReleaseRoot;
  let n = 0;
  /** The advisory as publish left it, and the updates added so far (oldest first). */
  let published = '';
  const updates: string[] = [];
  beforeAll(async () => {
    resetParties(p);
    root = await createRoot(p);
    const r = await publish([ID, '--live'], root.dir, releaseEnv(p));
    if (r.code !== 0) throw new Error(`publish failed: ${r.stderr}`);
    published = await readFile(path.join(root.dir, 'advisories', `${ID}.md`), 'utf8');
  });
  afterAll(async () => {
    await root?.cleanup();
  });

  const points = [
    ...AMEND_STEPS.flatMap((s) => PHASES.map((phase) => ({ name: `amend-${s}:${phase}`, pause: `amend-${s}:${phase}` as string | undefined, hold: undefined as undefined | ((p: Parties) => () => boolean) }))),
    { name: 'announce follow-up: SMTP stored it, reply lost', pause: undefined, hold: (q: Parties) => (q.smtp.behave({ holdAfterStore: 'security-announce@lists.rivet-lang.org' }), () => q.smtp.messages.length > 0) },
  ];
  for (const point of points) {
    it(`killed at ${point.name}: each party gets the amendment exactly once`, async () => {
      // Each kill point amends a new `updates` entry (amend-<n>), on the same published advisory.
      n++;
      const updateAt = at(EMBARGO, (10 + n) * MIN);
      const note = `Amendment number ${n} of the crash matrix.`;
      const file = path.join(root.dir, 'advisories', `${ID}.md`);
      updates.push(`  - at: "${updateAt}"\n    note: ${note}\n`);
      await writeFile(file, published.replace(/^status: published$/m, `status: published\nupdates:\n${updates.join('').trimEnd()}`));
      git(root.dir, ['commit', '--quiet', '-am', `Amend ${ID} (${n})`]);
      p.smtp.messages.length = 0;
      const replies = p.discourse.replies.length;
      const commits = p.blog.commitsOn('security-advisory').length;
      const env = releaseEnv(p, { DISCLOSE_NOW: undefined });
      const killWhen = point.hold?.(p);
      const killed = await runScript('amend.ts', [ID, '--live'], root.dir, env, point.pause, killWhen);
      expect(killed.signal, `${point.name}: not killed\n${killed.stderr}`).toBe('SIGKILL');
      p.smtp.behave({});
      const stamp = updateAt.replace(/[-:]/g, '').replace(/\d{2}Z$/, 'Z');
      const runs = await resume(
        (extra) => runScript('amend.ts', [ID, '--live', ...extra], root.dir, env),
        (step) => (step === 'forum' ? p.discourse.replies.some((r) => r.raw.includes(note)) : p.smtp.messages.some((m) => (m.messageId ?? '').includes(`${step}.update-${stamp}`))),
        (kind, step) => [`--confirm-${kind}`, step],
      );
      const counts = {
        announce: p.smtp.messages.filter((m) => (m.messageId ?? '').includes(`announce.update-${stamp}`)).length,
        oss: p.smtp.messages.filter((m) => (m.messageId ?? '').includes(`oss-security.update-${stamp}`)).length,
        replies: p.discourse.replies.length - replies,
        ghsas: p.github.advisories.length,
        blogCommits: p.blog.commitsOn('security-advisory').length - commits,
      };
      const duplicates = duplicatesAtSmtp() + Math.max(0, counts.replies - 1) + Math.max(0, counts.ghsas - 1) + Math.max(0, counts.blogCommits - 1);
      figures.push({ command: 'amend', point: point.name, runs: runs + 1, duplicates });
      expect(counts).toEqual({ announce: 1, oss: 1, replies: 1, ghsas: 1, blogCommits: 1 });
      expect(duplicates).toBe(0);
      expect(String(p.github.advisories[0].body.description ?? '')).toContain(note);
    });
  }
});

describe('notify-distros survives SIGKILL at every point', () => {
  const NOTIFY_AT = at(EMBARGO, -10 * DAY);
  const points = [
    ...['distros', 'distros-record'].flatMap((s) => PHASES.map((phase) => ({ name: `${s}:${phase}`, pause: `${s}:${phase}` as string | undefined, hold: undefined as undefined | ((p: Parties) => () => boolean) }))),
    { name: 'distros: SMTP stored it, reply lost', pause: undefined, hold: (q: Parties) => (q.smtp.behave({ holdAfterStore: 'distros@vs.openwall.org' }), () => q.smtp.messages.length > 0) },
  ];
  for (const point of points) {
    it(`killed at ${point.name}: the list gets one mail, the advisory one commit`, async () => {
      resetParties(p);
      const root = await createRoot(p);
      const file = path.join(root.dir, 'advisories', `${ID}.md`);
      await writeFile(file, (await readFile(file, 'utf8')).replace(/^distros:\n  notified: .*\n/m, ''));
      git(root.dir, ['commit', '--quiet', '-am', 'not notified yet']);
      const env = releaseEnv(p, { DISCLOSE_NOW: NOTIFY_AT });
      const killed = await runScript('notify-distros.ts', [ID, '--live'], root.dir, env, point.pause, point.hold?.(p));
      expect(killed.signal, `${point.name}: not killed\n${killed.stderr}`).toBe('SIGKILL');
      p.smtp.behave({});
      const runs = await resume(
        (extra) => runScript('notify-distros.ts', [ID, '--live', ...extra], root.dir, env),
        () => p.smtp.messages.length > 0,
        (kind) => [`--confirm-${kind}`],
      );
      const commits = git(root.dir, ['log', '--format=%s']).split('\n').filter((s) => s === `Notify distros of ${ID}`).length;
      const duplicates = duplicatesAtSmtp() + Math.max(0, commits - 1);
      figures.push({ command: 'notify-distros', point: point.name, runs: runs + 1, duplicates });
      expect(p.smtp.messages).toHaveLength(1);
      expect(commits).toBe(1);
      expect(parseAdvisory(file, await readFile(file, 'utf8')).data.distros?.notified).toBeDefined();
      expect(git(root.dir, ['status', '--porcelain', '--', `advisories/${ID}.md`])).toBe('');
      await root.cleanup();
    });
  }
});

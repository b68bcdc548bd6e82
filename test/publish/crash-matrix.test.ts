// The crash matrix (issue 5, item 8): publish runs as a real child process and is SIGKILLed at
// every step boundary and in the middle of every side effect, then re-run the way a responder
// would. Whatever the kill point, every channel must end with exactly one message / post /
// advisory, in the spec's order, and the advisory committed as published.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../src/advisory/parse.ts';
import { git } from '../support/git-repo.ts';
import { createRoot, freshBlog, ID, publish, releaseEnv, resetParties, startParties, type CliResult, type Parties } from './harness.ts';

const ANNOUNCE = 'security-announce@lists.rivet-lang.org';
const OSS = 'oss-security@lists.openwall.com';
const STEPS = ['announce', 'announce-url', 'blog', 'forum', 'ghsa', 'oss-security', 'finalize'];

interface KillPoint {
  name: string;
  /** DISCLOSE_TEST_PAUSE_AT value: the process stops there and is killed. */
  pause?: string;
  /** Or: make a party perform the effect and hold its answer; kill once `done()` is true. */
  hold?: (p: Parties) => () => boolean;
}

const KILL_POINTS: KillPoint[] = [
  ...STEPS.flatMap((s) => ['before', 'started', 'effect'].map((phase) => ({ name: `${s}:${phase}`, pause: `${s}:${phase}` }))),
  { name: 'blog:committed (committed locally, not pushed)', pause: 'blog:committed' },
  { name: 'ghsa:created (created, not published)', pause: 'ghsa:created' },
  { name: 'finalize:written (written, not committed)', pause: 'finalize:written' },
  {
    name: 'announce: SMTP server stored it, reply lost',
    hold: (p) => {
      p.smtp.behave({ holdAfterStore: ANNOUNCE });
      return () => p.smtp.messages.some((m) => m.to.includes(ANNOUNCE));
    },
  },
  {
    name: 'forum: topic created, reply lost',
    hold: (p) => {
      p.discourse.behave({ holdAfterEffect: 'create' });
      return () => p.discourse.topics.length > 0;
    },
  },
  {
    name: 'ghsa: created, reply lost',
    hold: (p) => {
      p.github.behave({ holdAfterEffect: 'create' });
      return () => p.github.advisories.length > 0;
    },
  },
  {
    name: 'ghsa: published, reply lost',
    hold: (p) => {
      p.github.behave({ holdAfterEffect: 'publish' });
      return () => p.github.advisories[0]?.state === 'published';
    },
  },
  {
    name: 'oss-security: SMTP server stored it, reply lost',
    hold: (p) => {
      p.smtp.behave({ holdAfterStore: OSS });
      return () => p.smtp.messages.some((m) => m.to.includes(OSS));
    },
  },
];

let p: Parties;
const summary: { point: string; runs: number; confirmations: string[]; duplicates: number }[] = [];

beforeAll(async () => {
  p = await startParties();
});
afterAll(async () => {
  await p?.close();
  const dup = summary.reduce((n, s) => n + s.duplicates, 0);
  console.log(`crash matrix: ${summary.length} kill points, ${dup} duplicates\n${summary.map((s) => `  ${s.point}: ${s.runs} runs${s.confirmations.length ? `, operator: ${s.confirmations.join(' ')}` : ''}`).join('\n')}`);
});

/**
 * Re-runs publish like a responder: when it refuses to resend a mail whose outcome is unknown, the
 * "responder" looks at the list (here: the fake server's mailbox) and answers --confirm-sent or
 * --confirm-resend, as docs/publish.md tells them to.
 */
async function resume(root: string, env: NodeJS.ProcessEnv): Promise<{ runs: number; confirmations: string[]; last: CliResult }> {
  const confirmations: string[] = [];
  for (let run = 1; run <= 4; run++) {
    const r = await publish([ID, '--live', ...confirmations], root, env);
    if (r.code === 0) return { runs: run, confirmations, last: r };
    const m = /--confirm-resend (\S+);/.exec(r.stderr) ?? /--confirm-resend (\S+)/.exec(r.stderr);
    if (r.code !== 3 || !m) throw new Error(`resume run ${run} failed with ${r.code}:\n${r.stderr}`);
    const step = m[1];
    const list = step === 'announce' ? ANNOUNCE : OSS;
    const arrived = p.smtp.messages.some((msg) => msg.to.includes(list));
    confirmations.push(arrived ? '--confirm-sent' : '--confirm-resend', step);
  }
  throw new Error('publish did not finish within 4 resumptions');
}

describe('publish survives SIGKILL at every point', () => {
  for (const point of KILL_POINTS) {
    it(`killed at ${point.name}: every channel gets exactly one, in order`, async () => {
      resetParties(p);
      await freshBlog(p);
      const root = await createRoot(p);
      const env = releaseEnv(p);
      const killWhen = point.hold?.(p);
      const killed = await publish([ID, '--live'], root.dir, env, point.pause, killWhen);
      expect(killed.signal, `${point.name}: the run was not killed\n${killed.stderr}`).toBe('SIGKILL');
      p.smtp.behave({});
      p.github.behave({});
      p.discourse.behave({});

      const { runs, confirmations } = await resume(root.dir, env);

      const announce = p.smtp.messages.filter((m) => m.to.includes(ANNOUNCE));
      const oss = p.smtp.messages.filter((m) => m.to.includes(OSS));
      const posts = Object.keys(p.blog.filesOn('security-advisory')).filter((f) => f.includes(ID.toLowerCase()));
      const blogCommits = p.blog.commitsOn('security-advisory').length - 1;
      const counts = [announce.length, oss.length, p.discourse.topics.length, p.github.advisories.length, posts.length, blogCommits];
      summary.push({ point: point.name, runs: runs + 1, confirmations, duplicates: counts.reduce((n, c) => n + Math.max(0, c - 1), 0) });
      expect(counts, 'announce, oss-security, forum topics, GHSAs, blog posts, blog commits').toEqual([1, 1, 1, 1, 1, 1]);
      expect(p.github.advisories[0].state).toBe('published');
      expect(announce[0].at < p.discourse.topics[0].at).toBe(true);
      expect(p.discourse.topics[0].at < p.github.advisories[0].created).toBe(true);
      expect(p.github.advisories[0].published! < oss[0].at).toBe(true);
      expect(p.github.invalidRequests).toEqual([]);
      expect(p.discourse.invalidRequests).toEqual([]);

      const file = path.join(root.dir, 'advisories', `${ID}.md`);
      const data = parseAdvisory(file, await readFile(file, 'utf8')).data;
      expect(data.status).toBe('published');
      expect(data.ghsa).toBe(p.github.advisories[0].ghsa_id);
      expect(git(root.dir, ['status', '--porcelain', '--', `advisories/${ID}.md`])).toBe('');
      expect(git(root.dir, ['log', '--format=%s']).split('\n').filter((s) => s.startsWith('Publish '))).toHaveLength(1);
      await root.cleanup();
    });
  }
});

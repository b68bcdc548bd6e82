// Everything a publish test needs: the real local parties (SMTP + list archive, GitHub, Discourse,
// a bare git blog repository), a throwaway signing key, a disclose repository root whose config
// points at those parties, and a way to run `node scripts/publish.ts` as a real child process,
// optionally stopping it at a pause point and SIGKILLing it there.
import { expect } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeDiscourse, type FakeDiscourse } from '../support/fake-discourse.ts';
import { startFakeGithub, type FakeGithub } from '../support/fake-github.ts';
import { startFakeSmtp, type FakeSmtp } from '../support/fake-smtp.ts';
import { createBareRepo, createReleaseRoot, git, GIT_ENV, type BareRepo, type ReleaseRoot } from '../support/git-repo.ts';
import { createTestKey, type TestKey } from '../support/keys.ts';

export const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const NODE = process.execPath;
export const ID = 'RSEC-2026-0004';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** RSEC-2026-0004's embargo as committed in advisories/. */
export const SAMPLE_EMBARGO = '2026-12-08T17:00:00Z';
/**
 * Its embargo in the test repositories: yesterday 17:00 UTC, computed at test time. A live send
 * refuses a DISCLOSE_NOW ahead of the system clock, so live runs in child processes need an
 * advisory whose embargo has really passed. Every timestamp of the advisory moves by the same
 * whole number of days (createRoot), so everything else about it stays as committed.
 */
export const EMBARGO = iso(Math.floor(Date.now() / DAY) * DAY - DAY + 17 * HOUR);
/** How far createRoot moved the sample's timestamps (whole days). */
export const SHIFT_MS = Date.parse(EMBARGO) - Date.parse(SAMPLE_EMBARGO);
/** Five minutes after the embargo (in the past of the system clock). */
export const AFTER_EMBARGO = at(EMBARGO, 5 * 60_000);
export const BEFORE_EMBARGO = at(EMBARGO, -HOUR);

/** ISO 8601 in UTC without milliseconds, as the advisory files write timestamps. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `base` moved by `ms`. */
export function at(base: string, ms: number): string {
  return iso(Date.parse(base) + ms);
}

/** A committed sample timestamp as it reads in the test repositories (moved by SHIFT_MS). */
export function shifted(sample: string): string {
  return at(sample, SHIFT_MS);
}

/** Moves every quoted timestamp of an advisory's text by SHIFT_MS. */
export function shiftTimestamps(text: string): string {
  return text.replace(/"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)"/g, (_, t: string) => `"${shifted(t)}"`);
}

export interface Parties {
  smtp: FakeSmtp;
  github: FakeGithub;
  discourse: FakeDiscourse;
  blog: BareRepo;
  key: TestKey;
  close(): Promise<void>;
}

export async function startParties(): Promise<Parties> {
  const [smtp, github, discourse, blog, key] = await Promise.all([
    startFakeSmtp(),
    startFakeGithub(),
    startFakeDiscourse(),
    createBareRepo(),
    createTestKey({ gpg: false }),
  ]);
  const parties: Parties = {
    smtp,
    github,
    discourse,
    blog,
    key,
    async close() {
      await Promise.all([smtp.close(), github.close(), discourse.close(), parties.blog.cleanup(), key.cleanup()]);
    },
  };
  return parties;
}

export function configText(p: Parties, overrides: { archive?: boolean; channels?: string } = {}): string {
  return `project:
  name: Rivet
  homepage: https://rivet-lang.org
id_prefix: RSEC
timezone: Europe/Berlin
signing:
  fingerprint: ${p.key.fingerprint}
  public_key: keys/team.asc
mail:
  from: Rivet Security Response <security@rivet-lang.org>
  announce: security-announce@lists.rivet-lang.org
  oss_security: oss-security@lists.openwall.com
  distros: distros@vs.openwall.org
  subject_prefix: "[Rivet security]"
  message_id_domain: security.rivet-lang.org
${overrides.archive === false ? '' : `  archive_url: ${p.smtp.archiveTemplate}\n`}blog:
  repository: ${p.blog.dir}
  branch: security-advisory
  posts_dir: content/posts
  base_url: https://blog.rivet-lang.org
  authors: [The Rivet Security Response Team]
forum:
  url: ${p.discourse.url}
  category: 4
  api_username: ${p.discourse.apiUsername}
github:
  repository: rivet-lang/rivet
  api_url: ${p.github.url}
site:
  title: Rivet security advisories
  base_url: https://security.rivet-lang.org
`;
}

/** A new, empty blog repository for the next scenario (the old one is removed). */
export async function freshBlog(p: Parties): Promise<void> {
  await p.blog.cleanup();
  p.blog = await createBareRepo();
}

/** Forgets what the parties received (a fresh release for the next scenario). */
export function resetParties(p: Parties): void {
  p.smtp.messages.length = 0;
  p.smtp.behave({});
  p.github.advisories.length = 0;
  p.github.invalidRequests.length = 0;
  p.github.invalidResponses.length = 0;
  p.github.behave({});
  p.discourse.topics.length = 0;
  p.discourse.invalidRequests.length = 0;
  p.discourse.invalidResponses.length = 0;
  p.discourse.behave({});
}

export async function createRoot(p: Parties, overrides: { archive?: boolean } = {}): Promise<ReleaseRoot> {
  const root = await createReleaseRoot({
    config: configText(p, overrides),
    publicKey: p.key.armoredPublicKey,
    advisories: [ID, 'RSEC-2026-0001', 'RSEC-2026-0002', 'RSEC-2026-0003', 'RSEC-2026-0005'],
    sourceDir: path.join(PROJECT, 'advisories'),
  });
  // The sample's embargo moved into the past of the system clock (see EMBARGO).
  const file = path.join(root.dir, 'advisories', `${ID}.md`);
  await writeFile(file, shiftTimestamps(await readFile(file, 'utf8')));
  git(root.dir, ['commit', '--quiet', '--amend', '--no-edit', '--all']);
  return root;
}

/** The environment of a release-day shell: secrets, clock, git identity. */
export function releaseEnv(p: Parties, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    ...GIT_ENV,
    DISCLOSE_NOW: AFTER_EMBARGO,
    DISCLOSE_SMTP_URL: p.smtp.url,
    GITHUB_TOKEN: p.github.token,
    DISCOURSE_API_KEY: p.discourse.apiKey,
    ...p.key.env,
    DISCLOSE_HTTP_TIMEOUT_MS: '3000',
    ...extra,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The pause point the process was killed at, when it was. */
  killedAt?: string;
}

/**
 * Runs `node <script> args…` in `cwd`. With `killAtPause`, waits for the process to report that
 * it paused (DISCLOSE_TEST_PAUSE_AT) and SIGKILLs it there; if it exits first, that is returned.
 */
export function runScript(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, killAtPause?: string, killWhen?: () => boolean): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [path.join(PROJECT, 'scripts', script), ...args], {
      cwd,
      env: killAtPause ? { ...env, DISCLOSE_TEST_PAUSE_AT: killAtPause } : env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killedAt: string | undefined;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      if (killAtPause && !killedAt && stderr.includes(`disclose: paused at ${killAtPause}`)) {
        killedAt = killAtPause;
        child.kill('SIGKILL');
      }
    });
    // A kill "in the middle of a side effect" on the remote's side: the party did it and holds its
    // answer; the test kills the client as soon as the party shows the effect.
    const poll = killWhen
      ? setInterval(() => {
          if (!killedAt && killWhen()) {
            killedAt = 'remote effect';
            child.kill('SIGKILL');
          }
        }, 20)
      : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (poll) clearInterval(poll);
      resolve({ code, signal, stdout, stderr, killedAt });
    });
  });
}

export function publish(args: string[], cwd: string, env: NodeJS.ProcessEnv, killAtPause?: string, killWhen?: () => boolean): Promise<CliResult> {
  return runScript('publish.ts', args, cwd, env, killAtPause, killWhen);
}

/** Asserts that no party received anything: no mail, no GHSA, no forum topic, no blog commit. */
export function expectNothingDelivered(p: Parties): void {
  expect(p.smtp.messages).toHaveLength(0);
  expect(p.github.advisories).toHaveLength(0);
  expect(p.discourse.topics).toHaveLength(0);
  expect(p.blog.commitsOn('security-advisory')).toEqual([]);
}

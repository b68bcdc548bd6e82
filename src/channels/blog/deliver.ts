// Delivery of the blog post: commit the post file to the team's blog repository on the configured
// branch and push it. Finding an existing delivery asks the remote branch itself, so a push whose
// outcome is unknown (killed, network gone) is checked before anything is pushed again.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import type { Payload } from '../types.ts';

const run = promisify(execFile);

export type GitFilePayload = Extract<Payload, { kind: 'git-file' }>;

export interface BlogTarget {
  /** Git URL or path of the blog repository. */
  repository: string;
  branch: string;
  /** Folder of posts inside the repository (a payload path without it is taken as relative to it). */
  postsDir: string;
  /** Used as the commit identity when git has none configured. */
  identity: { name: string; email: string };
}

export interface PostDelivered {
  commit: string;
  /** The repository path of the post file. */
  file: string;
  /** True when the post was already on the branch and nothing was pushed. */
  alreadyThere: boolean;
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, {
      cwd,
      // Never wait for a password prompt on release day: fail and say so instead.
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'echo', LC_ALL: 'C' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`git ${args[0]} failed: ${(err.stderr || err.message).trim().split('\n').slice(-3).join(' ')}`);
  }
}

/** The post's path in the repository. Renderers give it from the repository root (under posts_dir). */
export function postFile(target: BlogTarget, payload: GitFilePayload): string {
  const dir = target.postsDir.replace(/\/$/, '');
  return payload.path.startsWith(`${dir}/`) ? payload.path : path.posix.join(dir, payload.path);
}

/** The public URL of the post, from the Zola `path` in its TOML frontmatter. */
export function postUrl(baseUrl: string, payload: GitFilePayload): string {
  const m = /^\+\+\+\r?\n([\s\S]*?)\r?\n\+\+\+/.exec(payload.content);
  let slugPath: string | undefined;
  if (m) {
    const front = parseToml(m[1]) as { path?: unknown };
    if (typeof front.path === 'string') slugPath = front.path;
  }
  slugPath ??= payload.path.replace(/\.md$/, '');
  return `${baseUrl.replace(/\/$/, '')}/${slugPath.replace(/^\//, '')}/`;
}

/** True when the remote can be reached and listed (preflight). */
export async function repositoryReachable(repository: string): Promise<string | null> {
  try {
    await git(process.cwd(), ['ls-remote', '--heads', repository]);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

async function branchExists(dir: string, target: BlogTarget): Promise<boolean> {
  const out = await git(dir, ['ls-remote', '--heads', target.repository, `refs/heads/${target.branch}`]);
  return out.length > 0;
}

async function cloneInto(target: BlogTarget): Promise<{ dir: string; hasBranch: boolean }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'disclose-blog-'));
  const hasBranch = await branchExists(dir, target);
  const args = ['clone', '--quiet', '--no-tags'];
  if (hasBranch) args.push('--branch', target.branch, '--single-branch');
  await git(dir, [...args, target.repository, 'repo']);
  const repo = path.join(dir, 'repo');
  if (!hasBranch) await git(repo, ['checkout', '--quiet', '-B', target.branch]);
  return { dir: repo, hasBranch };
}

/**
 * The commit on the remote branch that holds the post file, or null when the branch does not have
 * it. (A file with the same path but other content still counts: it is this advisory's post.)
 */
export async function findPost(target: BlogTarget, payload: GitFilePayload): Promise<{ commit: string; sameContent: boolean } | null> {
  const { dir, hasBranch } = await cloneInto(target);
  try {
    if (!hasBranch) return null;
    return await findInClone(dir, target, payload);
  } finally {
    await rm(path.dirname(dir), { recursive: true, force: true });
  }
}

async function findInClone(dir: string, target: BlogTarget, payload: GitFilePayload): Promise<{ commit: string; sameContent: boolean } | null> {
  const file = postFile(target, payload);
  const commit = await git(dir, ['log', '-1', '--format=%H', '--', file]).catch(() => '');
  if (!commit) return null;
  const current = await readFile(path.join(dir, file), 'utf8').catch(() => null);
  if (current === null) return null; // added, then deleted again: not there now
  return { commit, sameContent: current === payload.content };
}

/**
 * Commits the post on the branch and pushes it. `beforePush` runs between commit and push (a test
 * hook point for "killed after committing locally"). If the branch already has the post, nothing is
 * pushed and its commit is returned.
 */
export async function pushPost(
  target: BlogTarget,
  payload: GitFilePayload,
  hooks: { beforePush?: () => Promise<void> } = {},
): Promise<PostDelivered> {
  const { dir, hasBranch } = await cloneInto(target);
  try {
    const file = postFile(target, payload);
    if (hasBranch) {
      const existing = await findInClone(dir, target, payload);
      if (existing) return { commit: existing.commit, file, alreadyThere: true };
    }
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    const commit = await commitAndPush(dir, target, file, payload, hooks.beforePush);
    return { commit, file, alreadyThere: false };
  } finally {
    await rm(path.dirname(dir), { recursive: true, force: true });
  }
}

/**
 * Writes the post into the clone, commits it (with the configured identity when the clone has
 * none) and pushes the branch; returns the commit. `beforePush` is the crash tests' pause point
 * between a local commit and the push.
 */
async function commitAndPush(dir: string, target: BlogTarget, file: string, payload: GitFilePayload, beforePush?: () => Promise<void>): Promise<string> {
  await writeFile(path.join(dir, file), payload.content);
  await git(dir, ['add', '--', file]);
  const hasIdentity = await git(dir, ['config', '--get', 'user.email']).then(Boolean, () => false);
  const identity = hasIdentity ? [] : ['-c', `user.name=${target.identity.name}`, '-c', `user.email=${target.identity.email}`];
  await git(dir, [...identity, 'commit', '--quiet', '-m', payload.commitMessage, '--', file]);
  const commit = await git(dir, ['rev-parse', 'HEAD']);
  await beforePush?.();
  await git(dir, ['push', '--quiet', 'origin', `HEAD:refs/heads/${target.branch}`]);
  return commit;
}

/**
 * An amendment (spec §7): the post already on the branch is replaced by `payload.content` (the
 * same path, now with the "Updated on" footer), committed and pushed. When the branch already
 * holds exactly that content nothing is pushed, so a repeated or resumed amend is harmless.
 */
export async function editPost(target: BlogTarget, payload: GitFilePayload): Promise<PostDelivered> {
  const { dir, hasBranch } = await cloneInto(target);
  try {
    const file = postFile(target, payload);
    const existing = hasBranch ? await findInClone(dir, target, payload) : null;
    if (!existing) throw new Error(`the blog branch ${target.branch} has no ${file} to update — was the advisory published to the blog?`);
    if (existing.sameContent) return { commit: existing.commit, file, alreadyThere: true };
    const commit = await commitAndPush(dir, target, file, payload);
    return { commit, file, alreadyThere: false };
  } finally {
    await rm(path.dirname(dir), { recursive: true, force: true });
  }
}

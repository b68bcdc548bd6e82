// Real git repositories for tests: a bare "remote" for the blog (with a first commit on main, like
// a real blog), and a disclose repository root (config, advisories, the test key's public half)
// committed in a temp dir, so publish's write-back commit happens in a real repository.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Responder',
  GIT_AUTHOR_EMAIL: 'responder@example.invalid',
  GIT_COMMITTER_NAME: 'Test Responder',
  GIT_COMMITTER_EMAIL: 'responder@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV, LC_ALL: 'C' }, encoding: 'utf8' }).trim();
}

export interface BareRepo {
  dir: string;
  /** Files on a branch: path → content (empty when the branch does not exist). */
  filesOn(branch: string): Record<string, string>;
  /** Commit subjects on a branch, newest first. */
  commitsOn(branch: string): string[];
  cleanup(): Promise<void>;
}

export async function createBareRepo(prefix = 'disclose-blog-'): Promise<BareRepo> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const bare = path.join(dir, 'blog.git');
  const work = path.join(dir, 'seed');
  git(dir, ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  git(dir, ['init', '--quiet', '--initial-branch=main', work]);
  await mkdir(path.join(work, 'content', 'posts'), { recursive: true });
  await writeFile(path.join(work, 'content', 'posts', 'hello.md'), '+++\ntitle = "Hello"\n+++\n\nThe blog.\n');
  git(work, ['add', '.']);
  git(work, ['commit', '--quiet', '-m', 'Initial blog']);
  git(work, ['push', '--quiet', bare, 'main']);
  await rm(work, { recursive: true, force: true });
  const branchExists = (branch: string) => git(bare, ['branch', '--list', branch]) !== '';
  return {
    dir: bare,
    filesOn(branch) {
      if (!branchExists(branch)) return {};
      const out: Record<string, string> = {};
      for (const f of git(bare, ['ls-tree', '-r', '--name-only', branch]).split('\n').filter(Boolean)) {
        out[f] = git(bare, ['show', `${branch}:${f}`]);
      }
      return out;
    },
    commitsOn(branch) {
      if (!branchExists(branch)) return [];
      return git(bare, ['log', '--format=%s', branch]).split('\n').filter(Boolean);
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface ReleaseRoot {
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * A disclose repository in a temp dir: the given config text, the sample advisories (and their
 * attachment folders) copied from the project, the public key file, all committed.
 */
export async function createReleaseRoot(options: { config: string; publicKey: string; advisories: string[]; sourceDir: string }): Promise<ReleaseRoot> {
  const dir = mkdtempSync(path.join(tmpdir(), 'disclose-root-'));
  await mkdir(path.join(dir, 'advisories'), { recursive: true });
  await mkdir(path.join(dir, 'keys'), { recursive: true });
  for (const id of options.advisories) {
    await cp(path.join(options.sourceDir, `${id}.md`), path.join(dir, 'advisories', `${id}.md`));
    await cp(path.join(options.sourceDir, id), path.join(dir, 'advisories', id), { recursive: true }).catch(() => undefined);
  }
  await writeFile(path.join(dir, 'keys', 'team.asc'), options.publicKey);
  await writeFile(path.join(dir, 'disclose.config.yaml'), options.config);
  await writeFile(path.join(dir, '.gitignore'), '.disclose/\noutbox/\n');
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['add', '.']);
  git(dir, ['commit', '--quiet', '-m', 'Advisories']);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

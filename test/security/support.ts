// What the attack tests share: a throwaway copy of the sample repository, and our scripts run in it
// as real child processes with only the environment given (plus PATH and HOME).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');

const made: string[] = [];

/** A temp repository with the samples' advisories, keys and config. Removed by cleanupRepos(). */
export function sampleRepo(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'disclose-sec-'));
  made.push(root);
  for (const p of ['advisories', 'keys', 'disclose.config.yaml']) cpSync(path.join(REPO, p), path.join(root, p), { recursive: true });
  return root;
}

export function cleanupRepos(): void {
  for (const r of made.splice(0)) rmSync(r, { recursive: true, force: true });
}

export function runScript(root: string, script: string, args: readonly string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', `${script}.ts`), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out: `${r.stdout}\n${r.stderr}` };
}

/** Rewrites advisories/<id>.md in `root`; throws when the change changes nothing (a stale pattern). */
export function editAdvisory(root: string, id: string, change: (text: string) => string): void {
  const file = path.join(root, 'advisories', `${id}.md`);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${id} changed nothing: the test's pattern no longer matches the sample`);
  writeFileSync(file, after);
}

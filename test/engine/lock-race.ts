// Races N real processes on one lock left behind by a dead holder; returns what each reported.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockPath } from '../../src/engine/lock.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lock-child.ts');

/** The pid of a process that has exited (so the lock it "held" is stale). */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

export async function raceOnStaleLock(contenders: number, staleContent: string | null, holdMs = 1500): Promise<string[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'disclose-lock-'));
  const id = 'RSEC-2026-0004';
  const file = lockPath(root, id);
  await mkdir(path.dirname(file), { recursive: true });
  if (staleContent !== null) await writeFile(file, staleContent);
  const go = path.join(root, 'go');
  const children = Array.from({ length: contenders }, () =>
    new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, [CHILD, root, id, go, String(holdMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      c.stdout.on('data', (d: Buffer) => (out += d.toString()));
      c.stderr.on('data', (d: Buffer) => (err += d.toString()));
      c.on('error', reject);
      c.on('close', () => resolve(out.trim() || `error: ${err.trim()}`));
    }),
  );
  // Every child is started and polling before the signal, so they really race.
  await new Promise((r) => setTimeout(r, 1500));
  await writeFile(go, '');
  return Promise.all(children);
}

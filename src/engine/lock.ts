// One live send per advisory at a time: two would race each other into duplicates.
//
// The lock file is never empty: the holder writes "<pid> <nonce>" into a private temp file and
// link()s it to the lock path, which is atomic and fails with EEXIST when the lock is held. A lock
// whose holder is dead (killed) is taken over by an atomic compare-and-swap: rename it to a unique
// tomb (only one contender can move a given file), check the tomb holds exactly the dead content
// that was read, and put it back if not (it was a live holder's fresh lock). The holder checks its
// nonce before every side effect (`verify`), so a holder that lost the lock stops, fail closed.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RefusedError } from '../errors.ts';

export interface Lock {
  file: string;
  /** Throws RefusedError (exit 3) unless this process still holds the lock. */
  verify(): Promise<void>;
  release(): Promise<void>;
}

export function lockPath(root: string, id: string): string {
  return path.join(root, '.disclose', 'journal', `${id}.lock`);
}

function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Moves a dead holder's lock away only if it still holds `seen`; true when it was removed. */
async function takeOverDead(file: string, seen: string): Promise<boolean> {
  const tomb = `${file}.tomb.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    await rename(file, tomb);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; // another contender moved it first
    throw e;
  }
  const moved = await readFile(tomb, 'utf8');
  if (moved === seen) {
    await rm(tomb, { force: true });
    return true;
  }
  // We moved a live holder's fresh lock: put it back, unless yet another lock appeared meanwhile
  // (then that one wins, and the one we moved... cannot be restored without a race: its holder
  // finds it gone at its next verify() and stops, fail closed).
  await link(tomb, file).catch(() => undefined);
  await rm(tomb, { force: true });
  return false;
}

/**
 * Takes the lock of `id` (shared by publish, amend and notify-distros). `what` names the command
 * for the refusal message.
 */
export async function acquireLock(root: string, id: string, what = 'a live send'): Promise<Lock> {
  const file = lockPath(root, id);
  await mkdir(path.dirname(file), { recursive: true });
  const content = `${process.pid} ${randomBytes(16).toString('hex')}\n`;
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, content, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await link(tmp, file);
        return held(file, content, id);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const seen = await readLock(file);
      if (seen === null) continue; // released meanwhile: try again
      const pid = Number(seen.split(' ')[0]);
      if (isAlive(pid)) {
        throw new RefusedError(
          `another live run for ${id} is running (process ${pid}, lock ${file}) — wait for it, or stop it first; if no disclose command is running (the process id was reused), remove ${file}`,
        );
      }
      // The holder died (killed, crashed): its journal is consistent, so take over.
      await takeOverDead(file, seen);
    }
    throw new RefusedError(`could not take the lock ${file} for ${what}: too many contenders — try again`);
  } finally {
    await rm(tmp, { force: true });
  }
}

function held(file: string, content: string, id: string): Lock {
  return {
    file,
    async verify() {
      const now = await readLock(file);
      if (now !== content) {
        throw new RefusedError(`the lock ${file} of ${id} is no longer held by this run (another run took it over); stopped before the next side effect — check the journal with --status, then re-run`);
      }
    },
    async release() {
      // Remove only our own lock: one that was taken over belongs to someone else now.
      if ((await readLock(file)) === content) await rm(file, { force: true });
    },
  };
}

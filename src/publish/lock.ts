// One release-day process per advisory at a time: two would race each other into duplicates. The
// lock file holds the pid; a lock whose process is gone (killed) is taken over, because the
// journal it left is consistent.
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { RefusedError } from '../errors.ts';

export async function lock(root: string, id: string): Promise<() => Promise<void>> {
  const file = path.join(root, '.disclose', 'journal', `${id}.lock`);
  await mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      return () => rm(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      let alive = false;
      if (pid > 0) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch (err) {
          alive = (err as NodeJS.ErrnoException).code === 'EPERM';
        }
      }
      if (alive) throw new RefusedError(`another publish or notify-distros of ${id} is running (process ${pid}, lock ${file}) — wait for it, or stop it first; if no publish is running (the process id was reused), remove ${file}`);
      // The holder died (killed, crashed): its journal is consistent, so take over.
      await rm(file, { force: true });
    }
  }
  throw new RefusedError(`could not take the publish lock ${file}`);
}


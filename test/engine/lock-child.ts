// A contender for the lock, run as a real child process by test/engine/lock.test.ts and
// test/security/lock-race.test.ts: waits for the start signal (a file), tries to take the lock,
// holds it for a while, then checks it still owns it (as the engine does before every side effect).
// Prints one of: "held" (took it and still owns it), "lost" (took it, then found it gone: it
// would have stopped, exit 3), "refused" (another holder is alive).
import { existsSync } from 'node:fs';
import { acquireLock } from '../../src/engine/lock.ts';

const [root, id, go, holdMs] = process.argv.slice(2);
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 2));
let lock;
try {
  lock = await acquireLock(root, id, 'lock test');
} catch (e) {
  process.stdout.write(`refused ${(e as Error).message.split('\n')[0]}\n`);
  process.exit(0);
}
await new Promise((r) => setTimeout(r, Number(holdMs)));
try {
  await lock.verify();
  process.stdout.write('held\n');
} catch {
  process.stdout.write('lost\n');
}
await lock.release();

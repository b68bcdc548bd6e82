// The Markdown fast path (src/advisory/rules/body-facts.ts) must give the parser's answer on real
// advisory bodies: every body the importer makes from test/fixtures/real/, and bodies mixed from
// their lines with lines that sit on the fast path's edges (links next to code, brackets in link
// text, `<` and `&` in and out of code spans, labels with `_` and `.`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitAdvisory } from '../../src/advisory/parse.ts';
import { fastBodyFacts, parseBodyFacts } from '../../src/advisory/rules/body-facts.ts';
import { pick, prng } from '../advisory/helpers.ts';
import { freshRepo, importInto, REAL } from './support.ts';

const outcomes = await importInto(freshRepo(), [REAL], { missingSeverity: 'medium' });
const bodies = outcomes.flatMap((o) => (o.status === 'imported' ? [splitAdvisory(readFileSync(o.file, 'utf8'))!.body] : []));

const EDGES = [
  'See [the advisory](https://example.org/a) and [1].', 'A [link with `code`](https://example.org/x#y) here.', 'A [link with `[1]` in code](https://x.org) [1].',
  '[`odd](https://x.org)` tick', '[text](https://x.org/(paren)) ok', '[text](https://x.org/(a)(b)) two', '[text](<https://x.org>) angle', '[text](https://x.org "title")',
  '[text]( https://x.org) space', '[text](https://x.org)[1]', '[text][1] full', '[text][9] undefined full', '[1][] collapsed', '[Pipe_Mode] label', '[pipe_mode] lower',
  '[v0.1.0] dotted', '[_x_] underscored', '[a.b][pipe_mode] full', '![img](https://x.org/i.png)', '![x][1]', 'versions < 1.2 and >= 1.0', 'a `<b>` in code', 'a <b> tag', 'x <https://a.org> [t](https://b.org)',
  'client & server', 'amp &amp; entity', 'num &#91;1&#93;', 'code `a\\b` slash', 'esc \\[1] out', '`tick [1]` and [1]', '> quoted [link](https://q.org) [1]', '- item [2][1]',
  '[1]: https://example.org/one', '[pipe_mode]: https://example.org/pm', '[a.b]: https://example.org/ab', '', '', '## Overview', '```', 'let a = [1];',
];

describe('the fast path on real advisory bodies', () => {
  it('imports enough real bodies to mean something', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(60);
  });

  it('gives the parser\'s facts for every real body it answers, and answers for most', () => {
    let answered = 0;
    for (const body of bodies) {
      const fast = fastBodyFacts(body);
      if (fast) {
        answered++;
        expect(fast).toEqual(parseBodyFacts(body));
      }
    }
    expect(answered / bodies.length).toBeGreaterThan(0.8);
  });

  it('agrees with the parser on 5,000 bodies mixed from real lines and edge cases', () => {
    const realLines = bodies.flatMap((b) => b.split('\n'));
    const rand = prng(20261201);
    let answered = 0;
    for (let n = 0; n < 5_000; n++) {
      const lines = Array.from({ length: 2 + Math.floor(rand() * 12) }, () => (rand() < 0.5 ? pick(rand, realLines) : pick(rand, EDGES)));
      const body = `${lines.join('\n')}\n`;
      const fast = fastBodyFacts(body);
      if (fast) {
        answered++;
        expect(fast, JSON.stringify(body)).toEqual(parseBodyFacts(body));
      }
    }
    expect(answered).toBeGreaterThan(500);
    expect(answered).toBeLessThan(5_000);
  });
});

// The one-pass matchers must find exactly what the obvious quadratic search finds: checked on
// random texts over a small alphabet (so needles really do occur, overlap and repeat), with a
// seeded generator.
import { describe, expect, it } from 'vitest';
import { NeedleMatcher, PhraseMatcher } from '../../src/gate/matcher.ts';
import { prng } from '../support/prng.ts';

const random = prng(20261201);
const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');

describe('NeedleMatcher', () => {
  it('should find the same needles as includes() on 2,000 random texts', () => {
    for (let round = 0; round < 2000; round++) {
      const text = pick('abc -@.é', 1 + Math.floor(random() * 300));
      const needles = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, i) => ({ needle: pick('abc -@.é', 1 + Math.floor(random() * 9)), value: i }));
      const want = needles.filter((n) => text.includes(n.needle)).map((n) => n.value).sort((a, b) => a - b);
      const got = new NeedleMatcher(needles).find(text).sort((a, b) => a - b);
      expect(got, JSON.stringify({ text, needles })).toEqual(want);
    }
  });
});

describe('PhraseMatcher', () => {
  it('should find the same phrases as joining every window of words', () => {
    for (let round = 0; round < 500; round++) {
      const words = Array.from({ length: Math.floor(random() * 60) }, () => pick('ab', 1 + Math.floor(random() * 2)));
      const size = 2 + Math.floor(random() * 4);
      const phrases = new Map<string, number>();
      for (let i = 0; i < 6; i++) phrases.set(Array.from({ length: size }, () => pick('ab', 1 + Math.floor(random() * 2))).join(' '), i);
      const windows = new Set<string>();
      for (let i = 0; i + size <= words.length; i++) windows.add(words.slice(i, i + size).join(' '));
      const want = [...phrases].filter(([p]) => windows.has(p)).map(([, v]) => v).sort();
      expect(new PhraseMatcher(phrases, size).find(words).sort(), JSON.stringify({ words, phrases: [...phrases] })).toEqual(want);
    }
  });
});

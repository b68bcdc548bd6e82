import { describe, expect, it } from 'vitest';
import { GLUE, columns, isUnsafeLineStart, wrap } from '../../src/markdown/wrap.ts';

describe('wrap', () => {
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua';

  it('should fill lines greedily up to the width and never beyond', () => {
    const lines = wrap(words, 20);
    expect(lines.every((l) => columns(l) <= 20)).toBe(true);
    expect(lines.join(' ')).toBe(words);
    // Greedy: no line could have taken the next line's first word.
    for (let i = 0; i < lines.length - 1; i++) expect(columns(lines[i]) + 1 + columns(lines[i + 1].split(' ')[0])).toBeGreaterThan(20);
  });

  it('should count columns in code points, not bytes', () => {
    expect(columns('Dvořák')).toBe(6);
    expect(wrap('Marek Dvořák Marek Dvořák', 12)).toEqual(['Marek Dvořák', 'Marek Dvořák']);
  });

  it('should never start a wrapped line with "-", moving the previous word down instead', () => {
    const lines = wrap('remove the write bits with chmod -R go-w on the cache', 32);
    expect(lines.some((l) => l.startsWith('-'))).toBe(false);
    expect(lines.join(' ')).toBe('remove the write bits with chmod -R go-w on the cache');
    expect(lines).toContain('chmod -R go-w on the cache');
  });

  it('should never start a wrapped line with "From "', () => {
    const text = 'The fix is in the release. From now on every archive is checked';
    for (let width = 20; width <= 40; width++) {
      const lines = wrap(text, width);
      expect(lines.filter((l) => l.startsWith('From ')), `width ${width}`).toEqual([]);
      expect(lines.join(' ').replace(/^ /, '')).toBe(text);
    }
  });

  it('should indent a paragraph that itself starts unsafely by one space, within the width', () => {
    expect(wrap('From 1.2 on, the parser rejects deep nesting', 20)).toEqual([' From 1.2 on, the', 'parser rejects deep', 'nesting']);
    expect(wrap('-R applies it recursively', 72)).toEqual([' -R applies it recursively']);
  });

  it('should keep glued words together and turn the glue into a space', () => {
    const lines = wrap(`see the security${GLUE}policy${GLUE}[1] today`, 18);
    expect(lines).toEqual(['see the', 'security policy [1]', 'today']);
  });

  it('should honour hard line breaks', () => {
    expect(wrap('one\ntwo three', 72)).toEqual(['one', 'two three']);
  });

  it('should classify unsafe line starts', () => {
    expect(isUnsafeLineStart('- item')).toBe(true);
    expect(isUnsafeLineStart('From here')).toBe(true);
    expect(isUnsafeLineStart('From')).toBe(true);
    expect(isUnsafeLineStart('Fromage')).toBe(false);
    expect(isUnsafeLineStart('  - item')).toBe(false);
  });
});

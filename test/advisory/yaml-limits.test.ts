import { describe, expect, it } from 'vitest';
import { parseFrontmatterFast, splitAdvisory, YamlLimitError } from '../../src/advisory/parse.ts';

function limitError(text: string): YamlLimitError {
  try {
    parseFrontmatterFast(text);
  } catch (e) {
    if (e instanceof YamlLimitError) return e;
    throw e;
  }
  throw new Error('no YamlLimitError');
}

describe('parseFrontmatterFast limits', () => {
  it('should keep ordinary anchors and aliases working', () => {
    expect(parseFrontmatterFast('a: &x [1, 2]\nb: *x\n')).toEqual({ a: ['1', '2'].map(Number), b: [1, 2] });
  });

  it('should refuse an alias bomb at its first alias, with the field', () => {
    const bomb = ['x:', '  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 6 }, (_, i) => `  b${i}: &b${i} [${Array(10).fill(i === 0 ? '*a' : `*b${i - 1}`).join(', ')}]`)].join('\n');
    const e = limitError(bomb);
    expect(e).toMatchObject({ line: 3, col: 12, field: 'x.b0.0' });
    expect(e.message).toMatch(/expand the frontmatter to more than 10,000 values/);
    expect(e.finding('f.md', 2)).toMatchObject({ file: 'f.md', line: 4, col: 12, rule: 'yaml-limit', field: 'x.b0.0' });
  });

  it('should refuse nesting deeper than the limit, located', () => {
    const e = limitError(`x: ${'['.repeat(1000)}${']'.repeat(1000)}`);
    expect(e).toMatchObject({ line: 1, field: 'frontmatter' });
    expect(e.message).toBe('the YAML nests deeper than 32 levels');
    expect(() => parseFrontmatterFast(`x: ${'['.repeat(20)}${']'.repeat(20)}`)).not.toThrow();
  });
});

describe('splitAdvisory with a byte order mark', () => {
  it('should drop the BOM and keep the line numbers', () => {
    const plain = splitAdvisory('---\nid: X\n---\n\nbody\n')!;
    expect(splitAdvisory('\uFEFF---\nid: X\n---\n\nbody\n')).toEqual(plain);
    expect(plain).toMatchObject({ frontmatterLine: 2, bodyLine: 5, body: 'body\n' });
  });
});

// The validator's quick splitter must give exactly what splitAdvisory (gray-matter) gives.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitAdvisory } from '../../src/advisory/parse.ts';
import { splitQuick } from '../../src/advisory/validate.ts';
import { FIXTURES, REPO, markdownFiles } from './helpers.ts';

describe('splitQuick', () => {
  it('agrees with splitAdvisory on every advisory and fixture', () => {
    for (const file of [...markdownFiles(path.join(REPO, 'advisories')), ...markdownFiles(FIXTURES)]) {
      const source = readFileSync(file, 'utf8');
      expect(splitQuick(source), file).toEqual(splitAdvisory(source));
    }
  });

  it('agrees on edge shapes: blank lines, odd delimiters, CRLF, no body, no closing line', () => {
    const cases = [
      '---\nid: x\n---\nbody\n', '---\nid: x\n---', '---\nid: x\n---\n', '---\nid: x\n---\n\n\nbody', '---\nid: x\n----\nbody',
      '---\nid: x\n---x\nbody', '---\n---\nbody', '---\n\nid: x\n---\nb', '---\n# c\n---\nb', '----\nid: x\n---\nb', '---\nid: x\nno close',
      '---\r\nid: x\r\n---\r\nbody\r\n', 'no frontmatter', '', '---\na: 1\nb: 2\n---\n\nbody\n\n',
    ];
    for (const c of cases) expect(splitQuick(c), JSON.stringify(c)).toEqual(splitAdvisory(c));
  });

  it('counts a blank line after the closing --- so body lines are file lines', () => {
    const split = splitQuick('---\na: 1\n---\n\nFirst body line\n')!;
    expect(split.body).toBe('First body line\n');
    expect(split.bodyLine).toBe(5);
  });
});

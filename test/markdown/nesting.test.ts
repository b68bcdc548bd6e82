import { describe, expect, it } from 'vitest';
import { markdownNestingProblem, parseMarkdown } from '../../src/markdown/parse.ts';
import { InputError } from '../../src/errors.ts';

describe('markdownNestingProblem', () => {
  it('should accept ordinary advisory Markdown: quotes, nested lists, emphasis, links, thematic breaks', () => {
    const md = ['> quoted', '> > twice', '', '- a', '  - b', '    - c', '', 'Some *emphasis*, __strong__, snake_case_name and [a link][1].', '', '*'.repeat(60), '', '[1]: https://example.org'].join('\n');
    expect(markdownNestingProblem(md)).toBeNull();
  });

  it('should locate blockquotes nested past the limit, by line', () => {
    expect(markdownNestingProblem(`intro\n\n${'>'.repeat(33)} x`)).toMatchObject({ line: 3, col: 1, message: expect.stringMatching(/nests 33 levels deep/) });
    expect(markdownNestingProblem(`${'> '.repeat(32)}x`)).toBeNull();
  });

  it('should count list levels opened by indentation on earlier lines', () => {
    const md = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    expect(markdownNestingProblem(md)?.line).toBe(33);
  });

  it('should locate long delimiter runs and deep brackets by column, ignoring escaped ones', () => {
    expect(markdownNestingProblem(`ab ${'*'.repeat(40)}x`)).toMatchObject({ line: 1, col: 4 });
    expect(markdownNestingProblem(`${'['.repeat(33)}`)).toMatchObject({ line: 1, col: 33 });
    expect(markdownNestingProblem(`${'\\['.repeat(100)}`)).toBeNull();
  });
});

describe('parseMarkdown', () => {
  it('should refuse too-deep Markdown with an InputError instead of overflowing the stack', () => {
    expect(() => parseMarkdown('>'.repeat(50_000))).toThrow(InputError);
    expect(() => parseMarkdown('>'.repeat(50_000))).toThrow(/^Markdown line 1, column 1: the Markdown nests 50000 levels deep/);
  });
});

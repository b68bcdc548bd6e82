import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/markdown/parse.ts';
import { endOfContent, findSections, insertBlocks } from '../../src/markdown/sections.ts';

const source = 'Lead.\n\n## Overview\n\nText.\n\n## Acknowledgments\n\n[1]: https://example.org\n';

describe('findSections', () => {
  it('should find level-2 sections and call a section with only definitions empty', () => {
    const sections = findSections(parseMarkdown(source));
    expect(sections.map((s) => [s.title, s.empty])).toEqual([
      ['Overview', false],
      ['Acknowledgments', true],
    ]);
    expect(source.slice(sections[1].start, sections[1].headingEnd)).toBe('## Acknowledgments');
  });
});

describe('insertBlocks', () => {
  it('should insert after a heading and before trailing definitions, keeping the author\'s text', () => {
    const root = parseMarkdown(source);
    const ack = findSections(root)[1];
    const out = insertBlocks(source, [
      { at: ack.headingEnd, markdown: 'Thanks.' },
      { at: endOfContent(root, source), markdown: '## Timeline\n\n- then' },
    ]);
    expect(out).toBe('Lead.\n\n## Overview\n\nText.\n\n## Acknowledgments\n\nThanks.\n\n## Timeline\n\n- then\n\n[1]: https://example.org\n');
  });

  it('should append at the end when the body has no trailing definitions', () => {
    const src = 'Lead.\n';
    expect(insertBlocks(src, [{ at: endOfContent(parseMarkdown(src), src), markdown: 'More.' }])).toBe('Lead.\n\nMore.\n');
  });
});

import { describe, expect, it } from 'vitest';
import { formatLinkList, toPlainText } from '../../src/markdown/plain-text.ts';

describe('toPlainText', () => {
  it('should underline headings with "=" and minor headings with "~", never "-"', () => {
    const { text } = toPlainText('# Title\n\n## Section two\n\n### Detail\n\nText.');
    expect(text).toBe('Title\n=====\n\nSection two\n===========\n\nDetail\n~~~~~~\n\nText.');
  });

  it('should indent bullet lists so no line starts with "-", with hanging continuation lines', () => {
    const { text } = toPlainText('- first item that is long enough to wrap around the narrow width\n- second', { width: 30 });
    expect(text).toBe('  * first item that is long\n    enough to wrap around the\n    narrow width\n  * second');
  });

  it('should number ordered lists from their start and nest lists', () => {
    const { text } = toPlainText('3. three\n4. four\n   - nested');
    expect(text).toBe('  3. three\n  4. four\n       * nested');
  });

  it('should keep the advisory\'s numbered definitions and give other links the next numbers', () => {
    const md = 'See the policy [1] and [the fix](https://example.org/fix), the [docs][docs], and [again](https://example.org/fix).\n\n[1]: https://example.org/policy\n[docs]: https://example.org/docs\n';
    const { text, links } = toPlainText(md);
    expect(text).toBe('See the policy [1] and the fix [2], the docs [3], and again [2].');
    expect(links).toEqual([
      { n: 1, url: 'https://example.org/policy' },
      { n: 2, url: 'https://example.org/fix' },
      { n: 3, url: 'https://example.org/docs' },
    ]);
    expect(formatLinkList(links)).toBe('[1]: https://example.org/policy\n[2]: https://example.org/fix\n[3]: https://example.org/docs');
  });

  it('should render a full reference to a numbered definition as "text [n]"', () => {
    expect(toPlainText('the [security policy][2]\n\n[2]: https://example.org/p').text).toBe('the security policy [2]');
  });

  it('should show an autolink as its number only', () => {
    const r = toPlainText('Dashboard: <https://example.org/me>.');
    expect(r.text).toBe('Dashboard: [1].');
    expect(r.links).toEqual([{ n: 1, url: 'https://example.org/me' }]);
  });

  it('should keep code blocks verbatim, indented, and short inline code on one line', () => {
    const { text } = toPlainText('Run:\n\n```sh\nchmod -R go-w ~/.rivet\n```\n\nor use `chmod -R go-w ~/.rivet/registry` today please', { width: 30 });
    expect(text).toBe('Run:\n\n    chmod -R go-w ~/.rivet\n\nor use\n`chmod -R go-w ~/.rivet/registry`\ntoday please');
  });

  it('should mark emphasis in plain-text style and quote block quotes', () => {
    expect(toPlainText('It is **high** and _rare_.\n\n> quoted').text).toBe('It is *high* and _rare_.\n\n> quoted');
  });

  it('should leave no trailing spaces', () => {
    const { text } = toPlainText('a line with a hard break  \nnext\n\n- item\n\n  para in item');
    expect(text.split('\n').filter((l) => /\s$/.test(l))).toEqual([]);
  });
});

describe('toPlainText on generated documents', () => {
  // A small seeded generator: paragraphs, lists, quotes and headings made of words that like to
  // land at line starts ("-R", "From", "--force"), at many widths.
  function rng(seed: number) {
    return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  }
  const WORDS = ['From', '-R', '--force', 'the', 'umask', '`chmod -R go-w`', 'is', 'applied', 'From', 'a', '[link](https://example.org/x)', '**high**', 'rivet-pkg', '-', 'Dvořák'];

  it('should never produce a line starting with "-" or "From ", nor one over the width made of several words', () => {
    const random = rng(42);
    const pick = () => WORDS[Math.floor(random() * WORDS.length)];
    const sentence = (n: number) => Array.from({ length: n }, pick).join(' ');
    for (let doc = 0; doc < 200; doc++) {
      const blocks: string[] = [];
      for (let b = 0; b < 6; b++) {
        const kind = Math.floor(random() * 4);
        const text = sentence(5 + Math.floor(random() * 30));
        blocks.push(kind === 0 ? text : kind === 1 ? `- ${text}\n- ${sentence(8)}` : kind === 2 ? `> ${text}` : `## ${sentence(4)}`);
      }
      const width = 30 + Math.floor(random() * 50);
      const { text } = toPlainText(blocks.join('\n\n'), { width });
      for (const line of text.split('\n')) {
        expect(line.startsWith('-'), `width ${width}: ${JSON.stringify(line)}`).toBe(false);
        expect(line.startsWith('From '), `width ${width}: ${JSON.stringify(line)}`).toBe(false);
        expect(/\s$/.test(line)).toBe(false);
        // Longer than the width only when one unbreakable word does not fit (plus its indent).
        if ([...line].length > width) expect(line.trim().split(' ').length, JSON.stringify(line)).toBeLessThanOrEqual(2);
      }
    }
  });
});

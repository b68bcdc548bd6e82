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

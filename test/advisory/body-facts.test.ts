// The Markdown fast path may only answer when its answer equals the real parser's. These tests run
// both on every advisory and fixture in the repository and on thousands of generated bodies.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitAdvisory } from '../../src/advisory/parse.ts';
import { fastBodyFacts, parseBodyFacts } from '../../src/advisory/rules/body-facts.ts';
import { FIXTURES, REPO, markdownFiles, pick, prng } from './helpers.ts';

const files = [...markdownFiles(path.join(REPO, 'advisories')), ...markdownFiles(FIXTURES)];
const bodyOf = (file: string) => splitAdvisory(readFileSync(file, 'utf8'))?.body ?? readFileSync(file, 'utf8');

describe('parseBodyFacts', () => {
  it('reads headings, definitions, references, unresolved labels and HTML with body positions', () => {
    const facts = parseBodyFacts('Intro [1] and [x][2] and [9].\n\n## Overview\n\n<b>hi</b> `[3]`\n\n[1]: https://a\n[2]: https://b\n[7]: https://c\n');
    expect(facts.headings).toEqual([{ text: 'Overview', line: 3, col: 1 }]);
    expect(facts.definitions.map((d) => [d.id, d.line])).toEqual([['1', 7], ['2', 8], ['7', 9]]);
    expect(facts.references).toEqual(['1', '2']);
    expect(facts.unresolved).toEqual([{ label: '9', line: 1, col: 26 }]);
    expect(facts.html).toEqual([{ line: 5, col: 1 }, { line: 5, col: 6 }]); // <b> and </b>
  });

  it('does not count a bracket in code or an escaped bracket as a reference', () => {
    const facts = parseBodyFacts('Text `[1]` and \\[2] here.\n\n```\n[3]\n```\n');
    expect(facts.unresolved).toEqual([]);
  });

  it('only counts top-level headings of depth 2 (setext included)', () => {
    const facts = parseBodyFacts('Overview\n--------\n\n- ## Nested\n\n### Deeper\n');
    expect(facts.headings.map((h) => h.text)).toEqual(['Overview']);
  });
});

describe('fastBodyFacts', () => {
  it('answers for the plain bodies of the sample advisories', () => {
    for (const id of ['0001', '0002', '0003', '0004']) {
      expect(fastBodyFacts(bodyOf(path.join(REPO, `advisories/RSEC-2026-${id}.md`))), id).not.toBeNull();
    }
  });

  it('answers for URI autolinks, which are neither HTML nor references', () => {
    const body = 'See <https://example.org/a?b=1> for details [1].\n\n[1]: https://x\n';
    expect(fastBodyFacts(body)).toEqual(parseBodyFacts(body));
    expect(fastBodyFacts(body)!.html).toEqual([]);
  });

  it('answers for fenced code, where brackets and HTML are code', () => {
    const body = 'Text [1].\n\n```sh\necho "[2]" <b>\n## not a heading\n```\n\n[1]: https://x\n';
    const fast = fastBodyFacts(body);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(parseBodyFacts(body));
    expect(fast!.unresolved).toEqual([]);
    expect(fast!.headings).toEqual([]);
  });

  it('declines bodies with HTML, escapes, setext headings or indented code', () => {
    for (const body of ['a <b>x</b>\n', 'a ```inline``` b\n', 'a \\[1]\n', 'Title\n---\n', 'para\n\n    code [1]\n', '[1]: https://x "title"\n']) {
      expect(fastBodyFacts(body), body).toBeNull();
    }
  });

  it('agrees with the parser on every advisory and fixture in the repository', () => {
    for (const file of files) {
      const body = bodyOf(file);
      const fast = fastBodyFacts(body);
      if (fast) expect(fast, file).toEqual(parseBodyFacts(body));
    }
  });

  // Fragments chosen to sit on the fast path's edges: brackets next to code spans, definitions
  // glued to paragraphs, headings in containers, labels that differ only in case.
  const PLAIN = [
    '## Overview', '## Affected Versions', '## Mitigations', '## Acknowledgments', '# Title', '### Details', '## CVE-2026-1234: a thing',
    '##Overview', '- ## In a list', '> ## In a quote', '## Closed ##', '## Over `view`',
    'Plain text with a reference [1].', 'Two refs [1] and [2] on one line.', 'A word [vs] in brackets.', 'Unknown [9] number.',
    'Code `x` then [1] then `y`.', 'Code with bracket `[1]` inside.', 'Odd backtick ` here [1].', 'Label [A] upper.', 'Label [a] lower.',
    '[1]: https://rivet-lang.org/policies/security', '[2]: https://example.org/two', '[A]: https://example.org/a', '[1]: https://dup.example.org',
    '- item [1]', '1. numbered [2]', '> quoted [1]', '*emphasis [1]*', '_under_ [2]', '', '', '', '',
    '```sh', '```', '~~~', '~~~~ text', '````', '   ```', 'echo "[2]" <b> \\ & ![x]', '## Inside or outside a fence', '---',
    'See <https://example.org/a> and [1].', 'Code `<https://x.org>` [2]', 'Tick <https://x.org/`a`> [1]', '<https://line-start.org> [1]', 'Mail <a@b.org> [1]',
    'Scheme <x:y> [1]', 'Brackets <https://x.org/[1]>', 'Two <https://a.org> <ftp://b.org/x> [2]', 'Nested <https://a.org/<b>>',
  ];
  // Lines the fast path must decline or that change how their neighbours parse.
  const HOSTILE = [
    '  ## Indented', 'Double ``code`` span.', 'Link [text](https://example.org) inline.', 'Full [text][1] reference.', 'Collapsed [1][] reference.',
    '[3]: https://example.org/three "Title"', '[4]:', '   [1]: https://indented.example.org', '***', '---', '===', '    indented code [1]',
    '```', '~~~', '<!-- comment -->', 'inline <br> html', 'amp &amp; [1]', 'escaped \\[1]', '![image][1]', 'a ] stray bracket',
    'a [ stray bracket', '[1]:https://nospace.example.org', '"continued title"', '```x`y', ' ```', '    ```', '\tindented by a tab', '``` ```',
  ];

  it('agrees with the parser on 10,000 generated bodies, and answers for a real share of them', () => {
    const rand = prng(20261129);
    let answered = 0;
    for (let n = 0; n < 10_000; n++) {
      const lines = Array.from({ length: 3 + Math.floor(rand() * 14) }, () => pick(rand, rand() < 0.93 ? PLAIN : HOSTILE));
      const body = lines.join('\n') + (rand() < 0.5 ? '\n' : '');
      const fast = fastBodyFacts(body);
      if (fast) {
        answered++;
        expect(fast, JSON.stringify(body)).toEqual(parseBodyFacts(body));
      }
    }
    // Not vacuous: the fast path must both answer and decline.
    expect(answered).toBeGreaterThan(600);
    expect(answered).toBeLessThan(10_000);
  });
});

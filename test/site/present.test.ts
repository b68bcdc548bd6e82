// The archive's wording helpers: times in UTC, order, slugs, and the one place frontmatter text
// becomes HTML (update notes), which must escape everything but code spans.
import { describe, expect, it } from 'vitest';
import { RELEASE_STEPS } from '../../src/release/steps.ts';
import { commandAnchor, releaseChecklist } from '../../src/site/checklist/commands.ts';
import type { PublicAdvisoryData } from '../../src/site/loader.ts';
import { channelLinks, formatUtc, inlineMarkdown, newestFirst, packageSlug } from '../../src/site/lib/present.ts';

const data = (id: string, embargo: string): { data: PublicAdvisoryData } => ({
  data: { id, title: 't', summary: 's', status: 'published', embargo },
});

describe('present', () => {
  it('should state times in UTC whatever zone the advisory used', () => {
    expect(formatUtc('2026-06-16T16:00:00+02:00')).toBe('2026-06-16 14:00 UTC');
  });

  it('should order by disclosure moment, newest first, across zones', () => {
    const sorted = newestFirst([data('A-2026-0001', '2026-06-16T16:00:00+02:00'), data('A-2026-0002', '2026-06-16T15:00:00Z'), data('A-2026-0003', '2026-01-01T00:00:00Z')]);
    expect(sorted.map((e) => e.data.id)).toEqual(['A-2026-0002', 'A-2026-0001', 'A-2026-0003']);
  });

  it('should make URL-safe package slugs', () => {
    expect(packageSlug('rivet-regex')).toBe('rivet-regex');
    expect(packageSlug('@scope/Pkg Name')).toBe('scope-pkg-name');
  });

  it('should escape update notes and only turn code spans into markup', () => {
    expect(inlineMarkdown('`RegexSet::new` & <script>alert(1)</script>')).toBe('<code>RegexSet::new</code> &amp; &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('should list channel copies in release-day order, only those with links', () => {
    const links = channelLinks({ ...data('A-2026-0001', '2026-01-01T00:00:00Z').data, links: { forum: 'https://f.example/t/1', announce: 'https://a.example/1' } });
    expect(links.map((l) => l.channel)).toEqual(['announce', 'forum']);
  });
});

describe('release checklist', () => {
  it('should have one item per release step, in the same order, each with a command', () => {
    const items = releaseChecklist();
    expect(items.map((i) => i.step.id)).toEqual(RELEASE_STEPS.map((s) => s.id));
    expect(items.every((i) => i.commands.length > 0 && i.commands.every((c) => commandAnchor(c) !== ''))).toBe(true);
  });
});

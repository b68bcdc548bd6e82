import { describe, expect, it } from 'vitest';
import { bodySections, cveSection, markdownToPlain, vulnerabilityTitle } from '../../src/exports/body-sections.ts';
import { cvssJson } from '../../src/exports/cvss-json.ts';
import { lastModified, utc } from '../../src/exports/dates.ts';
import { purlFor } from '../../src/exports/purl.ts';
import { publicReferences } from '../../src/exports/references.ts';

describe('cvssJson', () => {
  it('should spell out every CVSS 4.0 base metric with FIRST\'s names', () => {
    expect(cvssJson('CVSS:4.0/AV:A/AC:H/AT:P/PR:H/UI:A/VC:H/VI:L/VA:N/SC:L/SI:H/SA:N')).toMatchObject({
      version: '4.0',
      attackVector: 'ADJACENT',
      attackComplexity: 'HIGH',
      attackRequirements: 'PRESENT',
      privilegesRequired: 'HIGH',
      userInteraction: 'ACTIVE',
      vulnConfidentialityImpact: 'HIGH',
      vulnIntegrityImpact: 'LOW',
      vulnAvailabilityImpact: 'NONE',
      subConfidentialityImpact: 'LOW',
      subIntegrityImpact: 'HIGH',
      subAvailabilityImpact: 'NONE',
    });
  });

  // 4.8 worked by hand from the 3.1 formula: roundup(1.08 × (impact 2.727 + exploitability 1.654)).
  it('should use CVSS 3.1\'s ADJACENT_NETWORK and the scope metric', () => {
    const json = cvssJson('CVSS:3.1/AV:A/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N');
    expect(json).toMatchObject({ attackVector: 'ADJACENT_NETWORK', userInteraction: 'REQUIRED', scope: 'CHANGED', baseScore: 4.8, baseSeverity: 'MEDIUM' });
  });

  it('should refuse an invalid vector instead of inventing a score', () => {
    expect(() => cvssJson('CVSS:3.1/AV:N/AC:L')).toThrow(/missing/);
  });
});

describe('dates', () => {
  it('should write UTC with Z and no milliseconds', () => {
    expect(utc('2026-06-16T16:00:00+02:00')).toBe('2026-06-16T14:00:00Z');
    expect(utc('2026-06-16T16:00:00.250Z')).toBe('2026-06-16T16:00:00.250Z');
  });

  it('should take the latest of embargo and updates, whatever their order and zones', () => {
    expect(
      lastModified({
        embargo: '2026-03-10T15:00:00Z',
        updates: [
          { at: '2026-03-13T01:00:00+02:00', note: 'b' },
          { at: '2026-03-12T10:00:00Z', note: 'a' },
        ],
      }),
    ).toBe('2026-03-12T23:00:00Z');
    expect(lastModified({ embargo: '2026-03-10T15:00:00Z' })).toBe('2026-03-10T15:00:00Z');
  });
});

describe('body sections', () => {
  const body = [
    'Lead.',
    '',
    '## CVE-2026-1111: first issue',
    '',
    'Text with `code` and **bold**,',
    'wrapped here [1].',
    '',
    '```',
    '## not a heading',
    '```',
    '',
    '## Mitigations',
    '',
    '- update',
    '- or restart',
    '',
    '[1]: https://example.org',
  ].join('\n');

  it('should split at ## headings but not inside code fences', () => {
    expect(bodySections(body).map((s) => s.heading)).toEqual(['CVE-2026-1111: first issue', 'Mitigations']);
    expect(cveSection(body, 'CVE-2026-1111')?.markdown).toContain('## not a heading');
    expect(cveSection(body, 'CVE-2026-111')).toBeUndefined();
  });

  it('should make plain text: paragraphs unwrapped, lists kept, markup and reference markers gone', () => {
    expect(markdownToPlain(cveSection(body, 'CVE-2026-1111')!.markdown.split('```')[0])).toBe('Text with code and bold, wrapped here.');
    expect(markdownToPlain(bodySections(body)[1].markdown)).toBe('- update\n- or restart');
  });

  it('should title a vulnerability from its section, adding the package when the heading lacks it', () => {
    expect(vulnerabilityTitle('Advisory title', body, ['rivet-x'], 'CVE-2026-1111')).toBe('First issue in rivet-x');
    expect(vulnerabilityTitle('Advisory title', body, ['rivet-x'], 'CVE-2026-2222')).toBe('Advisory title');
    expect(vulnerabilityTitle('Advisory title', body, ['rivet-x'], undefined)).toBe('Advisory title');
  });
});

describe('purlFor', () => {
  it('should build purls for known ecosystems only', () => {
    expect(purlFor('crates.io', 'rivet-regex')).toBe('pkg:cargo/rivet-regex');
    expect(purlFor('npm', '@scope/pkg')).toBe('pkg:npm/%40scope/pkg');
    expect(purlFor('PyPI', 'Foo_Bar.baz')).toBe('pkg:pypi/foo-bar-baz');
    expect(purlFor('rivet-toolchain', 'rivet-std')).toBeUndefined();
  });
});

describe('publicReferences', () => {
  it('should list references, then channel links, each URL once', () => {
    const refs = publicReferences({
      references: [{ url: 'https://example.org/fix', type: 'FIX' }, { url: 'https://blog.example.org/p', type: 'WEB' }],
      links: { blog: 'https://blog.example.org/p', announce: 'https://lists.example.org/m' },
    });
    expect(refs).toEqual([
      { url: 'https://example.org/fix', type: 'FIX', source: 'reference' },
      { url: 'https://blog.example.org/p', type: 'WEB', source: 'reference' },
      { url: 'https://lists.example.org/m', type: 'ADVISORY', source: 'announce' },
    ]);
  });
});

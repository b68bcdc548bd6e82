import { describe, expect, it } from 'vitest';
import { acknowledgmentsText, completeBody, timelineMarkdown } from '../../src/channels/shared/body.ts';
import { sampleAdvisory } from './support.ts';

const now = new Date('2026-11-29T00:00:00Z');

describe('completeBody', () => {
  it('should fill an empty Acknowledgments section from credits', async () => {
    const a = await sampleAdvisory('RSEC-2026-0004');
    a.body = a.body.replace(/## Acknowledgments\n\n[\s\S]*?\n\n\[1\]/, '## Acknowledgments\n\n[1]');
    a.body = a.body.replace('policy [1]', 'policy');
    const out = completeBody(a, now);
    expect(out).toContain(
      '## Acknowledgments\n\nWe want to thank Marek Dvořák for reporting this issue to us and Jonas Lindqvist (Rivet Security Response) for developing the fix.\n\n',
    );
  });

  it('should leave a written Acknowledgments section alone', async () => {
    const a = await sampleAdvisory('RSEC-2026-0001');
    expect(completeBody(a, now)).toContain('We want to thank Addison Crump for finding both issues with a fuzzer');
    expect(completeBody(a, now)).not.toContain('We want to thank Addison Crump for finding these issues');
  });

  it('should add a Timeline of events in UTC before the link definitions when the body has none', async () => {
    const a = await sampleAdvisory('RSEC-2026-0002');
    const out = completeBody(a, now);
    expect(out).toMatch(/## Timeline of events\n\n- 2026-05-11 07:45 UTC: Issue reported[^\n]*\n- 2026-05-12 09:00 UTC: Report acknowledged\.\n- 2026-06-16 14:00 UTC: [^\n]*\n\n\[1\]: https:\/\/rivet-lang\.org\/policies\/security\n$/);
    // The author's text before it is byte for byte the same.
    expect(out.startsWith(a.body.slice(0, a.body.indexOf('[1]: ')).trimEnd())).toBe(true);
  });

  it('should keep an existing Timeline section as written', async () => {
    const a = await sampleAdvisory('RSEC-2026-0001');
    const out = completeBody(a, now);
    expect(out.match(/## Timeline/g)).toHaveLength(1);
    expect(out).toContain('- 2026-02-02 09:12 UTC: both issues reported to the Rivet Security Response team');
  });

  it('should mark planned timeline entries only while they are in the future', async () => {
    const a = await sampleAdvisory('RSEC-2026-0004');
    expect(timelineMarkdown(a, now)).toContain('2026-12-08 17:00 UTC (planned): Public disclosure');
    expect(timelineMarkdown(a, new Date('2026-12-09T00:00:00Z'))).toContain('2026-12-08 17:00 UTC: Public disclosure');
  });
});

describe('acknowledgmentsText', () => {
  it('should group people by role, name their organisation, and use the plural for several CVEs', async () => {
    const a = await sampleAdvisory('RSEC-2026-0001');
    expect(acknowledgmentsText(a)).toBe(
      'We want to thank Addison Crump for finding these issues, Mira Okonkwo (Rivet Project) for developing the fix, and Jonas Lindqvist (Rivet Security Response) for coordinating the disclosure.',
    );
    a.data.credits = [
      { name: 'A', role: 'remediation_reviewer' },
      { name: 'B', role: 'remediation_reviewer' },
    ];
    expect(acknowledgmentsText(a)).toBe('We want to thank A and B for reviewing the fix.');
    a.data.credits = [];
    expect(acknowledgmentsText(a)).toBeNull();
  });
});

// The outbound gate's matching: a private value or an embargoed advisory's text is found however an
// output spells it (entities, JSON and URL escapes, typographic quotes, full-width letters, line
// wrapping), and house style shared by many advisories is not mistaken for a leak.
import { describe, expect, it } from 'vitest';
import { buildEmbargoIndex, findEmbargoed, normaliseForMatch, OutboundGate, privateValuesOf } from '../../src/gate/index.ts';
import { parseAdvisoryId } from '../../src/advisory/id.ts';
import { parseTimestamp, timestampProblem, liveNow, LIVE_SKEW_MS } from '../../src/clock.ts';

const TITLE = `rivet-doc's "search index" escapes <the> output & folder`;

describe('normaliseForMatch', () => {
  it('should give one spelling for every escape of the same text', () => {
    const spellings = [
      TITLE,
      `rivet-doc’s “search index” escapes &lt;the&gt; output &amp; folder`,
      `rivet-doc&#39;s &quot;search index&quot; escapes &lt;the&gt; output &amp;amp; folder`,
      JSON.stringify(TITLE).slice(1, -1),
      `rivet\\u002ddoc\\u0027s \\"search index\\" escapes \\u003cthe\\u003e output \\u0026 folder`,
      encodeURIComponent(TITLE),
      `ＲＩＶＥＴ-doc's "search\n   index" escapes <the> output & folder`,
      `rivet\u2011doc's "search\u00adindex"`.replace('search\u00adindex', 'search index') + ` escapes <the> output & folder`,
    ];
    const want = normaliseForMatch(TITLE);
    for (const s of spellings) expect(normaliseForMatch(s), s).toBe(want);
  });
});

describe('private values', () => {
  it('should take every string in private, with embedded addresses, and skip a timestamp a public field shares', () => {
    const data = {
      id: 'RSEC-2026-0001',
      timeline: [{ at: '2026-01-05T10:00:00Z', event: 'Reported' }],
      private: { received: '2026-01-05T10:00:00Z', acknowledged: '2026-01-06T09:00:00Z', notes: 'ask bob@corp.example first', deep: { list: ['CANARY-deep-1'] } },
    };
    const fields = privateValuesOf(data).map((v) => v.field);
    expect(fields).not.toContain('private.received');
    expect(fields).toContain('private.acknowledged');
    expect(fields.filter((f) => f === 'private.notes')).toHaveLength(2);
    expect(fields).toContain('private.deep.list[0]');
    const gate = new OutboundGate({ privateValues: privateValuesOf(data) });
    expect(gate.inspect({ name: 'x', content: 'write to BOB@corp.example', public: false }).map((f) => f.detail)).toEqual(['private.notes']);
    expect(gate.inspect({ name: 'x', content: 'Reported at 2026-01-05T10:00:00Z', public: true })).toEqual([]);
  });
});

describe('the embargo index', () => {
  const withheld = [
    {
      id: 'RSEC-2026-0009',
      data: { id: 'RSEC-2026-0009', title: TITLE, cve: ['CVE-2026-99001'], ghsa: 'GHSA-2222-3333-4444' },
      body: 'The Rivet Security Response team was notified that rivet-doc writes its search index outside the output folder when the crate name holds two dots in a row.\n\n## Acknowledgments\n\nWe want to thank Ada for reporting this issue to us according to the Rivet security policy.',
      attachmentNames: ['index-escape.patch'],
    },
  ];
  const index = buildEmbargoIndex(withheld, {
    bodies: [
      { id: 'RSEC-2026-0001', body: 'The Rivet Security Response team was notified that rivet-pkg did not respect the umask when unpacking crates into the cache folder.' },
      { id: 'RSEC-2026-0002', body: 'We want to thank Bo for reporting this issue to us according to the Rivet security policy.' },
    ],
  });
  const hits = (text: string) => findEmbargoed(normaliseForMatch(text), index).map((h) => h.kind);

  it('should find the id, CVE, GHSA, title in any spelling, attachment names and a quoted sentence', () => {
    expect(hits('see rsec-2026-0009')).toEqual(['id']);
    expect(hits('fixes CVE-2026-99001 and GHSA-2222-3333-4444')).toEqual(['cve', 'ghsa']);
    expect(hits(`<h1>rivet-doc&#8217;s &ldquo;search index&rdquo; escapes &lt;the&gt; output &amp; folder</h1>`)).toEqual(['title']);
    expect(hits(JSON.stringify({ title: TITLE }))).toEqual(['title']);
    expect(hits('attached: index-escape.patch')).toEqual(['attachment']);
    expect(hits('As reported, rivet-doc writes its search index outside the output folder when the crate name holds two dots.')).toEqual(['phrase']);
  });

  it('should not take house style (shared by other advisories, or formulaic sections) for a leak', () => {
    expect(hits('The Rivet Security Response team was notified that rivet-doc is fine.')).toEqual([]);
    expect(hits('We want to thank Cy for reporting this issue to us according to the Rivet security policy.')).toEqual([]);
  });
});

describe('one id parser', () => {
  it('should accept the id and refuse paths, lower case and look-alikes with exit 2 and a suggestion', () => {
    expect(parseAdvisoryId('RSEC-2026-0004', 'RSEC')).toBe('RSEC-2026-0004');
    for (const [raw, meant] of [
      ['../advisories/RSEC-2026-0004', 'RSEC-2026-0004'],
      ['advisories/RSEC-2026-0004.md', 'RSEC-2026-0004'],
      ['rsec-2026-0004', 'RSEC-2026-0004'],
      ['RS\u0415C-2026-0004', 'RSEC-2026-0004'], // Cyrillic Е
      ['RSEC-２０２６-0004', 'RSEC-2026-0004'], // full-width digits
      ['RSEC-2026-0001/../RSEC-2026-0002', 'RSEC-2026-0002'],
    ]) {
      let error: unknown;
      try {
        parseAdvisoryId(raw, 'RSEC');
      } catch (e) {
        error = e;
      }
      expect((error as { exitCode?: number })?.exitCode, raw).toBe(2);
      expect((error as Error).message, raw).toContain(`did you mean ${meant}?`);
    }
    expect(() => parseAdvisoryId('OTHER-2026-0004', 'RSEC')).toThrow(/team's prefix RSEC/);
  });
});

describe('one clock', () => {
  it('should refuse impossible timestamps and offsets beyond ±14:00, and require a zone', () => {
    for (const bad of ['2023-02-30T10:00:00Z', '2023-09-31T10:00:00Z', '2024-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:60:00Z', '2026-01-01T10:00:60Z', '2026-01-01T10:00:00+23:59', '2026-01-01T10:00:00+14:01', '2026-01-01T10:00:00+01:60', '2026-01-01T10:00:00', '2026-01-01', 'garbage']) {
      expect(timestampProblem(bad), bad).not.toBeNull();
      expect(() => parseTimestamp(bad, 'x'), bad).toThrow();
    }
    for (const good of ['2024-02-29T10:00:00Z', '2026-01-01T10:00:00+14:00', '2026-01-01T10:00:00-12:00', '2026-01-01T10:00Z', '2026-01-01T10:00:00.123Z']) {
      expect(timestampProblem(good), good).toBeNull();
    }
  });

  it('should refuse, for a live send, a DISCLOSE_NOW ahead of the system clock beyond the stated skew', () => {
    const system = () => new Date('2026-06-01T12:00:00Z');
    expect(liveNow({}, system).toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(liveNow({ DISCLOSE_NOW: '2026-05-01T00:00:00Z' }, system).toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(liveNow({ DISCLOSE_NOW: new Date(system().getTime() + LIVE_SKEW_MS).toISOString() }, system)).toBeInstanceOf(Date);
    expect(() => liveNow({ DISCLOSE_NOW: '2026-06-08T12:00:00Z' }, system)).toThrow(/ahead of the system clock/);
    expect(() => liveNow({ DISCLOSE_NOW: 'garbage' }, system)).toThrow(/DISCLOSE_NOW/);
  });
});

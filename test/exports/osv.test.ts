import { beforeAll, describe, expect, it } from 'vitest';
import type { Advisory } from '../../src/advisory/schema.ts';
import { rangesFromOsvEvents } from '../../src/advisory/ranges.ts';
import type { TeamConfig } from '../../src/config/schema.ts';
import { osv, osvRanges } from '../../src/exports/osv/index.ts';
import { byId, ctx, loadSamples, withData } from './samples.ts';

let config: TeamConfig;
let advisories: Advisory[];
beforeAll(async () => {
  ({ config, advisories } = await loadSamples());
});

function render(advisory: Advisory) {
  const [doc] = osv.render(ctx(advisory, config));
  return { doc: doc.document as Record<string, any>, notes: doc.notes, name: doc.name };
}

describe('OSV export', () => {
  it('should carry id, every CVE and the GHSA as aliases, and the dates from the advisory', () => {
    const { doc, name } = render(byId(advisories, 'RSEC-2026-0001'));
    expect(name).toBe('osv/RSEC-2026-0001.json');
    expect(doc.id).toBe('RSEC-2026-0001');
    expect(doc.aliases).toEqual(['CVE-2026-21001', 'CVE-2026-21002', 'GHSA-m5pq-gvj9-9vr8']);
    expect(doc.published).toBe('2026-03-10T15:00:00Z');
    // modified is the latest update, not the embargo and not the clock
    expect(doc.modified).toBe('2026-03-12T10:00:00Z');
    expect(doc.withdrawn).toBeUndefined();
  });

  it('should convert an embargo with an offset to UTC', () => {
    const { doc } = render(byId(advisories, 'RSEC-2026-0002'));
    expect(doc.published).toBe('2026-06-16T14:00:00Z');
  });

  it('should derive SEMVER events from the ranges, and map functions and platforms like RustSec', () => {
    const { doc } = render(byId(advisories, 'RSEC-2026-0001'));
    expect(doc.affected).toHaveLength(1);
    expect(doc.affected[0].package).toEqual({ ecosystem: 'crates.io', name: 'rivet-regex', purl: 'pkg:cargo/rivet-regex' });
    expect(doc.affected[0].ranges).toEqual([{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.11.2' }] }]);
    expect(doc.affected[0].ecosystem_specific.affects.functions).toEqual(['rivet_regex::Regex::new', 'rivet_regex::RegexBuilder::build']);
    const unix = render(byId(advisories, 'RSEC-2026-0004')).doc;
    expect(unix.affected[0].ecosystem_specific).toEqual({ affects: { os: ['unix'] } });
    expect(unix.affected[0].ranges[0].events).toEqual([{ introduced: '0.9.0' }, { fixed: '0.96.1' }]);
  });

  it('should map credit roles onto OSV credit types', () => {
    const { doc } = render(byId(advisories, 'RSEC-2026-0001'));
    expect(doc.credits).toEqual([
      { name: 'Addison Crump', contact: ['https://github.com/addisoncrump'], type: 'FINDER' },
      { name: 'Mira Okonkwo', type: 'REMEDIATION_DEVELOPER' },
      { name: 'Jonas Lindqvist', type: 'COORDINATOR' },
    ]);
  });

  it('should give CVSS vectors as severity and the team rating and CWEs as database_specific', () => {
    expect(render(byId(advisories, 'RSEC-2026-0001')).doc.severity).toEqual([
      { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
    ]);
    const v4 = render(byId(advisories, 'RSEC-2026-0003')).doc;
    expect(v4.severity).toEqual([{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N' }]);
    expect(render(byId(advisories, 'RSEC-2026-0002')).doc.database_specific).toEqual({ severity: 'low', cwe: ['CWE-78', 'CWE-88'] });
  });

  it('should put the body in details and list references, then the channel links', () => {
    const advisory = byId(advisories, 'RSEC-2026-0001');
    const { doc } = render(advisory);
    expect(doc.details).toBe(advisory.body.trim());
    expect(doc.references[0]).toEqual({ type: 'FIX', url: advisory.data.references![0].url });
    expect(doc.references).toContainEqual({ type: 'ADVISORY', url: advisory.data.links!.announce });
    expect(doc.references).toContainEqual({ type: 'ARTICLE', url: advisory.data.links!.blog });
  });

  it('should leave out ecosystems OSV does not know, and say so in notes', () => {
    const toolchain = render(byId(advisories, 'RSEC-2026-0002'));
    expect(toolchain.doc.affected).toBeUndefined();
    expect(toolchain.notes).toEqual([expect.stringMatching(/"rivet-std" \(ecosystem "rivet-toolchain"\) is left out: OSV does not know/)]);
    const service = render(byId(advisories, 'RSEC-2026-0003'));
    expect(service.notes.join('\n')).toMatch(/"pkgs\.rivet-lang\.org" \(ecosystem "service"\) is left out/);
    // A mix keeps the known ecosystem and notes the other.
    const sample = byId(advisories, 'RSEC-2026-0001');
    const mixed = render(withData(sample, { affected: [...sample.data.affected!, ...byId(advisories, 'RSEC-2026-0002').data.affected!] }));
    expect(mixed.doc.affected.map((a: any) => a.package.name)).toEqual(['rivet-regex']);
    expect(mixed.notes).toHaveLength(1);
    expect(osv.validate(mixed.doc)).toEqual([]);
  });

  it('should set withdrawn (and modified) to the withdrawal update', () => {
    const sample = byId(advisories, 'RSEC-2026-0002');
    const withdrawn = withData(sample, {
      status: 'withdrawn',
      updates: [...sample.data.updates!, { at: '2026-07-01T09:00:00+02:00', note: 'Withdrawn: the behaviour is documented and intended.' }],
    });
    const { doc } = render(withdrawn);
    expect(doc.withdrawn).toBe('2026-07-01T07:00:00Z');
    expect(doc.modified).toBe('2026-07-01T07:00:00Z');
    expect(osv.validate(doc)).toEqual([]);
  });

  it('should split ranges closed by fixed and by last_affected into separate SEMVER ranges, as OSV requires', () => {
    const ranges = [
      { introduced: '1.0.0', fixed: '1.0.5' },
      { introduced: '1.1.0', last_affected: '1.1.9' },
      { introduced: '1.2.0', fixed: '1.2.3' },
    ];
    const out = osvRanges(ranges);
    expect(out).toHaveLength(2);
    expect(out.flatMap((r) => rangesFromOsvEvents(r.events))).toEqual([ranges[0], ranges[2], ranges[1]]);
    const sample = byId(advisories, 'RSEC-2026-0004');
    const doc = render(withData(sample, { affected: [{ ...sample.data.affected![0], ranges }] })).doc;
    expect(osv.validate(doc)).toEqual([]);
  });

  it('should say when the id prefix is one OSV does not know', () => {
    const { notes, doc } = render(withData(byId(advisories, 'RSEC-2026-0004'), { id: 'ZZSEC-2026-0004' }));
    expect(notes).toEqual([expect.stringMatching(/prefix of ZZSEC-2026-0004 is not one OSV knows/)]);
    expect(osv.validate(doc)[0]).toMatch(/^\/id: must match/);
  });

  it('should reject a document the schema does not allow, with a readable error', () => {
    const { doc } = render(byId(advisories, 'RSEC-2026-0001'));
    doc.affected[0].ranges[0].type = 'SEMVERISH';
    expect(osv.validate(doc)).toContain('/affected/0/ranges/0/type: must be equal to one of the allowed values: "GIT", "SEMVER", "ECOSYSTEM" (found "SEMVERISH")');
  });
});

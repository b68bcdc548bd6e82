import { beforeAll, describe, expect, it } from 'vitest';
import type { Advisory } from '../../src/advisory/schema.ts';
import { scoreCvss } from '../../src/advisory/cvss.ts';
import type { TeamConfig } from '../../src/config/schema.ts';
import { cve, PLACEHOLDER_ORG_ID } from '../../src/exports/cve/index.ts';
import { byId, ctx, loadSamples, withData } from './samples.ts';

let config: TeamConfig;
let advisories: Advisory[];
beforeAll(async () => {
  ({ config, advisories } = await loadSamples());
});

function records(advisory: Advisory, cfg: TeamConfig = config) {
  return cve.render(ctx(advisory, cfg)).map((d) => ({ ...d, document: d.document as Record<string, any> }));
}

describe('CVE JSON 5 export', () => {
  it('should make one full PUBLISHED record per CVE', () => {
    const out = records(byId(advisories, 'RSEC-2026-0001'));
    expect(out.map((d) => d.name)).toEqual(['cve/CVE-2026-21001.json', 'cve/CVE-2026-21002.json']);
    const [first] = out.map((d) => d.document);
    expect(first.dataType).toBe('CVE_RECORD');
    expect(first.dataVersion).toBe('5.1');
    expect(first.cveMetadata).toMatchObject({ cveId: 'CVE-2026-21001', state: 'PUBLISHED', datePublished: '2026-03-10T15:00:00Z' });
    expect(first.containers.cna.datePublic).toBe('2026-03-10T15:00:00Z');
  });

  it('should make no record for an advisory without CVEs', () => {
    expect(records(byId(advisories, 'RSEC-2026-0003'))).toEqual([]);
  });

  it('should describe each CVE from its own section of the body', () => {
    const [a, b] = records(byId(advisories, 'RSEC-2026-0001')).map((d) => d.document.containers.cna);
    expect(a.title).toBe('Stack overflow when parsing nested groups in rivet-regex');
    expect(b.title).toBe('Exponential backtracking with empty sub-expressions in rivet-regex');
    expect(a.descriptions[0].value).toMatch(/^Parsing or matching attacker-controlled .*\n\nThe parser of rivet-regex used recursion/s);
    expect(b.descriptions[0].value).toContain('such as (a*)*b, made the backtracking engine explore');
    expect(a.descriptions[0].supportingMedia[0]).toMatchObject({ type: 'text/markdown', base64: false });
    expect(a.descriptions[0].supportingMedia[0].value).toMatch(/^## CVE-2026-21001: /);
  });

  it('should give affected versions as semver lessThan ranges with the project as vendor', () => {
    const cna = records(byId(advisories, 'RSEC-2026-0002'))[0].document.containers.cna;
    expect(cna.affected).toEqual([
      {
        vendor: 'Rivet',
        product: 'rivet-std',
        platforms: ['Windows'],
        programRoutines: [{ name: 'std::process::Command' }],
        versions: [{ version: '1.0.0', status: 'affected', lessThan: '1.42.3', versionType: 'semver' }],
        defaultStatus: 'unaffected',
      },
    ]);
    const crate = records(byId(advisories, 'RSEC-2026-0001'))[0].document.containers.cna.affected[0];
    expect(crate).toMatchObject({ collectionURL: 'https://crates.io', packageName: 'rivet-regex' });
  });

  it('should carry lessThanOrEqual for last_affected and a service as "n/a"', () => {
    const sample = byId(advisories, 'RSEC-2026-0004');
    const service = byId(advisories, 'RSEC-2026-0003').data.affected![0];
    const advisory = withData(sample, {
      affected: [{ ...sample.data.affected![0], ranges: [{ introduced: '0.9.0', last_affected: '0.96.0' }] }, service],
    });
    const [record] = records(advisory);
    const [pkg, svc] = record.document.containers.cna.affected;
    expect(pkg.versions).toEqual([{ version: '0.9.0', status: 'affected', lessThanOrEqual: '0.96.0', versionType: 'semver' }]);
    expect(svc).toMatchObject({ product: 'pkgs.rivet-lang.org', versions: [{ version: 'n/a', status: 'affected' }] });
    expect(cve.validate(record.document)).toEqual([]);
  });

  it('should give CVSS 3.1 metrics with the computed score and every base metric spelled out', () => {
    const metrics = records(byId(advisories, 'RSEC-2026-0002'))[0].document.containers.cna.metrics;
    expect(metrics[0].cvssV3_1).toEqual({
      version: '3.1',
      vectorString: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H',
      baseScore: 8.1,
      baseSeverity: 'HIGH',
      attackVector: 'NETWORK',
      attackComplexity: 'HIGH',
      privilegesRequired: 'NONE',
      userInteraction: 'NONE',
      scope: 'UNCHANGED',
      confidentialityImpact: 'HIGH',
      integrityImpact: 'HIGH',
      availabilityImpact: 'HIGH',
    });
    // The team's own rating and why it differs from CVSS.
    expect(metrics[1].other).toMatchObject({ type: 'vendor severity', content: { text: 'low', rationale: expect.stringContaining('batch files') } });
  });

  it('should give CVSS 4.0 metrics with the computed score', () => {
    const sample = byId(advisories, 'RSEC-2026-0003');
    const [record] = records(withData(sample, { cve: ['CVE-2026-99999'] }));
    const vector = sample.data.cvss![0];
    expect(record.document.containers.cna.metrics[0].cvssV4_0).toMatchObject({
      version: '4.0',
      vectorString: vector,
      baseScore: scoreCvss(vector).score,
      baseSeverity: scoreCvss(vector).band.toUpperCase(),
      attackRequirements: 'NONE',
      userInteraction: 'NONE',
      vulnConfidentialityImpact: 'LOW',
      subAvailabilityImpact: 'NONE',
    });
    expect(cve.validate(record.document)).toEqual([]);
  });

  it('should map credits to the CVE schema\'s spelling and CWEs to problemTypes', () => {
    const cna = records(byId(advisories, 'RSEC-2026-0002'))[0].document.containers.cna;
    expect(cna.credits).toEqual([
      { lang: 'en', value: 'Ryotaro Ikeda', type: 'reporter' },
      { lang: 'en', value: 'Sam Whitfield (Rivet Project)', type: 'remediation developer' },
      { lang: 'en', value: 'Pietro Albini (Rivet Security Response)', type: 'remediation reviewer' },
    ]);
    expect(cna.problemTypes[0].descriptions.map((d: any) => d.cweId)).toEqual(['CWE-78', 'CWE-88']);
    expect(cna.problemTypes[0].descriptions[1].description).toBe("CWE-88: Improper Neutralization of Argument Delimiters in a Command ('Argument Injection')");
  });

  it('should use the placeholder CNA id with a note, or the configured one without', () => {
    const sample = byId(advisories, 'RSEC-2026-0004');
    const [placeholder] = records(sample);
    expect(placeholder.document.cveMetadata.assignerOrgId).toBe(PLACEHOLDER_ORG_ID);
    expect(placeholder.notes.join('\n')).toMatch(/set `cve\.assigner_org_id`/);
    const orgId = '8254265b-2729-46b6-b9e3-3dfca2d5bfca';
    const configured = { ...config, cve: { assigner_org_id: orgId, assigner_short_name: 'rivet' } } as TeamConfig;
    const [real] = records(sample, configured);
    expect(real.document.cveMetadata).toMatchObject({ assignerOrgId: orgId, assignerShortName: 'rivet' });
    expect(real.document.containers.cna.providerMetadata.orgId).toBe(orgId);
    expect(real.notes).toEqual([]);
    expect(cve.validate(real.document)).toEqual([]);
  });

  it('should turn a withdrawn advisory into REJECTED records giving the reason', () => {
    const sample = byId(advisories, 'RSEC-2026-0001');
    const withdrawn = withData(sample, {
      status: 'withdrawn',
      updates: [...sample.data.updates!, { at: '2026-04-01T12:00:00Z', note: 'Not a vulnerability: the limit was already enforced by the caller.' }],
    });
    const out = records(withdrawn);
    expect(out).toHaveLength(2);
    for (const { document } of out) {
      expect(document.cveMetadata).toMatchObject({ state: 'REJECTED', dateRejected: '2026-04-01T12:00:00Z' });
      expect(document.containers.cna.rejectedReasons[0].value).toContain('Not a vulnerability');
      expect(cve.validate(document)).toEqual([]);
    }
  });

  it('should fall back to the archive as the one required reference', () => {
    const sample = byId(advisories, 'RSEC-2026-0004');
    const [record] = records(withData(sample, { references: undefined, links: undefined }));
    expect(record.document.containers.cna.references).toEqual([{ url: config.site.base_url, tags: ['vendor-advisory'] }]);
    expect(cve.validate(record.document)).toEqual([]);
  });
});

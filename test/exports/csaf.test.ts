import { beforeAll, describe, expect, it } from 'vitest';
import type { Advisory } from '../../src/advisory/schema.ts';
import type { TeamConfig } from '../../src/config/schema.ts';
import { csafConformance } from '../../src/exports/csaf/conformance.ts';
import { csaf, csafFileName } from '../../src/exports/csaf/index.ts';
import { versRange } from '../../src/exports/csaf/product-tree.ts';
import { byId, ctx, loadSamples, withData } from './samples.ts';

let config: TeamConfig;
let advisories: Advisory[];
beforeAll(async () => {
  ({ config, advisories } = await loadSamples());
});

function render(advisory: Advisory) {
  const [doc] = csaf.render(ctx(advisory, config));
  return { doc: doc.document as Record<string, any>, notes: doc.notes, name: doc.name };
}

describe('CSAF 2.0 export', () => {
  it('should fill document, publisher and tracking from the advisory and the config', () => {
    const { doc, name } = render(byId(advisories, 'RSEC-2026-0002'));
    expect(name).toBe('csaf/rsec-2026-0002.json');
    expect(doc.document).toMatchObject({
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      publisher: { category: 'vendor', name: 'Rivet', namespace: 'https://rivet-lang.org' },
      aggregate_severity: { text: 'low' },
    });
    expect(doc.document.tracking).toMatchObject({
      id: 'RSEC-2026-0002',
      status: 'final',
      version: '2',
      initial_release_date: '2026-06-16T14:00:00Z',
      current_release_date: '2026-06-18T08:30:00Z',
    });
    expect(doc.document.tracking.revision_history.map((r: any) => r.number)).toEqual(['1', '2']);
    expect(doc.document.notes.map((n: any) => n.category)).toEqual(['summary', 'details', 'general']);
  });

  it('should mark an embargoed advisory interim', () => {
    expect(render(byId(advisories, 'RSEC-2026-0004')).doc.document.tracking.status).toBe('interim');
  });

  it('should build vendor → product → version range branches and point statuses at them', () => {
    const { doc } = render(byId(advisories, 'RSEC-2026-0002'));
    const vendor = doc.product_tree.branches[0];
    expect(vendor).toMatchObject({ category: 'vendor', name: 'Rivet' });
    const product = vendor.branches[0];
    expect(product).toMatchObject({ category: 'product_name', name: 'rivet-std' });
    expect(product.branches.map((b: any) => [b.category, b.name, b.product.product_id])).toEqual([
      ['product_version_range', 'vers:semver/>=1.0.0|<1.42.3', 'rivet-std-vulnerable-1'],
      ['product_version', '1.42.3', 'rivet-std-1.42.3'],
    ]);
    expect(product.branches[0].product.name).toBe('rivet-std 1.0.0 up to and excluding 1.42.3 (Windows only)');
    const [v] = doc.vulnerabilities;
    expect(v.product_status).toEqual({ known_affected: ['rivet-std-vulnerable-1'], fixed: ['rivet-std-1.42.3'] });
    expect(v.remediations[0]).toEqual({ category: 'vendor_fix', details: 'Update rivet-std to 1.42.3 or later.', product_ids: ['rivet-std-vulnerable-1'] });
  });

  it('should write vers ranges for every kind of range', () => {
    expect(versRange({ introduced: '0', fixed: '1.11.2' })).toBe('vers:semver/<1.11.2');
    expect(versRange({ introduced: '1.2.0', last_affected: '1.2.9' })).toBe('vers:semver/>=1.2.0|<=1.2.9');
    expect(versRange({ introduced: '1.2.0' })).toBe('vers:semver/>=1.2.0');
    expect(versRange({ introduced: '0' })).toBe('vers:semver/*');
  });

  it('should make one vulnerability per CVE with its CWE, score, acknowledgments and GHSA id', () => {
    const { doc } = render(byId(advisories, 'RSEC-2026-0001'));
    expect(doc.vulnerabilities.map((v: any) => [v.cve, v.title])).toEqual([
      ['CVE-2026-21001', 'Stack overflow when parsing nested groups in rivet-regex'],
      ['CVE-2026-21002', 'Exponential backtracking with empty sub-expressions in rivet-regex'],
    ]);
    const [v] = doc.vulnerabilities;
    expect(v.cwe).toEqual({ id: 'CWE-674', name: 'Uncontrolled Recursion' });
    expect(v.ids).toEqual([{ system_name: 'GitHub Security Advisory', text: 'GHSA-m5pq-gvj9-9vr8' }]);
    expect(v.scores).toEqual([
      {
        products: ['rivet-regex-vulnerable-1'],
        cvss_v3: expect.objectContaining({ version: '3.1', baseScore: 7.5, baseSeverity: 'HIGH', availabilityImpact: 'HIGH' }),
      },
    ]);
    expect(v.acknowledgments[0]).toEqual({ names: ['Addison Crump'], summary: 'finding the issue', urls: ['https://github.com/addisoncrump'] });
    expect(v.notes.find((n: any) => n.title === 'Weaknesses').text).toContain('CWE-1333: Inefficient Regular Expression Complexity');
  });

  it('should export a service without CVE as one fixed product, and keep CVSS 4.0 as a note', () => {
    const { doc, notes } = render(byId(advisories, 'RSEC-2026-0003'));
    expect(doc.product_tree.branches[0].branches[0]).toEqual({
      category: 'product_name',
      name: 'pkgs.rivet-lang.org',
      product: { product_id: 'pkgs.rivet-lang.org', name: 'pkgs.rivet-lang.org' },
    });
    const [v] = doc.vulnerabilities;
    expect(v.cve).toBeUndefined();
    expect(v.product_status).toEqual({ fixed: ['pkgs.rivet-lang.org'] });
    expect(v.scores).toBeUndefined();
    expect(v.notes.find((n: any) => n.title === 'CVSS 4.0').text).toMatch(/^CVSS:4\.0\/AV:N.* \(base score \d+(\.\d)?\)$/);
    expect(notes.join('\n')).toMatch(/CVSS 4\.0 .* cannot be carried as a score by CSAF 2\.0/);
  });

  it('should name a CWE without a known name only in a note', () => {
    const sample = byId(advisories, 'RSEC-2026-0004');
    const { doc, notes } = render(withData(sample, { cwe: ['CWE-99999'] }));
    expect(doc.vulnerabilities[0].cwe).toBeUndefined();
    expect(doc.vulnerabilities[0].notes.find((n: any) => n.title === 'Weaknesses').text).toBe('CWE-99999');
    expect(notes.join('\n')).toMatch(/CWE-99999 has no name/);
    expect(csaf.validate(doc)).toEqual([]);
  });

  it('should follow CSAF file naming', () => {
    expect(csafFileName('RSEC-2026-0001')).toBe('rsec-2026-0001.json');
    expect(csafFileName('Example Co:2026/7')).toBe('example_co_2026_7.json');
  });

  describe('conformance beyond the schema', () => {
    it('should report a product id that is referenced but not defined', () => {
      const { doc } = render(byId(advisories, 'RSEC-2026-0002'));
      doc.vulnerabilities[0].product_status.known_affected.push('nowhere-1');
      expect(csaf.validate(doc)).toEqual(['/vulnerabilities/0/product_status/known_affected/1: product id "nowhere-1" is not defined in the product tree (CSAF 6.1.1)']);
    });

    it('should report a score that disagrees with its vector, and contradicting statuses', () => {
      const { doc } = render(byId(advisories, 'RSEC-2026-0002'));
      doc.vulnerabilities[0].scores[0].cvss_v3.baseScore = 9.8;
      doc.vulnerabilities[0].scores[0].cvss_v3.attackComplexity = 'LOW';
      doc.vulnerabilities[0].product_status.fixed.push('rivet-std-vulnerable-1');
      expect(csafConformance(doc)).toEqual([
        '/vulnerabilities/0/product_status: product "rivet-std-vulnerable-1" is both affected and fixed (CSAF 6.1.6)',
        '/vulnerabilities/0/scores/0/cvss_v3/baseScore: is 9.8 but the vector says 8.1 (CSAF 6.1.9)',
        '/vulnerabilities/0/scores/0/cvss_v3/attackComplexity: is "LOW" but the vector says "HIGH" (CSAF 6.1.10)',
      ]);
    });

    it('should report a version that is not the latest revision and a wrong CWE name', () => {
      const { doc } = render(byId(advisories, 'RSEC-2026-0002'));
      doc.document.tracking.version = '1';
      doc.vulnerabilities[0].cwe.name = 'Command Injection';
      expect(csafConformance(doc)).toEqual([
        '/vulnerabilities/0/cwe/name: "Command Injection" is not the name of CWE-78 ("Improper Neutralization of Special Elements used in an OS Command (\'OS Command Injection\')") (CSAF 6.1.11)',
        '/document/tracking/version: is "1" but the latest revision is "2" (CSAF 6.1.16)',
      ]);
    });

    it('should report a duplicate CVE, a remediation for no product and a range named as a version', () => {
      const { doc } = render(byId(advisories, 'RSEC-2026-0001'));
      doc.vulnerabilities[1].cve = 'CVE-2026-21001';
      delete doc.vulnerabilities[0].remediations[0].product_ids;
      doc.product_tree.branches[0].branches[0].branches[1].name = 'all versions before 1.11.2';
      expect(csafConformance(doc)).toEqual([
        '/vulnerabilities/0/remediations/0: names no product_ids or group_ids (CSAF 6.1.29)',
        '/vulnerabilities/1/cve: CVE-2026-21001 is also /vulnerabilities/0 (CSAF 6.1.23)',
        '/product_tree/branches/0/branches/0/branches/1/name: "all versions before 1.11.2" is a range; use a product_version_range branch for it (CSAF 6.1.31)',
      ]);
    });

    it('should report a security advisory without vulnerabilities or product tree', () => {
      const { doc } = render(byId(advisories, 'RSEC-2026-0004'));
      delete doc.product_tree;
      doc.vulnerabilities = [];
      expect(csafConformance(doc)).toEqual([
        '/: a security advisory needs a product_tree (CSAF 6.1.27.4)',
        '/: a security advisory needs vulnerabilities (CSAF 6.1.27.11)',
      ]);
    });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  discourseRequestValidator,
  discourseResponseValidator,
  githubRequestValidator,
  githubResponseValidator,
  isOsvEcosystem,
  isOsvId,
  matchDiscourseOperation,
  matchGithubOperation,
  normaliseNullable,
  validateCsaf,
  validateCve,
  validateOsv,
} from '../../src/schemas/index.ts';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/schemas');
function fixture(name: string): Record<string, any> {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
}

const ADVISORIES = '/repos/{owner}/{repo}/security-advisories';

describe('validateOsv', () => {
  it('should accept a valid OSV document', () => {
    expect(validateOsv(fixture('osv-valid.json'))).toEqual([]);
  });

  it('should reject an unknown ecosystem, naming the field and the value found', () => {
    const doc = fixture('osv-valid.json');
    doc.affected[0].package.ecosystem = 'rivet-toolchain';
    const errors = validateOsv(doc);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\/affected\/0\/package\/ecosystem: must match .*\(found "rivet-toolchain"\)$/);
  });

  it('should reject a timestamp without Z and a missing id', () => {
    const doc = fixture('osv-valid.json');
    delete doc.id;
    doc.modified = '2099-01-02T03:04:05+01:00';
    const errors = validateOsv(doc);
    expect(errors).toContain("/: must have required property 'id'");
    expect(errors.some((e) => e.startsWith('/modified: must match pattern'))).toBe(true);
  });

  it('should reject fixed and last_affected in one range (a rule beyond types)', () => {
    const doc = fixture('osv-valid.json');
    doc.affected[0].ranges[0].events.push({ last_affected: '1.2.0' });
    expect(validateOsv(doc).join('\n')).toMatch(/\/affected\/0\/ranges\/0/);
  });
});

describe('OSV names read from the schema', () => {
  it('should know ecosystems (with suffixes) and id prefixes from the vendored schema', () => {
    expect(isOsvEcosystem('crates.io')).toBe(true);
    expect(isOsvEcosystem('Debian:12')).toBe(true);
    expect(isOsvEcosystem('rivet-toolchain')).toBe(false);
    expect(isOsvEcosystem('service')).toBe(false);
    expect(isOsvId('RSEC-2026-0001')).toBe(true);
    expect(isOsvId('RUSTSEC-2026-0001')).toBe(true);
    expect(isOsvId('ZZSEC-2026-0001')).toBe(false);
  });
});

describe('validateCve', () => {
  it('should accept a valid CVE record', () => {
    expect(validateCve(fixture('cve-valid.json'))).toEqual([]);
  });

  it('should reject a record without descriptions and with a bad state', () => {
    const doc = fixture('cve-valid.json');
    delete doc.containers.cna.descriptions;
    doc.cveMetadata.state = 'DONE';
    const text = validateCve(doc).join('\n');
    expect(text).toContain("/containers/cna: must have required property 'descriptions'");
    expect(text).toMatch(/\/cveMetadata\/state: .*\(found "DONE"\)/);
  });
});

describe('validateCsaf', () => {
  it('should accept a valid CSAF 2.0 advisory (with the FIRST CVSS 3.1 schema registered)', () => {
    expect(validateCsaf(fixture('csaf-valid.json'))).toEqual([]);
  });

  it('should check CVSS objects against the FIRST schema', () => {
    const doc = fixture('csaf-valid.json');
    doc.vulnerabilities[0].scores[0].cvss_v3.baseSeverity = 'SEVERE';
    expect(validateCsaf(doc)).toContain(
      '/vulnerabilities/0/scores/0/cvss_v3/baseSeverity: must be equal to one of the allowed values: "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL" (found "SEVERE")',
    );
  });

  it('should reject an unknown document category', () => {
    const doc = fixture('csaf-valid.json');
    doc.document.publisher.category = 'someone';
    expect(validateCsaf(doc).join('\n')).toMatch(/^\/document\/publisher\/category: must be equal to one of the allowed values/m);
  });
});

describe('GitHub OpenAPI validators', () => {
  const createBody = {
    summary: 'A summary',
    description: 'A description',
    severity: 'high',
    cve_id: 'CVE-2099-0001',
    vulnerabilities: [
      { package: { ecosystem: 'rust', name: 'example' }, vulnerable_version_range: '< 1.0.1', patched_versions: '1.0.1' },
    ],
    credits: [{ login: 'octocat', type: 'finder' }],
  };

  it('should accept a valid create-advisory request body', () => {
    expect(githubRequestValidator('POST', ADVISORIES)(createBody)).toEqual([]);
  });

  it('should accept null for a nullable enum once nullable is normalised', () => {
    expect(githubRequestValidator('post', ADVISORIES)({ ...createBody, severity: null, cvss_vector_string: null })).toEqual([]);
  });

  it('should reject a wrong ecosystem and a missing description with readable messages', () => {
    const { description: _d, ...body } = createBody;
    const bad = { ...body, vulnerabilities: [{ package: { ecosystem: 'crates.io', name: 'example' } }] };
    const errors = githubRequestValidator('POST', ADVISORIES)(bad);
    expect(errors).toContain("/: must have required property 'description'");
    expect(errors.join('\n')).toMatch(/\/vulnerabilities\/0\/package\/ecosystem: must be equal to one of the allowed values: .*"rust".* \(found "crates.io"\)/);
  });

  it('should validate response bodies per status and compile them once', () => {
    const v = githubResponseValidator('GET', ADVISORIES, 200);
    expect(v([])).toEqual([]);
    expect(v({})).toEqual(['/: must be array (found {})']);
    expect(githubResponseValidator('GET', ADVISORIES, '200')).toBe(v);
    expect(githubResponseValidator('POST', ADVISORIES, 201)({}).join('\n')).toContain("must have required property 'ghsa_id'");
  });

  it('should refuse an undocumented operation or status with the alternatives', () => {
    expect(() => githubRequestValidator('DELETE', ADVISORIES)).toThrow(/documents GET, POST/);
    expect(() => githubResponseValidator('GET', ADVISORIES, 500)).toThrow(/200, 400, 404/);
    expect(() => githubRequestValidator('POST', '/nope')).toThrow(/no path "\/nope"/);
  });

  it('should route a concrete path to its template', () => {
    expect(matchGithubOperation('PATCH', '/repos/rivet-lang/rivet/security-advisories/GHSA-m5pq-gvj9-9vr8')).toEqual({
      template: '/repos/{owner}/{repo}/security-advisories/{ghsa_id}',
      params: { owner: 'rivet-lang', repo: 'rivet', ghsa_id: 'GHSA-m5pq-gvj9-9vr8' },
    });
    expect(matchGithubOperation('GET', '/repos/a/b/security-advisories?state=draft')?.template).toBe(ADVISORIES);
    expect(matchGithubOperation('DELETE', '/repos/a/b/security-advisories')).toBeNull();
  });
});

describe('Discourse OpenAPI validators', () => {
  it('should accept a topic-creating POST /posts.json and reject unknown keys', () => {
    const v = discourseRequestValidator('POST', '/posts.json');
    expect(v({ title: 'T', raw: 'Body', category: 4, external_id: 'RSEC-2026-0001' })).toEqual([]);
    expect(v({ title: 'T', raw: 'Body', category: '4', tags: [] })).toEqual([
      '/: must NOT have additional properties (found "tags")',
      '/category: must be integer (found "4")',
    ]);
  });

  it('should validate responses, and accept only an empty body where none is documented', () => {
    expect(discourseResponseValidator('POST', '/posts.json', 200)({ id: 1 }).length).toBeGreaterThan(0);
    const redirect = discourseResponseValidator('GET', '/t/external_id/{external_id}.json', 301);
    expect(redirect(undefined)).toEqual([]);
    expect(redirect({ id: 1 })).toHaveLength(1);
  });

  it('should prefer the most literal template when routing', () => {
    expect(matchDiscourseOperation('GET', '/t/external_id/RSEC-2026-0001.json')).toEqual({
      template: '/t/external_id/{external_id}.json',
      params: { external_id: 'RSEC-2026-0001' },
    });
    expect(matchDiscourseOperation('GET', '/t/1931.json')?.template).toBe('/t/{id}.json');
  });
});

describe('normaliseNullable', () => {
  it('should turn nullable nodes into anyOf with null, at any depth, without changing the input', () => {
    const input = { type: 'object', properties: { s: { type: 'string', enum: ['a'], nullable: true } } };
    expect(normaliseNullable(input)).toEqual({
      type: 'object',
      properties: { s: { anyOf: [{ type: 'string', enum: ['a'] }, { type: 'null' }] } },
    });
    expect(input.properties.s.nullable).toBe(true);
  });
});

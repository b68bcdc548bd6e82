import { describe, expect, it } from 'vitest';
import { ghsaBody } from '../../src/channels/ghsa/index.ts';
import { githubEcosystem } from '../../src/channels/ghsa/ecosystems.ts';
import { githubRequestValidator } from '../../src/schemas/index.ts';
import { sampleContext } from './support.ts';

const validate = githubRequestValidator('POST', '/repos/{owner}/{repo}/security-advisories');

describe('githubEcosystem', () => {
  it('should spell OSV ecosystems as GitHub does and fall back to "other"', () => {
    const pairs: [string, string][] = [
      ['crates.io', 'rust'], ['npm', 'npm'], ['PyPI', 'pip'], ['Go', 'go'], ['Maven', 'maven'], ['NuGet', 'nuget'],
      ['RubyGems', 'rubygems'], ['Packagist', 'composer'], ['Pub', 'pub'], ['Hex', 'erlang'], ['SwiftURL', 'swift'],
      ['GitHub Actions', 'actions'], ['rivet-toolchain', 'other'], ['pypi', 'other'],
    ];
    for (const [osv, gh] of pairs) expect(githubEcosystem(osv), osv).toBe(gh);
  });
});

describe('ghsaBody', () => {
  it('should take the first CVE and say that the others do not fit', async () => {
    const notes: string[] = [];
    const body = ghsaBody(await sampleContext('RSEC-2026-0001'), notes);
    expect(body.cve_id).toBe('CVE-2026-21001');
    expect(notes.join('\n')).toContain('CVE-2026-21002 appear in the description only');
    expect(body.description).toContain('CVE-2026-21002');
  });

  it('should map credits with a GitHub login to GitHub credit types and report the rest', async () => {
    const notes: string[] = [];
    const body = ghsaBody(await sampleContext('RSEC-2026-0001'), notes);
    expect(body.credits).toEqual([{ login: 'addisoncrump', type: 'finder' }]);
    expect(notes.join('\n')).toContain('Mira Okonkwo, Jonas Lindqvist are credited in the description only');
  });

  it('should derive ranges, patched versions and functions from `affected`', async () => {
    const body = ghsaBody(await sampleContext('RSEC-2026-0001'));
    expect(body.vulnerabilities).toEqual([
      {
        package: { ecosystem: 'rust', name: 'rivet-regex' },
        vulnerable_version_range: '< 1.11.2',
        patched_versions: '1.11.2',
        vulnerable_functions: ['rivet_regex::Regex::new', 'rivet_regex::RegexBuilder::build'],
      },
    ]);
  });

  it('should send the severity when only a CVSS 4.0 vector exists, and leave services out', async () => {
    const ctx = await sampleContext('RSEC-2026-0003');
    const notes: string[] = [];
    const body = ghsaBody(ctx, notes);
    expect(body.severity).toBe('medium');
    expect(body).not.toHaveProperty('cvss_vector_string');
    expect(body.vulnerabilities).toEqual([]);
    expect(notes.join('\n')).toMatch(/service: left out/);
    expect(validate(body)).toEqual([]);
  });

  it('should send the team\'s severity (not the vector) when the team rates differently from CVSS', async () => {
    const notes: string[] = [];
    const body = ghsaBody(await sampleContext('RSEC-2026-0002'), notes);
    expect(body.severity).toBe('low');
    expect(body).not.toHaveProperty('cvss_vector_string');
    expect(body.description).toContain('CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H');
    expect(notes.join('\n')).toContain('the team rates this low');
  });

  it('should send the CVSS 3.1 vector (not the severity) when its band agrees with the team', async () => {
    const body = ghsaBody(await sampleContext('RSEC-2026-0001'));
    expect(body.cvss_vector_string).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H');
    expect(body).not.toHaveProperty('severity');
  });

  it('should make one vulnerability per range of a package', async () => {
    const ctx = await sampleContext('RSEC-2026-0004');
    ctx.advisory.data.affected = [{ package: 'p', ecosystem: 'npm', ranges: [{ introduced: '1.0.0', fixed: '1.0.5' }, { introduced: '2.0.0', last_affected: '2.1.0' }] }];
    const body = ghsaBody(ctx);
    expect(body.vulnerabilities.map((v) => [v.vulnerable_version_range, v.patched_versions])).toEqual([
      ['>= 1.0.0, < 1.0.5', '1.0.5'],
      ['>= 2.0.0, <= 2.1.0', null],
    ]);
    expect(validate(body)).toEqual([]);
  });
});

describe('ghsaBody limits', () => {
  it('should refuse a description longer than GitHub accepts, naming the file and the limit', async () => {
    const ctx = await sampleContext('RSEC-2026-0004');
    ctx.advisory.body += `\n\n## Appendix\n\n${'long text '.repeat(7000)}\n`;
    expect(() => ghsaBody(ctx)).toThrow(/RSEC-2026-0004\.md: body: the GHSA description would be \d+ characters; GitHub takes at most 65535/);
  });
});

import { describe, expect, it } from 'vitest';
import { closest, editDistance, knownKeysAt, mapZodIssue } from '../../src/advisory/error-map.ts';
import { AdvisoryFrontmatter } from '../../src/advisory/schema.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('severity', 'severity')).toBe(0);
    expect(editDistance('severty', 'severity')).toBe(1);
    expect(editDistance('sevreity', 'severity')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closest', () => {
  it('suggests a plausible typo and nothing for an unrelated word', () => {
    expect(closest('embrago', ['embargo', 'channels'])).toBe('embargo');
    expect(closest('Severity', ['severity'])).toBe('severity');
    expect(closest('banana', ['embargo', 'channels'])).toBeUndefined();
  });
});

describe('knownKeysAt', () => {
  it('walks arrays and optional objects of the schema', () => {
    expect(knownKeysAt([])).toContain('severity_rationale');
    expect(knownKeysAt(['affected', 0])).toEqual(['package', 'ecosystem', 'ranges', 'platforms', 'functions']);
    expect(knownKeysAt(['affected', 0, 'ranges', 1])).toEqual(['introduced', 'fixed', 'last_affected']);
    expect(knownKeysAt(['distros'])).toEqual(['notified', 'skip']);
    expect(knownKeysAt(['title'])).toEqual([]);
  });
});

describe('mapZodIssue', () => {
  it('turns an unknown-keys issue into one finding per key, each pointing at its key', () => {
    const raw = { id: 'RSEC-2026-0001', title: 't', summary: 's', status: 'draft', sumary: 'x', colour: 'red' };
    const result = AdvisoryFrontmatter.safeParse(raw);
    expect(result.success).toBe(false);
    const findings = result.error!.issues.flatMap((i) => mapZodIssue(i, raw));
    expect(findings.map((f) => [f.rule, f.path.join('.'), f.target])).toEqual([
      ['unknown-key', 'sumary', 'key'],
      ['unknown-key', 'colour', 'key'],
    ]);
    expect(findings[0].message).toContain('did you mean "summary"?');
    expect(findings[1].message).not.toContain('did you mean');
    expect(findings[1].fix).toContain('allowed keys here: id, title');
  });

  it('says "is required" for a missing key and names the found type otherwise', () => {
    const raw = { title: 't', summary: 42, status: 'draft' };
    const result = AdvisoryFrontmatter.safeParse(raw);
    const findings = result.error!.issues.flatMap((i) => mapZodIssue(i, raw));
    expect(findings.find((f) => f.path[0] === 'id')).toMatchObject({ rule: 'required', message: 'is required' });
    expect(findings.find((f) => f.path[0] === 'summary')?.message).toBe('must be text, found number 42');
  });
});

import { describe, expect, it } from 'vitest';
import { hidePrivateValues, mapZodIssue } from '../../src/advisory/error-map.ts';
import { AdvisoryFrontmatter } from '../../src/advisory/schema.ts';

describe('hidePrivateValues', () => {
  const raw = { severity: 'canary-contact@reporter.example', private: { contact: 'canary-contact@reporter.example', note: 'Canary "quoted" note' } };

  it('should cut a private value out of a message and a fix', () => {
    const [f] = hidePrivateValues([{ message: 'found "canary-contact@reporter.example"', fix: 'write canary-contact@reporter.example elsewhere' }], raw);
    expect(f).toEqual({ message: 'found "[a private value]"', fix: 'write [a private value] elsewhere' });
  });

  it('should drop a message that still matches after normalising (an escaped spelling)', () => {
    const [f] = hidePrivateValues([{ message: 'found "Canary \\"quoted\\" note"', fix: 'x' }], raw);
    expect(f.message).toBe('has a value that is not valid here (not shown: it equals a private value)');
  });

  it('should leave messages of a file without private values as they are', () => {
    const f = { message: 'found "high"', fix: 'x' };
    expect(hidePrivateValues([f], { severity: 'high' })).toEqual([f]);
  });
});

describe('mapZodIssue under private', () => {
  it('should describe a non-map private by its type only', () => {
    const raw = { private: 'canary-scalar-9d2x' };
    const issues = AdvisoryFrontmatter.safeParse(raw).error!.issues.filter((i) => i.path[0] === 'private');
    const messages = issues.flatMap((i) => mapZodIssue(i, raw)).map((p) => p.message);
    expect(messages).toEqual([expect.stringMatching(/found text \(not shown: it is private\)/)]);
    expect(messages.join()).not.toContain('canary');
  });
});

// Validate, render and publish agree on every private leak: one set of private values and one
// normalisation (src/gate/) behind all three, so what publish or render would refuse, validate
// names with its line, and what validate passes, neither refuses. On main before the gate, validate
// only looked at the body, render compared raw strings, and publish did not look at all.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupRepos, editAdvisory, runScript, sampleRepo } from './support.ts';

const ID = 'RSEC-2026-0004';
// The sample's private values: reporter_contact and triage_notes.
const EMAIL = 'marek.dvorak@example.cz';
const NOTE = 'Reproduced on Debian with umask 077; group-writable build scripts in the cache.';

// After the embargo, so that publish's rehearsal gets as far as its preflight and gate.
const AFTER = { DISCLOSE_NOW: '2026-12-08T17:05:00Z' };
const BEFORE = { DISCLOSE_NOW: '2026-11-29T12:00:00Z' };

const LEAKS: { name: string; field: RegExp; change: (t: string) => string }[] = [
  { name: 'the address in the body', field: /\[body-private\] body/, change: (t) => t.replace('## Mitigations\n', `## Mitigations\n\nWrite to ${EMAIL} for details.\n`) },
  { name: 'the address as HTML entities in the body', field: /\[body-private\] body/, change: (t) => t.replace('## Mitigations\n', `## Mitigations\n\nWrite to ${EMAIL.replace('@', '&#64;').replace('.', '&#x2E;')}.\n`) },
  { name: 'the note wrapped over two body lines', field: /\[body-private\] body/, change: (t) => t.replace('## Mitigations\n', `## Mitigations\n\n${NOTE.replace('umask 077; ', 'umask 077;\n')}\n`) },
  { name: 'the address in a timeline event', field: /\[private-leak\] timeline\.\d+\.event/, change: (t) => t.replace(/(\n {4}event: )([^\n]+)/, `$1'$2 (${EMAIL})'`) },
  { name: 'the note in the summary, in capitals', field: /\[private-leak\] summary/, change: (t) => t.replace(/^summary: .*$/m, `summary: '${NOTE.toUpperCase()}'`) },
];

afterEach(cleanupRepos);

describe('a private value repeated in a public place', () => {
  for (const leak of LEAKS) {
    it(`is named by validate and refused by render and publish: ${leak.name}`, () => {
      const root = sampleRepo();
      editAdvisory(root, ID, leak.change);
      const v = runScript(root, 'validate', [`advisories/${ID}.md`], BEFORE);
      expect(v.status, v.out).toBe(1);
      expect(v.stdout).toMatch(leak.field);
      const r = runScript(root, 'render', [ID], BEFORE);
      expect(r.status, r.out).toBe(3);
      const p = runScript(root, 'publish', [ID], AFTER);
      expect(p.status, p.out).toBe(3);
      for (const out of [v.out, r.out, p.out]) {
        expect(out).not.toContain(EMAIL);
        expect(out).not.toContain('group-writable build scripts');
      }
    });
  }

  it('is accepted by all three when nothing private is repeated (the control)', () => {
    const root = sampleRepo();
    expect(runScript(root, 'validate', [`advisories/${ID}.md`], BEFORE).status).toBe(0);
    expect(runScript(root, 'render', [ID], BEFORE).status).toBe(0);
    const p = runScript(root, 'publish', [ID], AFTER);
    expect(p.status, p.out).toBe(0);
  });
});

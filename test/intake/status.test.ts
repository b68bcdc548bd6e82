import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeText, foldLine } from '../../src/intake/ics.ts';
import { makeRoot, runScript } from './support.ts';

const NOW = '2026-11-29T09:00:00Z';
const FP = '50B11413DDF09A8F99D1DA857407FEE08C039B33';
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const body = '\nThe team was notified that TODO.\n\n## Overview\n\nTODO.\n\n## Affected Versions\n\nTODO.\n\n## Mitigations\n\nTODO.\n\n## Acknowledgments\n';
// A long title with multi-byte characters, so ics folding must not split a UTF-8 sequence.
const LONG_TITLE = 'Überlauf im Größenparser: «rivet-fmt» schreibt über das Ende des Puffers ✓ — bei Eingaben mit Emoji 🦀🦀🦀';

function write(root: string, name: string, frontmatter: string): void {
  writeFileSync(path.join(root, 'advisories', name), `---\n${frontmatter.trim()}\n---\n${body}`);
}

function fixtureRoot(): string {
  // 0004 (embargoed, distros already notified) and 0001 (published: no deadlines) are the samples.
  // 0013 forgot distros in its channels: severity high still requires it (spec §5).
  const root = makeRoot(FP, ['RSEC-2026-0001.md', 'RSEC-2026-0004.md']);
  roots.push(root);
  write(root, 'RSEC-2026-0010.md', `
id: RSEC-2026-0010
title: Fresh report
summary: TODO.
status: draft
private:
  received: "2026-11-28T10:00:00Z"`);
  write(root, 'RSEC-2026-0011.md', `
id: RSEC-2026-0011
title: Old report nobody answered
summary: TODO.
status: draft
private:
  received: "2026-11-26T08:30:00+01:00"`);
  write(root, 'RSEC-2026-0012.md', `
id: RSEC-2026-0012
title: Acknowledged report
summary: TODO.
status: draft
private:
  received: "2026-11-20T10:00:00Z"
  acknowledged: "2026-11-21T09:00:00Z"`);
  write(root, 'RSEC-2026-0013.md', `
id: RSEC-2026-0013
title: "${LONG_TITLE}"
summary: TODO.
status: embargoed
severity: high
embargo: "2026-12-10T17:00:00Z"
channels: [announce, oss-security]
affected:
  - package: rivet-fmt
    ecosystem: crates.io
    ranges:
      - introduced: "1.0.0"
        fixed: "1.2.3"`);
  write(root, 'RSEC-2026-0014.md', `
id: RSEC-2026-0014
title: Embargo passed, distros forgotten
summary: TODO.
status: embargoed
severity: medium
embargo: "2026-11-28T17:00:00Z"
channels: [announce, distros]
affected:
  - package: rivet
    ecosystem: crates.io`);
  write(root, 'RSEC-2026-0015.md', `
id: RSEC-2026-0015
title: Draft without a received time
summary: TODO.
status: draft`);
  writeFileSync(path.join(root, 'advisories', 'RSEC-2026-0016.md'), '---\nid: [broken\n---\n');
  return root;
}

describe('npm run status', () => {
  it('computes every open deadline under DISCLOSE_NOW, soonest first, and marks the overdue ones', () => {
    const root = fixtureRoot();
    const r = runScript('status.ts', ['--json'], root, { DISCLOSE_NOW: NOW });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.now).toBe(NOW);
    const compact = out.deadlines.map((d: Record<string, unknown>) => [d.id, d.kind, d.due, d.overdue, d.earliest ?? null]);
    expect(compact).toEqual([
      ['RSEC-2026-0014', 'distros', '2026-11-25T17:00:00Z', true, '2026-11-14T17:00:00Z'],
      ['RSEC-2026-0011', 'ack', '2026-11-28T07:30:00Z', true, null],
      ['RSEC-2026-0014', 'public', '2026-11-28T17:00:00Z', true, null],
      ['RSEC-2026-0010', 'ack', '2026-11-30T10:00:00Z', false, null],
      ['RSEC-2026-0014', 'oss-exploit', '2026-12-05T17:00:00Z', false, null],
      ['RSEC-2026-0013', 'distros', '2026-12-07T17:00:00Z', false, '2026-11-26T17:00:00Z'],
      ['RSEC-2026-0004', 'public', '2026-12-08T17:00:00Z', false, null],
      ['RSEC-2026-0013', 'public', '2026-12-10T17:00:00Z', false, null],
      ['RSEC-2026-0004', 'oss-exploit', '2026-12-15T17:00:00Z', false, null],
      ['RSEC-2026-0013', 'oss-exploit', '2026-12-17T17:00:00Z', false, null],
    ]);
    expect(out.problems.map((p: { file: string }) => p.file).sort()).toEqual(['advisories/RSEC-2026-0015.md', 'advisories/RSEC-2026-0016.md']);
    expect(r.stderr).toContain('advisories/RSEC-2026-0015.md: no ack deadline: private.received is missing');
  });

  it('moves with the clock: before the distros window opens nothing is overdue', () => {
    const root = fixtureRoot();
    const r = runScript('status.ts', ['--json'], root, { DISCLOSE_NOW: '2026-11-20T00:00:00Z' });
    const distros = JSON.parse(r.stdout).deadlines.find((d: { id: string; kind: string }) => d.id === 'RSEC-2026-0013' && d.kind === 'distros');
    expect(distros).toMatchObject({ overdue: false, notYetOpen: true });
  });

  it('prints a table with OVERDUE marks', () => {
    const root = fixtureRoot();
    const r = runScript('status.ts', [], root, { DISCLOSE_NOW: NOW });
    expect(r.status).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.includes('RSEC-2026-0011'));
    expect(line).toMatch(/^2026-11-28 07:30Z\s+OVERDUE 1d 1h ago\s+RSEC-2026-0011\s+draft\s+acknowledge the reporter\s+Old report nobody answered$/);
    expect(r.stdout).toMatch(/^2026-11-30 10:00Z\s+in 1d 1h\s+RSEC-2026-0010 /m);
    expect(r.stdout).toContain('10 deadlines, 3 overdue (now 2026-11-29T09:00:00Z)');
  });

  it('writes an RFC 5545 calendar: CRLF, folded at 75 octets, one VEVENT per deadline, UTC times', () => {
    const root = fixtureRoot();
    const ics = path.join(root, 'private-calendar.ics');
    const r = runScript('status.ts', ['--json', '--ics', ics], root, { DISCLOSE_NOW: NOW });
    expect(r.status, r.stderr).toBe(0);
    const deadlines = JSON.parse(r.stdout).deadlines as { id: string; kind: string; due: string; title: string }[];
    const bytes = readFileSync(ics);
    const text = bytes.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF
    const physical = text.slice(0, -2).split('\r\n');
    for (const l of physical) {
      expect(Buffer.byteLength(l, 'utf8'), l).toBeLessThanOrEqual(75);
      expect(Buffer.from(l, 'utf8').toString('utf8')).toBe(l); // folding never split a character
    }
    expect(physical.some((l) => l.startsWith(' '))).toBe(true);
    // Unfold (RFC 5545 §3.1) and parse into components.
    const logical = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
    expect(logical[0]).toBe('BEGIN:VCALENDAR');
    expect(logical.at(-1)).toBe('END:VCALENDAR');
    expect(logical).toContain('VERSION:2.0');
    expect(logical.some((l) => l.startsWith('PRODID:'))).toBe(true);
    const events: Record<string, string>[] = [];
    let current: Record<string, string> | null = null;
    for (const l of logical) {
      if (l === 'BEGIN:VEVENT') current = {};
      else if (l === 'END:VEVENT') {
        events.push(current!);
        current = null;
      } else if (current) {
        const colon = l.indexOf(':');
        current[l.slice(0, colon)] = l.slice(colon + 1);
      }
    }
    expect(events).toHaveLength(deadlines.length);
    expect(new Set(events.map((e) => e.UID)).size).toBe(events.length);
    events.forEach((e, i) => {
      const d = deadlines[i];
      expect(e.UID).toBe(`${d.id}-${d.kind}@security.rivet-lang.org`);
      expect(e.DTSTAMP).toBe('20261129T090000Z');
      expect(e.DTSTART).toBe(d.due.replace(/[-:]/g, ''));
      expect(e.SUMMARY).toContain(escapeText(d.title));
      expect(e.CLASS).toBe('CONFIDENTIAL');
    });
    const long = events.find((e) => e.UID.startsWith('RSEC-2026-0013-public'))!;
    expect(long.SUMMARY).toBe(`RSEC-2026-0013 public disclosure: ${escapeText(LONG_TITLE)}`);
    expect(r.stderr).toContain('is inside the repository and holds embargoed titles');
  });

  it('says in --help that the calendar holds embargoed titles', () => {
    const r = runScript('status.ts', ['--help'], fixtureRoot(), {});
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/PRIVATE: the \.ics .*contains the titles of EMBARGOED advisories/s);
  });
});

describe('ics helpers', () => {
  it('folds exactly at 75 octets and escapes TEXT values', () => {
    const line = `SUMMARY:${'x'.repeat(200)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded[0]).toHaveLength(75);
    expect(folded.slice(1).every((l) => l.startsWith(' ') && Buffer.byteLength(l) <= 75)).toBe(true);
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(line);
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });
});

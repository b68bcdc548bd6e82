import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { createAdvisory, nextId, scaffoldText } from '../../src/advisory/scaffold.ts';
import { validateSource } from '../../src/advisory/validate.ts';
import { NOW, REPO } from './helpers.ts';

const config = await loadConfig(REPO);

describe('nextId', () => {
  it('counts files and attachment folders of the same year only', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'disclose-id-'));
    expect(await nextId(dir, 'RSEC', 2026)).toBe('RSEC-2026-0001');
    writeFileSync(path.join(dir, 'RSEC-2026-0009.md'), '');
    mkdirSync(path.join(dir, 'RSEC-2026-0012'));
    writeFileSync(path.join(dir, 'RSEC-2027-0100.md'), '');
    writeFileSync(path.join(dir, 'OTHER-2026-0500.md'), '');
    expect(await nextId(dir, 'RSEC', 2026)).toBe('RSEC-2026-0013');
    expect(await nextId(path.join(dir, 'missing'), 'RSEC', 2026)).toBe('RSEC-2026-0001');
  });
});

describe('scaffoldText', () => {
  it('has the canonical sections and validates as a draft', () => {
    const text = scaffoldText('RSEC-2026-0007', { title: 'A: title with a colon', severity: 'medium' }, 'Rivet');
    for (const h of ['## Overview', '## Affected Versions', '## Mitigations', '## Acknowledgments']) expect(text).toContain(`\n${h}\n`);
    const { findings } = validateSource('advisories/RSEC-2026-0007.md', text, { config, now: NOW });
    expect(findings).toEqual([]);
  });

  it('keeps the embargo a quoted timestamp and fails validation as embargoed until the TODOs are written', () => {
    const text = scaffoldText('RSEC-2026-0007', { title: 't', status: 'embargoed', severity: 'low', embargo: '2026-12-09T15:00:00Z' }, 'Rivet');
    expect(text).toContain('embargo: "2026-12-09T15:00:00Z"');
    const rules = validateSource('advisories/RSEC-2026-0007.md', text, { config, now: NOW }).findings.map((f) => f.rule);
    expect(rules).toEqual(['required', 'required']); // channels and affected
  });
});

describe('createAdvisory', () => {
  it('writes whole files under fresh names and leaves no temporary file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'disclose-create-'));
    const made = await Promise.all([1, 2, 3, 4].map((n) => createAdvisory(dir, 'RSEC', 2026, { title: `Issue ${n}` }, 'Rivet')));
    expect(made.map((m) => m.id).sort()).toEqual(['RSEC-2026-0001', 'RSEC-2026-0002', 'RSEC-2026-0003', 'RSEC-2026-0004']);
    for (const m of made) expect(readFileSync(m.file, 'utf8')).toMatch(new RegExp(`^---\\nid: ${m.id}\\n`));
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });
});

// Import every real record, export it again with the project's exporters, and compare field by
// field with the original: prints the share of fields that come back identical and names every
// field that does not, with the reason (src/import/round-trip.ts REASONS). A difference without a
// reason fails the test.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { REASONS, roundTrip, type FieldResult } from '../../src/import/round-trip.ts';
import { freshRepo, importInto, KINDS, NOW, REAL } from './support.ts';

interface Row {
  kind: string;
  records: number;
  fields: FieldResult[];
}

const rows: Row[] = [];
for (const kind of KINDS) {
  const root = freshRepo();
  const config = await loadConfig(root);
  const outcomes = await importInto(root, [path.join(REAL, kind)], { missingSeverity: 'medium' });
  const row: Row = { kind, records: 0, fields: [] };
  for (const o of outcomes) {
    if (o.status !== 'imported') continue;
    // RustSec Markdown is compared with RustSec's own OSV export of the same advisory.
    const originalFile = kind === 'rustsec' ? path.join(REAL, 'osv', `${o.sourceId}.json`) : o.source;
    if (!existsSync(originalFile)) continue;
    const original = JSON.parse(readFileSync(originalFile, 'utf8'));
    row.records++;
    row.fields.push(...roundTrip(kind === 'rustsec' ? 'osv' : o.kind, original, o.file, readFileSync(o.file, 'utf8'), config, NOW));
  }
  rows.push(row);
}

const all = rows.flatMap((r) => r.fields);
const share = (fs: FieldResult[]) => fs.filter((f) => f.same).length / fs.length;
const report = [
  'round trip (import → export → compare with the original):',
  ...rows.map((r) => `  ${r.kind.padEnd(8)} ${String(r.records).padStart(3)} records, ${String(r.fields.length).padStart(4)} fields, ${(share(r.fields) * 100).toFixed(1)} % identical`),
  `  all      ${String(rows.reduce((n, r) => n + r.records, 0)).padStart(3)} records, ${String(all.length).padStart(4)} fields, ${(share(all) * 100).toFixed(1)} % identical`,
  'fields that do not come back identical:',
  ...[...new Set(all.filter((f) => !f.same).map((f) => f.field))].sort().map((field) => {
    const n = all.filter((f) => f.field === field && !f.same).length;
    const of = all.filter((f) => f.field === field).length;
    return `  ${field} (${n} of ${of}): ${REASONS[field] ?? 'NO REASON GIVEN'}`;
  }),
].join('\n');
process.stdout.write(`${report}\n`);

describe('round trip of real records', () => {
  it('compares real records of every kind', () => {
    for (const r of rows) expect(r.records, r.kind).toBeGreaterThanOrEqual(r.kind === 'rustsec' ? 6 : 4);
  });

  it('names a reason for every field that does not come back identical', () => {
    const unexplained = all.filter((f) => !f.same && !REASONS[f.field]);
    expect(unexplained.map((f) => ({ field: f.field, original: f.original, exported: f.exported }))).toEqual([]);
  });

  it('keeps every id, CVSS vector, affected version and CWE of the original', () => {
    const kept = ['osv.ids', 'osv.severity', 'osv.ranges', 'osv.database_specific.cwe', 'osv.affected.os', 'osv.affected.functions', 'osv.credits', 'cve.ids', 'cve.metrics', 'cve.affected.versions', 'cve.problemTypes', 'cve.credits', 'cve.datePublished'];
    for (const f of all.filter((x) => kept.includes(x.field))) {
      expect(f.same, `${f.field}: ${JSON.stringify(f.original)} vs ${JSON.stringify(f.exported)}`).toBe(true);
    }
  });

  it('brings most fields back identical', () => {
    expect(share(all)).toBeGreaterThan(0.6);
  });
});

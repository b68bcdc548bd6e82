// OSV export (schema 1.7.x): one document per advisory, in the shape RustSec and GitHub publish.
// Affected entries in ecosystems OSV does not know (the vendored schema's list, e.g. a toolchain
// or `service`) cannot be carried; they are left out and a note says so (spec §3).
import type { AffectedEntry, VersionRange } from '../../advisory/schema.ts';
import { scoreCvss } from '../../advisory/cvss.ts';
import { osvEvents, type OsvEvent } from '../../advisory/ranges.ts';
import { isOsvEcosystem, isOsvId, validateOsv } from '../../schemas/index.ts';
import { lastModified, utc } from '../dates.ts';
import { assertExportable } from '../exportable.ts';
import { purlFor } from '../purl.ts';
import { publicReferences } from '../references.ts';
import type { ExportContext, ExportedDocument, ExportFormat } from '../types.ts';

export const OSV_SCHEMA_VERSION = '1.7.0';

interface OsvRange {
  type: 'SEMVER';
  events: OsvEvent[];
}

/**
 * OSV forbids `fixed` and `last_affected` in one range, while an advisory may close one range
 * with each; such ranges go into two SEMVER ranges (OSV reads the union).
 */
export function osvRanges(ranges: VersionRange[]): OsvRange[] {
  const fixed = ranges.filter((r) => r.last_affected === undefined);
  const last = ranges.filter((r) => r.last_affected !== undefined);
  return [fixed, last].filter((group) => group.length > 0).map((group) => ({ type: 'SEMVER', events: osvEvents(group) }));
}

function osvAffected(entry: AffectedEntry): Record<string, unknown> {
  const purl = purlFor(entry.ecosystem, entry.package);
  const out: Record<string, unknown> = {
    package: { ecosystem: entry.ecosystem, name: entry.package, ...(purl ? { purl } : {}) },
  };
  if (entry.ranges?.length) out.ranges = osvRanges(entry.ranges);
  // RustSec's convention: `ecosystem_specific.affects` with `os` and `functions`.
  const affects: Record<string, string[]> = {};
  if (entry.platforms?.length) affects.os = [...entry.platforms];
  if (entry.functions?.length) affects.functions = [...entry.functions];
  if (Object.keys(affects).length > 0) out.ecosystem_specific = { affects };
  return out;
}

function render(ctx: ExportContext): ExportedDocument[] {
  const { advisory } = ctx;
  assertExportable(advisory, 'OSV');
  const data = advisory.data;
  const notes: string[] = [];

  const affected: Record<string, unknown>[] = [];
  for (const entry of data.affected ?? []) {
    if (isOsvEcosystem(entry.ecosystem)) affected.push(osvAffected(entry));
    else {
      notes.push(
        `affected "${entry.package}" (ecosystem "${entry.ecosystem}") is left out: OSV does not know the ecosystem "${entry.ecosystem}"; the advisory text still describes it`,
      );
    }
  }

  if (!isOsvId(data.id)) {
    notes.push(`the id prefix of ${data.id} is not one OSV knows, so the document will not validate: register the prefix with OSV (ossf/osv-schema) before publishing OSV data`);
  }

  const doc: Record<string, unknown> = {
    schema_version: OSV_SCHEMA_VERSION,
    id: data.id,
    modified: lastModified(data),
    published: utc(data.embargo),
  };
  if (data.status === 'withdrawn') doc.withdrawn = lastModified(data);
  const aliases = [...(data.cve ?? []), ...(data.ghsa ? [data.ghsa] : [])];
  if (aliases.length) doc.aliases = aliases;
  doc.summary = data.summary;
  doc.details = advisory.body.trim();
  if (data.cvss?.length) {
    doc.severity = data.cvss.map((vector) => ({ type: scoreCvss(vector).version === '3.1' ? 'CVSS_V3' : 'CVSS_V4', score: vector }));
  }
  if (affected.length) doc.affected = affected;
  const references = publicReferences(data).map(({ type, url }) => ({ type, url }));
  if (references.length) doc.references = references;
  if (data.credits?.length) {
    doc.credits = data.credits.map((c) => ({
      name: c.name,
      ...(c.github ? { contact: [`https://github.com/${c.github}`] } : {}),
      type: c.role.toUpperCase(),
    }));
  }
  const databaseSpecific: Record<string, unknown> = {};
  if (data.severity) databaseSpecific.severity = data.severity;
  if (data.cwe?.length) databaseSpecific.cwe = [...data.cwe];
  if (Object.keys(databaseSpecific).length) doc.database_specific = databaseSpecific;

  return [{ name: `osv/${data.id}.json`, document: doc, notes }];
}

export const osv: ExportFormat = {
  name: 'osv',
  render,
  validate: validateOsv,
};

// Import, then export with the project's own exporters (src/exports/osv, src/exports/cve), and
// compare field by field with the record the import started from: which fields come back
// identical, and for each one that does not, why. A RustSec Markdown advisory is compared with
// RustSec's own OSV export of it (test/fixtures/real/osv/ when present).
import { parseAdvisory } from '../advisory/parse.ts';
import type { TeamConfig } from '../config/schema.ts';
import { cve as cveExport } from '../exports/cve/index.ts';
import { osv as osvExport } from '../exports/osv/index.ts';
import { idOfUrl } from './ids.ts';
import type { SourceKind } from './record.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface FieldResult {
  field: string;
  same: boolean;
  original: unknown;
  exported: unknown;
}

/** Why a field does not come back identical, by the export compared against. */
export const REASONS: Record<string, string> = {
  'osv.details': 'the import adds the sections the format requires ("## Overview" around the text, "## Affected Versions", "## Mitigations", "## Acknowledgments") when the source has none of them',
  'osv.modified': 'disclose derives `modified` from the embargo and the updates; the source\'s later edits are not updates the team wrote',
  'osv.references': 'the export adds the pages of the source\'s own ids (rustsec.org, github.com/advisories) that the import keeps as references, and the crates.io PACKAGE link RustSec\'s export derives is not in its Markdown',
  'osv.affected.range_type': 'GitHub writes ECOSYSTEM ranges; disclose exports SEMVER ranges (the versions are the same)',
  'osv.affected': 'GitHub lists one affected entry per range; the import merges them into one entry per package (the versions are the same: see the ranges field)',
  'osv.summary': 'RustSec\'s OSV export writes the title as summary; the Markdown has no separate summary, so the title is both',
  'osv.database_specific.severity': 'the source has no rating besides CVSS; disclose always writes its `severity` here (from the CVSS band, or chosen at import)',
  'osv.published': 'RustSec\'s Markdown has a date only (the import dates it 00:00 UTC); RustSec\'s export writes 12:00 UTC',
  'cve.title': 'the CVE export writes a title made from the advisory title and the affected package',
  'cve.descriptions': 'the CVE export writes the summary (the source\'s title) before the description text',
  'cve.affected.vendor': 'the CVE export names the team\'s project (config project.name) as the vendor',
  'cve.dateUpdated': 'disclose derives dateUpdated from the embargo and the updates; the CVE Program\'s later updates are not the team\'s',
  'cve.references': 'the export adds the record pages of the source\'s other ids (the GHSA) that the import keeps as references',
};

const norm = (v: unknown): string => JSON.stringify(v, (_k, x) => (Array.isArray(x) ? [...x].map((e) => (typeof e === 'object' ? JSON.stringify(e) : e)).sort() : x));
const sameSet = (a: unknown[], b: unknown[]) => norm([...new Set(a.map((x) => JSON.stringify(x)))]) === norm([...new Set(b.map((x) => JSON.stringify(x)))]);
const time = (t: unknown) => (typeof t === 'string' ? new Date(/[zZ]|[+-]\d\d:\d\d$/.test(t) ? t : `${t}Z`).getTime() : undefined);

/** Per package: the affected intervals, whatever way the events are grouped into ranges. */
function osvIntervals(doc: Json): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of arr(doc.affected).map(obj)) {
    const p = obj(a.package);
    const key = `${String(p.ecosystem)}/${String(p.name)}`;
    for (const r of arr(a.ranges).map(obj)) {
      let start: string | undefined;
      for (const e of arr(r.events).map(obj)) {
        if (e.introduced !== undefined) {
          if (start !== undefined) (out[key] ??= []).push(`[${start},∞)`);
          start = String(e.introduced === '0.0.0-0' ? '0' : e.introduced);
        } else if (e.fixed !== undefined) (out[key] ??= []).push(`[${start},${String(e.fixed)})`), (start = undefined);
        else if (e.last_affected !== undefined) (out[key] ??= []).push(`[${start},${String(e.last_affected)}]`), (start = undefined);
      }
      if (start !== undefined) (out[key] ??= []).push(`[${start},∞)`);
    }
  }
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

function compareOsv(original: Json, exported: Json): FieldResult[] {
  const f = (field: string, o: unknown, e: unknown, same = norm(o) === norm(e)): FieldResult => ({ field: `osv.${field}`, same, original: o, exported: e });
  const results: FieldResult[] = [];
  const origIds = [original.id, ...arr(original.aliases)];
  const expIds = new Set([...arr(exported.aliases), ...arr(exported.references).map((r) => idOfUrl(String(obj(r).url))).filter(Boolean)]);
  results.push(f('ids', origIds, origIds.filter((i) => expIds.has(i)), origIds.every((i) => expIds.has(i))));
  results.push(f('summary', original.summary, exported.summary));
  if (original.details !== undefined) results.push(f('details', original.details, exported.details, String(original.details).trim() === String(exported.details).trim()));
  results.push(f('published', original.published, exported.published, time(original.published) === time(exported.published)));
  if (original.modified !== undefined) results.push(f('modified', original.modified, exported.modified, time(original.modified) === time(exported.modified)));
  const vectors = (d: Json) => arr(d.severity).map((s) => obj(s).score);
  if (vectors(original).length || vectors(exported).length) results.push(f('severity', vectors(original), vectors(exported), sameSet(vectors(original), vectors(exported))));
  results.push(f('ranges', osvIntervals(original), osvIntervals(exported)));
  const packages = (d: Json) => arr(d.affected).map((a) => `${String(obj(obj(a).package).ecosystem)}/${String(obj(obj(a).package).name)}`);
  results.push(f('affected', packages(original), packages(exported), JSON.stringify(packages(original)) === JSON.stringify(packages(exported))));
  const types = (d: Json) => [...new Set(arr(d.affected).flatMap((a) => arr(obj(a).ranges).map((r) => obj(r).type)))];
  results.push(f('affected.range_type', types(original), types(exported)));
  const affects = (d: Json, k: string) => Object.fromEntries(arr(d.affected).map(obj).map((a) => [String(obj(a.package).name), [...arr(obj(obj(a.ecosystem_specific).affects)[k])].sort()]));
  for (const k of ['os', 'functions']) {
    const o = affects(original, k);
    const e = affects(exported, k);
    if (Object.values(o).some((x) => x.length) || Object.values(e).some((x) => x.length)) results.push(f(`affected.${k}`, o, e));
  }
  const refs = (d: Json) => arr(d.references).map((r) => `${String(obj(r).type)} ${String(obj(r).url)}`);
  results.push(f('references', refs(original), refs(exported), sameSet(refs(original), refs(exported))));
  const credits = (d: Json) => arr(d.credits).map((c) => `${String(obj(c).type)} ${String(obj(c).name)}`);
  if (credits(original).length || credits(exported).length) results.push(f('credits', credits(original), credits(exported), sameSet(credits(original), credits(exported))));
  const cwe = (d: Json) => arr(obj(d.database_specific).cwe_ids ?? obj(d.database_specific).cwe);
  if (cwe(original).length || cwe(exported).length) results.push(f('database_specific.cwe', cwe(original), cwe(exported), sameSet(cwe(original), cwe(exported))));
  const rating = (d: Json) => {
    const s = obj(d.database_specific).severity;
    return typeof s === 'string' ? s.toLowerCase().replace('moderate', 'medium') : undefined;
  };
  if (rating(original) !== undefined || rating(exported) !== undefined) results.push(f('database_specific.severity', rating(original), rating(exported)));
  return results;
}

function cveIntervals(cna: Json): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of arr(cna.affected).map(obj)) {
    const key = String(a.packageName ?? a.product);
    for (const v of arr(a.versions).map(obj)) {
      if (v.status !== 'affected') continue;
      let iv: string;
      if (v.lessThan !== undefined) iv = `[${String(v.version)},${String(v.lessThan)})`;
      else if (v.lessThanOrEqual !== undefined) iv = `[${String(v.version)},${String(v.lessThanOrEqual)}]`;
      else {
        const parts = String(v.version).split(',').map((p) => p.trim());
        const lo = parts.find((p) => p.startsWith('>='))?.slice(2).trim() ?? '0';
        const hi = parts.find((p) => p.startsWith('<') && !p.startsWith('<='));
        const le = parts.find((p) => p.startsWith('<='));
        iv = hi ? `[${lo},${hi.slice(1).trim()})` : le ? `[${lo},${le.slice(2).trim()}]` : `[${lo},∞)`;
      }
      (out[key] ??= []).push(iv);
    }
  }
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

function compareCve(original: Json, exported: Json): FieldResult[] {
  const f = (field: string, o: unknown, e: unknown, same = norm(o) === norm(e)): FieldResult => ({ field: `cve.${field}`, same, original: o, exported: e });
  const om = obj(original.cveMetadata);
  const em = obj(exported.cveMetadata);
  const oc = obj(obj(original.containers).cna);
  const ec = obj(obj(exported.containers).cna);
  const results: FieldResult[] = [];
  const origIds = [om.cveId, ...(typeof obj(oc.source).advisory === 'string' ? [obj(oc.source).advisory] : [])];
  const expIds = new Set([em.cveId, ...arr(ec.references).map((r) => idOfUrl(String(obj(r).url))).filter(Boolean), ...arr(obj(exported).x_ids)]);
  results.push(f('ids', origIds, origIds.filter((i) => expIds.has(i)), origIds.every((i) => expIds.has(i))));
  results.push(f('title', oc.title, ec.title));
  const desc = (c: Json) => String(obj(arr(c.descriptions)[0]).value ?? '');
  results.push(f('descriptions', desc(oc), desc(ec)));
  results.push(f('datePublished', oc.datePublic ?? om.datePublished, ec.datePublic ?? em.datePublished, time(oc.datePublic ?? om.datePublished) === time(ec.datePublic ?? em.datePublished)));
  results.push(f('dateUpdated', om.dateUpdated, em.dateUpdated, time(om.dateUpdated) === time(em.dateUpdated)));
  results.push(f('affected.versions', cveIntervals(oc), cveIntervals(ec)));
  const vendors = (c: Json) => arr(c.affected).map((a) => obj(a).vendor);
  results.push(f('affected.vendor', vendors(oc), vendors(ec)));
  const vectors = (c: Json) => arr(c.metrics).map((m) => obj(obj(m).cvssV3_1).vectorString ?? obj(obj(m).cvssV4_0).vectorString).filter(Boolean);
  results.push(f('metrics', vectors(oc), vectors(ec), sameSet(vectors(oc), vectors(ec))));
  const cwe = (c: Json) => arr(c.problemTypes).flatMap((p) => arr(obj(p).descriptions).map((d) => obj(d).cweId)).filter(Boolean);
  if (cwe(oc).length || cwe(ec).length) results.push(f('problemTypes', cwe(oc), cwe(ec), sameSet(cwe(oc), cwe(ec))));
  const refs = (c: Json) => arr(c.references).map((r) => String(obj(r).url));
  results.push(f('references', refs(oc), refs(ec), sameSet(refs(oc), refs(ec))));
  const credits = (c: Json) => arr(c.credits).map((x) => `${String(obj(x).type)} ${String(obj(x).value)}`);
  if (credits(oc).length || credits(ec).length) results.push(f('credits', credits(oc), credits(ec), sameSet(credits(oc), credits(ec))));
  return results;
}

/** The comparison for one imported advisory against the record it came from. */
export function roundTrip(kind: SourceKind, original: unknown, advisoryFile: string, advisoryText: string, config: TeamConfig, now: Date): FieldResult[] {
  const advisory = parseAdvisory(advisoryFile, advisoryText);
  if (kind === 'cve') {
    const id = obj(obj(original).cveMetadata).cveId;
    const doc = cveExport.render({ advisory, config, now }).find((d) => obj(obj(d.document).cveMetadata).cveId === id);
    if (!doc) throw new Error(`${advisoryFile}: the CVE export has no record for ${String(id)}`);
    return compareCve(obj(original), obj(doc.document));
  }
  const [doc] = osvExport.render({ advisory, config, now });
  return compareOsv(obj(original), obj(doc.document));
}

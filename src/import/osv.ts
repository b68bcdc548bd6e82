// OSV JSON (RustSec's export, osv.dev) and GitHub advisory-database JSON, which is OSV with
// GitHub's `database_specific` (cwe_ids, severity). Both read here; only GitHub's extras differ.
import { CVE_PATTERN, CWE_PATTERN, GHSA_PATTERN, SEVERITIES, type AffectedEntry, type Severity } from '../advisory/schema.ts';
import { creditRole, githubLogin, isHttpUrl, mergeAffected, platform, rangesFromEvents, referenceType, sourceTimestamp } from './common.ts';
import { emptyRecord, UnreadableRecord, type ImportedRecord } from './record.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const nonEmpty = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

const GITHUB_SEVERITY: Record<string, Severity> = { LOW: 'low', MODERATE: 'medium', MEDIUM: 'medium', HIGH: 'high', CRITICAL: 'critical' };

export function isOsvJson(doc: unknown): boolean {
  const d = obj(doc);
  return typeof d.id === 'string' && (Array.isArray(d.affected) || typeof d.details === 'string' || typeof d.summary === 'string') && d.dataType === undefined;
}

export function readOsv(file: string, doc: unknown): ImportedRecord {
  const d = obj(doc);
  const id = d.id as string;
  const github = GHSA_PATTERN.test(id);
  const r = emptyRecord(github ? 'ghsa' : 'osv', file, id);
  if (d.withdrawn) throw new UnreadableRecord(`${id} is withdrawn in the source (${String(d.withdrawn)}); withdrawn records are not imported`);
  for (const a of arr(d.aliases)) if (typeof a === 'string' && !r.ids.includes(a)) r.ids.push(a);
  const published = sourceTimestamp(d.published);
  if (!published) throw new UnreadableRecord(`${id} has no valid "published" timestamp`);
  r.published = published;
  r.summary = typeof d.summary === 'string' ? d.summary.trim() : '';
  r.title = r.summary;
  r.details = typeof d.details === 'string' ? d.details : '';
  if (d.modified) r.unmapped.push('modified: disclose derives the modification time from `embargo` and `updates`; the source\'s edit time is not kept');
  if (nonEmpty(d.related)) r.unmapped.push(`related (${arr(d.related).join(', ')}): related but different vulnerabilities have no field; mention them in the text`);
  if (nonEmpty(d.upstream)) r.unmapped.push(`upstream (${arr(d.upstream).join(', ')}): no field for upstream records`);

  for (const s of arr(d.severity)) {
    const { type, score } = obj(s);
    if ((type === 'CVSS_V3' && typeof score === 'string' && score.startsWith('CVSS:3.1/')) || (type === 'CVSS_V4' && typeof score === 'string')) r.cvss.push(score as string);
    else r.unmapped.push(`severity ${String(type)} "${String(score)}": only CVSS 3.1 and 4.0 vectors are carried`);
  }

  const affected: AffectedEntry[] = [];
  arr(d.affected).forEach((raw, i) => {
    const a = obj(raw);
    const pkg = obj(a.package);
    if (typeof pkg.name !== 'string' || typeof pkg.ecosystem !== 'string') {
      r.unmapped.push(`affected[${i}]: no package name and ecosystem`);
      return;
    }
    const entry: AffectedEntry = { package: pkg.name, ecosystem: pkg.ecosystem };
    const ranges: NonNullable<AffectedEntry['ranges']> = [];
    for (const range of arr(a.ranges)) {
      const { type, events } = obj(range);
      if (type === 'GIT') {
        r.unmapped.push(`affected[${i}] (${pkg.name}): a GIT range (commits) has no equivalent; ranges are versions`);
        continue;
      }
      const got = rangesFromEvents(arr(events).map((e) => obj(e) as Record<string, string>));
      if ('problem' in got) r.unmapped.push(`affected[${i}] (${pkg.name}): a ${String(type)} range is left out: ${got.problem}`);
      else ranges.push(...got.ranges);
    }
    if (nonEmpty(a.versions)) r.unmapped.push(`affected[${i}] (${pkg.name}).versions ${JSON.stringify(a.versions)}: single versions are not carried, only ranges${ranges.length ? '' : ' (this entry had no range, so it is left out)'}`);
    if (ranges.length === 0) {
      if (!nonEmpty(a.versions)) r.unmapped.push(`affected[${i}] (${pkg.name}): no version range, left out`);
      return;
    }
    entry.ranges = ranges;
    const affects = obj(obj(a.ecosystem_specific).affects);
    const os = arr(affects.os).map(platform);
    if (os.length && os.every((p) => p !== undefined)) entry.platforms = [...new Set(os as string[])];
    else if (os.length) r.unmapped.push(`affected[${i}].ecosystem_specific.affects.os: a platform name is not a lowercase name`);
    const functions = arr(affects.functions).filter((f): f is string => typeof f === 'string' && f.trim() !== '');
    if (functions.length) entry.functions = functions;
    if (nonEmpty(affects.arch)) r.unmapped.push(`affected[${i}].ecosystem_specific.affects.arch ${JSON.stringify(affects.arch)}: no field for CPU architectures; mention them in the text`);
    const dbs = obj(a.database_specific);
    for (const [k, v] of Object.entries(dbs)) {
      if (!nonEmpty(v)) continue;
      if (k === 'cvss' && r.cvss.includes(v as string)) continue;
      r.unmapped.push(`affected[${i}].database_specific.${k} ${JSON.stringify(v)}: database-specific, no field`);
    }
    affected.push(entry);
  });
  r.affected = mergeAffected(affected);

  for (const ref of arr(d.references)) {
    const { url, type } = obj(ref);
    if (isHttpUrl(url)) r.references.push({ url, type: referenceType(type) });
    else r.unmapped.push(`references: "${String(url)}" is not an http(s) URL`);
  }
  for (const c of arr(d.credits)) {
    const { name, contact, type } = obj(c);
    if (typeof name !== 'string' || !name.trim()) continue;
    const login = githubLogin(contact);
    r.credits.push({ name: name.trim(), role: creditRole(type), ...(login ? { github: login } : {}) });
    const other = arr(contact).filter((x) => x !== `https://github.com/${login}`);
    if (other.length) r.unmapped.push(`credits (${name}).contact ${JSON.stringify(other)}: only GitHub logins are kept (contacts may be private)`);
  }

  const dbs = obj(d.database_specific);
  for (const [k, v] of Object.entries(dbs)) {
    if (k === 'cwe_ids') {
      for (const c of arr(v)) if (typeof c === 'string' && CWE_PATTERN.test(c)) r.cwe.push(c);
    } else if (k === 'severity' && typeof v === 'string' && GITHUB_SEVERITY[v.toUpperCase()]) {
      r.rating = { severity: GITHUB_SEVERITY[v.toUpperCase()], by: 'GitHub' };
    } else if (k === 'severity' && typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v)) {
      r.rating = { severity: v as Severity, by: 'the source' };
    } else if (k === 'cwe' && Array.isArray(v)) {
      for (const c of v) if (typeof c === 'string' && CWE_PATTERN.test(c)) r.cwe.push(c);
    } else if (nonEmpty(v) && k !== 'github_reviewed') {
      r.unmapped.push(`database_specific.${k} ${JSON.stringify(v)}: database-specific, no field`);
    }
  }
  if (!r.ids.some((x) => CVE_PATTERN.test(x)) && r.ids.length === 1 && !github && !r.summary) r.unmapped.push('summary: none in the source');
  return r;
}

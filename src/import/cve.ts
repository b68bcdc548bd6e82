// CVE JSON 5 records (cvelistV5): the CNA container is the advisory; ADP containers are other
// organisations' additions (CISA's SSVC, the CVE Program's copied references) and are not imported.
import { CWE_PATTERN, GHSA_PATTERN, SEVERITIES, type AffectedEntry, type Severity, type VersionRange } from '../advisory/schema.ts';
import { parseVersion, rangeFromGhsa } from '../advisory/ranges.ts';
import { creditRole, firstSentence, isHttpUrl, mergeAffected, platform, sourceTimestamp } from './common.ts';
import { emptyRecord, UnreadableRecord, type ImportedRecord } from './record.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// The inverse of the CVE export's `collectionURL` table (src/exports/cve/index.ts): where a
// package lives tells its ecosystem.
const ECOSYSTEM_OF_COLLECTION: Record<string, string> = {
  'https://crates.io': 'crates.io',
  'https://registry.npmjs.org': 'npm',
  'https://pypi.python.org': 'PyPI',
  'https://pypi.org': 'PyPI',
  'https://rubygems.org': 'RubyGems',
  'https://golang.org/pkg': 'Go',
  'https://pkg.go.dev': 'Go',
  'https://repo.maven.apache.org/maven2': 'Maven',
  'https://nuget.org/packages': 'NuGet',
  'https://repo.hex.pm': 'Hex',
  'https://pub.dev': 'Pub',
  'https://hackage.haskell.org': 'Hackage',
  'https://packagist.org': 'Packagist',
};

// CVE reference tags (and the legacy x_refsource_* ones) as OSV reference types.
const TAG_TYPES: [string, ImportedRecord['references'][number]['type']][] = [
  ['patch', 'FIX'],
  ['vendor-advisory', 'ADVISORY'],
  ['x_refsource_CONFIRM', 'ADVISORY'],
  ['third-party-advisory', 'ADVISORY'],
  ['issue-tracking', 'REPORT'],
  ['exploit', 'EVIDENCE'],
  ['technical-description', 'ARTICLE'],
  ['product', 'PACKAGE'],
  ['signature', 'DETECTION'],
  ['mailing-list', 'DISCUSSION'],
];

export function isCveJson(doc: unknown): boolean {
  return obj(doc).dataType === 'CVE_RECORD';
}

/** GitHub-CNA style version strings: "< 1.77.2", ">= 1.7.0, < 1.18.4", "<= 2.0.3" (GitHub's own range syntax). */
function rangeFromString(s: string): VersionRange | null {
  const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
  const ok = parts.length > 0 && parts.every((p) => {
    const m = /^(>=|<=|<)\s*(\S+)$/.exec(p);
    return m !== null && parseVersion(m[2]) !== null;
  });
  // Checked above, so the project's inverse of ghsaRange reads it.
  return ok ? rangeFromGhsa(parts.join(', ')) : null;
}

function rangeFromStructured(v: Json): VersionRange | null {
  const intro = v.version === '0' || v.version === '*' ? '0' : typeof v.version === 'string' ? v.version : undefined;
  if (intro === undefined || parseVersion(intro) === null) return null;
  if (typeof v.lessThan === 'string') {
    if (v.lessThan === '*') return { introduced: intro };
    return parseVersion(v.lessThan) ? { introduced: intro, fixed: v.lessThan } : null;
  }
  if (typeof v.lessThanOrEqual === 'string') return parseVersion(v.lessThanOrEqual) ? { introduced: intro, last_affected: v.lessThanOrEqual } : null;
  return null;
}

export function readCve(file: string, doc: unknown): ImportedRecord {
  const meta = obj(obj(doc).cveMetadata);
  const id = meta.cveId;
  if (typeof id !== 'string') throw new UnreadableRecord('no cveMetadata.cveId');
  if (meta.state !== 'PUBLISHED') throw new UnreadableRecord(`${id} is ${String(meta.state)}; only PUBLISHED records are imported`);
  const containers = obj(obj(doc).containers);
  const cna = obj(containers.cna);
  const r = emptyRecord('cve', file, id);
  const published = sourceTimestamp(cna.datePublic) ?? sourceTimestamp(meta.datePublished);
  if (!published) throw new UnreadableRecord(`${id} has no valid datePublic or datePublished`);
  r.published = published;
  if (arr(containers.adp).length) r.unmapped.push(`containers.adp (${arr(containers.adp).map((a) => String(obj(a).title ?? obj(obj(a).providerMetadata).shortName)).join(', ')}): other organisations' additions to the record, not the advisory`);
  r.unmapped.push('cveMetadata (assigner, dateReserved, dateUpdated): the CVE Program\'s bookkeeping, not the advisory');

  const source = obj(cna.source);
  if (typeof source.advisory === 'string' && GHSA_PATTERN.test(source.advisory)) r.ids.push(source.advisory);
  else if (typeof source.advisory === 'string') r.unmapped.push(`source.advisory "${source.advisory}": not a GHSA id; the advisory this record came from is not kept`);

  const descriptions = arr(cna.descriptions).map(obj).filter((d) => typeof d.lang === 'string' && d.lang.startsWith('en'));
  const description = descriptions[0];
  if (!description) throw new UnreadableRecord(`${id} has no English description`);
  const markdown = arr(description.supportingMedia).map(obj).find((m) => m.type === 'text/markdown' && typeof m.value === 'string' && m.base64 !== true);
  r.details = typeof markdown?.value === 'string' ? markdown.value : String(description.value ?? '');
  if (descriptions.length > 1) r.unmapped.push(`descriptions: ${descriptions.length - 1} further English description(s) left out`);
  r.title = typeof cna.title === 'string' && cna.title.trim() ? cna.title.trim() : firstSentence(String(description.value ?? id));
  // The CNA's title is the record's one-line summary; the description's first sentence is often
  // only "X is a library for Y."
  r.summary = r.title;

  for (const pt of arr(cna.problemTypes)) {
    for (const d of arr(obj(pt).descriptions).map(obj)) {
      if (typeof d.cweId === 'string' && CWE_PATTERN.test(d.cweId)) r.cwe.push(d.cweId);
      else r.unmapped.push(`problemTypes: "${String(d.description)}" is not a CWE id`);
    }
  }

  for (const m of arr(cna.metrics).map(obj)) {
    const v31 = obj(m.cvssV3_1).vectorString;
    const v40 = obj(m.cvssV4_0).vectorString;
    if (typeof v31 === 'string') r.cvss.push(v31);
    else if (typeof v40 === 'string') r.cvss.push(v40);
    else if (obj(m.other).type === 'vendor severity' && (SEVERITIES as readonly string[]).includes(String(obj(obj(m.other).content).text))) {
      r.rating = { severity: String(obj(obj(m.other).content).text) as Severity, by: 'the CNA' };
    } else {
      const kind = Object.keys(m).filter((k) => k !== 'format' && k !== 'scenarios').join(', ');
      r.unmapped.push(`metrics ${kind}: only CVSS 3.1 and 4.0 vectors are carried`);
    }
  }

  const affected: AffectedEntry[] = [];
  arr(cna.affected).map(obj).forEach((a, i) => {
    const pkg = typeof a.packageName === 'string' ? a.packageName : typeof a.product === 'string' ? a.product : undefined;
    if (!pkg) {
      r.unmapped.push(`affected[${i}]: no product`);
      return;
    }
    let ecosystem = typeof a.collectionURL === 'string' ? ECOSYSTEM_OF_COLLECTION[a.collectionURL.replace(/\/$/, '')] : undefined;
    if (!ecosystem) {
      ecosystem = typeof a.vendor === 'string' && a.vendor.trim() ? a.vendor.trim() : 'unknown';
      r.unmapped.push(`affected[${i}] (${pkg}): a CVE record names no package ecosystem; the vendor "${ecosystem}" is used as the ecosystem — change it if ${pkg} is a package in a registry`);
    }
    const entry: AffectedEntry = { package: pkg, ecosystem };
    const ranges: VersionRange[] = [];
    for (const v of arr(a.versions).map(obj)) {
      if (v.status !== 'affected') {
        r.unmapped.push(`affected[${i}] (${pkg}): version "${String(v.version)}" with status ${String(v.status)} (only affected ranges are carried)`);
        continue;
      }
      const range = v.lessThan !== undefined || v.lessThanOrEqual !== undefined ? rangeFromStructured(v) : typeof v.version === 'string' ? rangeFromString(v.version) : null;
      if (range) ranges.push(range);
      else r.unmapped.push(`affected[${i}] (${pkg}): version "${String(v.version)}"${v.lessThan ? ` < "${String(v.lessThan)}"` : ''} is not a semver range`);
    }
    if (ranges.length === 0) {
      r.unmapped.push(`affected[${i}] (${pkg}): no version range that could be read, left out`);
      return;
    }
    entry.ranges = ranges;
    const platforms = arr(a.platforms).map(platform);
    if (platforms.length && platforms.every((p) => p !== undefined)) entry.platforms = [...new Set(platforms as string[])];
    const routines = arr(a.programRoutines).map((p) => obj(p).name).filter((n): n is string => typeof n === 'string');
    if (routines.length) entry.functions = routines;
    for (const k of ['cpes', 'modules', 'programFiles', 'repo']) if (a[k] !== undefined) r.unmapped.push(`affected[${i}].${k}: no field`);
    affected.push(entry);
  });
  r.affected = mergeAffected(affected);

  let named = false;
  for (const ref of arr(cna.references).map(obj)) {
    if (!isHttpUrl(ref.url)) {
      r.unmapped.push(`references: "${String(ref.url)}" is not an http(s) URL`);
      continue;
    }
    const tags = arr(ref.tags).map(String);
    const type = TAG_TYPES.find(([tag]) => tags.includes(tag))?.[1] ?? 'WEB';
    r.references.push({ url: ref.url, type });
    if (typeof ref.name === 'string' && ref.name !== ref.url) named = true;
  }
  if (named) r.unmapped.push('references[].name: reference names are not kept, only URLs and types');
  for (const c of arr(cna.credits).map(obj)) {
    if (typeof c.value === 'string' && c.value.trim()) r.credits.push({ name: c.value.trim(), role: creditRole(c.type) });
  }
  for (const t of arr(cna.timeline).map(obj)) {
    const at = sourceTimestamp(t.time);
    if (at && typeof t.value === 'string') r.timeline.push({ at, event: t.value });
  }
  const mitigations = ['solutions', 'workarounds'].flatMap((k) => arr(cna[k]).map(obj).filter((s) => String(s.lang).startsWith('en') && typeof s.value === 'string').map((s) => String(s.value).trim()));
  if (mitigations.length) r.mitigations = mitigations.join('\n\n');
  for (const k of ['exploits', 'configurations', 'impacts', 'tags', 'taxonomyMappings']) {
    if (arr(cna[k]).length) r.unmapped.push(`${k}: no field`);
  }
  return r;
}

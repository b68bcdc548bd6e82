// CVE JSON 5 export: one full record per CVE (`dataType: CVE_RECORD`); its `containers.cna` is what
// a CNA submits to CVE Services. A withdrawn advisory becomes a REJECTED record whose reason is the
// withdrawal note. An advisory without CVEs has no CVE record.
import type { Advisory, AffectedEntry, Credit, VersionRange } from '../../advisory/schema.ts';
import { scoreCvss } from '../../advisory/cvss.ts';
import { platformName } from '../../advisory/ranges.ts';
import type { TeamConfig } from '../../config/schema.ts';
import { validateCve } from '../../schemas/index.ts';
import { bodySections, cveSection, markdownToPlain, overviewSection, vulnerabilityTitle } from '../body-sections.ts';
import { cvssJson } from '../cvss-json.ts';
import { cweName } from '../cwe-names.ts';
import { lastModified, sortedUpdates, utc } from '../dates.ts';
import { assertExportable } from '../exportable.ts';
import { publicReferences, type PublicReference } from '../references.ts';
import type { ExportContext, ExportedDocument, ExportFormat } from '../types.ts';

export const CVE_DATA_VERSION = '5.1';

/**
 * Used when the config names no CNA: a syntactically valid UUID v4 that is obviously not a real
 * organisation, so a record cannot be submitted by accident with someone else's id.
 */
export const PLACEHOLDER_ORG_ID = '00000000-0000-4000-8000-000000000000';

/** The CNA identity, from the optional `cve:` section of the config. */
type CnaConfig = Partial<NonNullable<TeamConfig['cve']>>;

function cnaOf(config: TeamConfig): CnaConfig {
  return config.cve ?? {};
}

/** Where each ecosystem's packages live, for `collectionURL` (values from the schema's examples). */
const COLLECTION_URLS: Record<string, string> = {
  'crates.io': 'https://crates.io',
  npm: 'https://registry.npmjs.org',
  PyPI: 'https://pypi.python.org',
  RubyGems: 'https://rubygems.org',
  Go: 'https://golang.org/pkg',
  Maven: 'https://repo.maven.apache.org/maven2',
  NuGet: 'https://nuget.org/packages',
  Hex: 'https://repo.hex.pm',
  Pub: 'https://pub.dev',
  Hackage: 'https://hackage.haskell.org',
  Packagist: 'https://packagist.org',
};

/** The CVE schema's credit types are OSV's, lower-case with spaces. */
function creditType(role: Credit['role']): string {
  return role.replace(/_/g, ' ');
}

function cveVersions(ranges: VersionRange[]): Record<string, string>[] {
  return ranges.map((r) => {
    const v: Record<string, string> = { version: r.introduced, status: 'affected' };
    if (r.fixed !== undefined) v.lessThan = r.fixed;
    else if (r.last_affected !== undefined) v.lessThanOrEqual = r.last_affected;
    // Still open: CVE's convention for "every later version" is lessThan "*".
    else v.lessThan = '*';
    v.versionType = 'semver';
    return v;
  });
}

function cveAffected(entry: AffectedEntry, vendor: string): Record<string, unknown> {
  const out: Record<string, unknown> = { vendor, product: entry.package };
  const collectionURL = COLLECTION_URLS[entry.ecosystem];
  if (collectionURL) {
    out.collectionURL = collectionURL;
    out.packageName = entry.package;
  }
  if (entry.platforms?.length) out.platforms = entry.platforms.map(platformName);
  if (entry.functions?.length) out.programRoutines = entry.functions.map((name) => ({ name }));
  if (entry.ranges?.length) {
    out.versions = cveVersions(entry.ranges);
    out.defaultStatus = 'unaffected';
  } else {
    // A service (or a product without version ranges) was affected as a whole: CVE's "n/a".
    out.versions = [{ version: 'n/a', status: 'affected' }];
    out.defaultStatus = 'unknown';
  }
  return out;
}

const REFERENCE_TAGS: Partial<Record<PublicReference['type'], string[]>> = {
  ADVISORY: ['vendor-advisory'],
  ARTICLE: ['technical-description'],
  REPORT: ['issue-tracking'],
  FIX: ['patch'],
  PACKAGE: ['product'],
  EVIDENCE: ['exploit'],
  DETECTION: ['signature'],
};

function cveReferences(advisory: Advisory, config: TeamConfig): Record<string, unknown>[] {
  const refs = publicReferences(advisory.data).map((r) => {
    const tags = [...(REFERENCE_TAGS[r.type] ?? [])];
    if (r.source === 'announce' || r.source === 'oss-security') tags.push('mailing-list');
    return { url: r.url, ...(tags.length ? { tags } : {}) };
  });
  // The schema needs at least one reference; the team's public archive always exists.
  if (refs.length === 0) refs.push({ url: config.site.base_url, tags: ['vendor-advisory'] });
  return refs;
}

function descriptionFor(advisory: Advisory, cve: string, notes: string[]): Record<string, unknown> {
  const section = cveSection(advisory.body, cve) ?? ((advisory.data.cve?.length ?? 0) <= 1 ? overviewSection(advisory.body) : undefined);
  const parts = [advisory.data.summary];
  if (section) parts.push(markdownToPlain(section.markdown));
  let value = parts.join('\n\n');
  if (value.length > 4096) {
    value = `${value.slice(0, 4093)}...`;
    notes.push(`${cve}: the description was cut to the CVE limit of 4096 characters; the full text is in supportingMedia`);
  }
  const markdown = section ? `## ${section.heading}\n\n${section.markdown}` : advisory.body.trim();
  const description: Record<string, unknown> = { lang: 'en', value };
  if (markdown.length <= 16384) description.supportingMedia = [{ type: 'text/markdown', base64: false, value: markdown }];
  else notes.push(`${cve}: the Markdown text is longer than CVE's 16384-character limit for supportingMedia and is left out`);
  return description;
}

function metrics(advisory: Advisory): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const vector of advisory.data.cvss ?? []) {
    const key = scoreCvss(vector).version === '3.1' ? 'cvssV3_1' : 'cvssV4_0';
    out.push({ format: 'CVSS', scenarios: [{ lang: 'en', value: 'GENERAL' }], [key]: cvssJson(vector) });
  }
  // The team's own rating, which may differ from CVSS and says why (spec §5).
  if (advisory.data.severity) {
    const content: Record<string, string> = { text: advisory.data.severity };
    if (advisory.data.severity_rationale) content.rationale = advisory.data.severity_rationale;
    out.push({ other: { type: 'vendor severity', content } });
  }
  return out;
}

/** Who submits the record: the CNA's UUID and optional short name. */
interface Assigner {
  orgId: string;
  shortName?: string;
}

/** The parts every record shares; `metadata` starts with the state, `cna` follows providerMetadata. */
function record(cve: string, who: Assigner, dateUpdated: string, metadata: Record<string, string>, cna: Record<string, unknown>) {
  const shortName = who.shortName ? { shortName: who.shortName } : {};
  return {
    dataType: 'CVE_RECORD',
    dataVersion: CVE_DATA_VERSION,
    cveMetadata: {
      cveId: cve,
      assignerOrgId: who.orgId,
      ...(who.shortName ? { assignerShortName: who.shortName } : {}),
      ...metadata,
      dateUpdated,
    },
    containers: { cna: { providerMetadata: { orgId: who.orgId, ...shortName, dateUpdated }, ...cna } },
  };
}

function publishedRecord(ctx: ExportContext, cve: string, who: Assigner, notes: string[]) {
  const { advisory, config } = ctx;
  const data = advisory.data as Advisory['data'] & { embargo: string };
  const vendor = config.project.name;
  const cna: Record<string, unknown> = {
    datePublic: utc(data.embargo),
    title: vulnerabilityTitle(data.title, advisory.body, (data.affected ?? []).map((a) => a.package), cve).slice(0, 256),
    descriptions: [descriptionFor(advisory, cve, notes)],
    affected: (data.affected ?? []).map((a) => cveAffected(a, vendor)),
  };
  if (data.cwe?.length) {
    cna.problemTypes = [
      {
        descriptions: data.cwe.map((id) => ({ lang: 'en', type: 'CWE', cweId: id, description: cweName(id) ? `${id}: ${cweName(id)}` : id })),
      },
    ];
  }
  const m = metrics(advisory);
  if (m.length) cna.metrics = m;
  const updates = sortedUpdates(data);
  const mitigations = bodySections(advisory.body).find((s) => /^mitigations?$/i.test(s.heading));
  if (mitigations?.markdown) cna.solutions = [{ lang: 'en', value: markdownToPlain(mitigations.markdown).slice(0, 4096) }];
  if (data.timeline?.length || updates.length) {
    cna.timeline = [
      ...(data.timeline ?? []).map((t) => ({ time: utc(t.at), lang: 'en', value: t.event })),
      ...updates.map((u) => ({ time: utc(u.at), lang: 'en', value: `Advisory updated: ${u.note}` })),
    ];
  }
  if (data.credits?.length) {
    cna.credits = data.credits.map((c) => ({ lang: 'en', value: c.org ? `${c.name} (${c.org})` : c.name, type: creditType(c.role) }));
  }
  cna.references = cveReferences(advisory, config);
  cna.source = { advisory: data.id, discovery: 'UNKNOWN' };
  return record(cve, who, lastModified(data), { state: 'PUBLISHED', datePublished: utc(data.embargo) }, cna);
}

function rejectedRecord(ctx: ExportContext, cve: string, who: Assigner) {
  const data = ctx.advisory.data as Advisory['data'] & { embargo: string };
  const updates = sortedUpdates(data);
  const reason = updates.length ? updates[updates.length - 1].note : `Withdrawn by ${ctx.config.project.name}: advisory ${data.id}.`;
  const metadata = { state: 'REJECTED', datePublished: utc(data.embargo), dateRejected: lastModified(data) };
  return record(cve, who, lastModified(data), metadata, { rejectedReasons: [{ lang: 'en', value: `${data.title}: withdrawn. ${reason}` }] });
}

function render(ctx: ExportContext): ExportedDocument[] {
  assertExportable(ctx.advisory, 'CVE JSON 5');
  const { advisory, config } = ctx;
  const cna = cnaOf(config);
  const who: Assigner = { orgId: cna.assigner_org_id ?? PLACEHOLDER_ORG_ID, shortName: cna.assigner_short_name };
  const docs: ExportedDocument[] = [];
  for (const cve of advisory.data.cve ?? []) {
    const notes: string[] = [];
    if (cna.assigner_org_id === undefined) {
      notes.push(
        `assignerOrgId is the placeholder ${PLACEHOLDER_ORG_ID}: set \`cve.assigner_org_id\` (your CNA's UUID) in disclose.config.yaml before submitting this record`,
      );
    }
    const document = advisory.data.status === 'withdrawn' ? rejectedRecord(ctx, cve, who) : publishedRecord(ctx, cve, who, notes);
    docs.push({ name: `cve/${cve}.json`, document, notes });
  }
  return docs;
}

export const cve: ExportFormat = {
  name: 'cve',
  render,
  validate: validateCve,
};

// CSAF 2.0 export, profile `csaf_security_advisory`: one document per advisory with a product
// tree (see product-tree.ts) and one vulnerability per CVE (or one without a CVE). CSAF 2.0 knows
// CVSS up to 3.1 only: a 4.0 vector is kept as a vulnerability note and reported in `notes`.
import type { Advisory, Credit } from '../../advisory/schema.ts';
import { scoreCvss } from '../../advisory/cvss.ts';
import { validateCsaf } from '../../schemas/index.ts';
import { bodySections, cveSection, markdownToPlain, overviewSection, vulnerabilityTitle } from '../body-sections.ts';
import { cvssJson } from '../cvss-json.ts';
import { cweName } from '../cwe-names.ts';
import { lastModified, sortedUpdates, utc } from '../dates.ts';
import { assertExportable } from '../exportable.ts';
import { publicReferences } from '../references.ts';
import type { ExportContext, ExportedDocument, ExportFormat } from '../types.ts';
import { csafConformance } from './conformance.ts';
import { productTree, type EntryProducts } from './product-tree.ts';

const REFERENCE_SUMMARIES: Record<string, string> = {
  announce: 'Signed announcement (the official advisory)',
  blog: 'Blog post',
  forum: 'Forum topic',
  ghsa: 'GitHub Security Advisory',
  'oss-security': 'Post to the oss-security list',
};

const ROLE_SUMMARIES: Record<Credit['role'], string> = {
  reporter: 'reporting the issue',
  finder: 'finding the issue',
  coordinator: 'coordinating the disclosure',
  remediation_developer: 'developing the fix',
  remediation_reviewer: 'reviewing the fix',
  remediation_verifier: 'verifying the fix',
  analyst: 'analysing the issue',
  tool: 'the tool that found the issue',
  sponsor: 'sponsoring the work',
  other: 'their help',
};

/** CSAF §5.1: the file name is the tracking id, lower-cased, other characters replaced by "_". */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
}

function remediations(entries: EntryProducts[], advisory: Advisory): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const p of entries) {
    if (p.whole !== undefined) {
      out.push({ category: 'vendor_fix', details: `${p.entry.package} was fixed in place; there is nothing to install.`, product_ids: [p.whole] });
    } else if (p.fixedVersions.length) {
      out.push({ category: 'vendor_fix', details: `Update ${p.entry.package} to ${p.fixedVersions.join(' or ')} or later.`, product_ids: [...p.affected] });
    } else {
      out.push({ category: 'none_available', details: `No fixed version of ${p.entry.package} is named in the advisory; see its mitigations.`, product_ids: [...p.affected] });
    }
  }
  const mitigations = bodySections(advisory.body).find((s) => /^mitigations?$/i.test(s.heading));
  const affectedIds = entries.flatMap((p) => p.affected);
  if (mitigations?.markdown && affectedIds.length) {
    out.push({ category: 'mitigation', details: markdownToPlain(mitigations.markdown), product_ids: [...affectedIds] });
  }
  return out;
}

function render(ctx: ExportContext): ExportedDocument[] {
  const { advisory, config } = ctx;
  assertExportable(advisory, 'CSAF');
  const data = advisory.data;
  const notes: string[] = [];
  const { tree, entries } = productTree(config.project.name, data.affected ?? []);
  const affectedIds = entries.flatMap((p) => p.affected);
  const fixedIds = [...entries.flatMap((p) => p.fixed), ...entries.flatMap((p) => (p.whole ? [p.whole] : []))];

  const updates = sortedUpdates(data);
  const revisionHistory = [
    { date: utc(data.embargo), number: '1', summary: 'Initial public release.' },
    ...updates.map((u, i) => ({ date: utc(u.at), number: String(i + 2), summary: u.note })),
  ];

  const documentNotes: Record<string, unknown>[] = [
    { category: 'summary', title: 'Summary', text: data.summary },
    { category: 'details', title: 'Advisory text (Markdown)', text: advisory.body.trim() },
  ];
  if (data.severity_rationale) documentNotes.push({ category: 'general', title: `Severity: ${data.severity}`, text: data.severity_rationale });
  if (data.status === 'withdrawn') {
    documentNotes.push({ category: 'general', title: 'Withdrawn', text: updates.length ? updates[updates.length - 1].note : 'This advisory was withdrawn.' });
  }

  const references = publicReferences(data).map((r) => ({
    category: 'external',
    summary: r.source === 'reference' ? `${r.type.charAt(0)}${r.type.slice(1).toLowerCase()} reference` : REFERENCE_SUMMARIES[r.source],
    url: r.url,
  }));
  // Readers need somewhere to go; the team's archive always exists.
  if (references.length === 0) references.push({ category: 'external', summary: `${config.site.title}`, url: config.site.base_url });

  const v3 = (data.cvss ?? []).filter((v) => scoreCvss(v).version === '3.1');
  const v4 = (data.cvss ?? []).filter((v) => scoreCvss(v).version === '4.0');
  if (v4.length) notes.push(`CVSS 4.0 (${v4.join(', ')}) cannot be carried as a score by CSAF 2.0; it is kept as a vulnerability note`);
  if (v3.length > 1) notes.push(`CSAF allows one CVSS 3 score per product; only ${v3[0]} is given as a score`);
  const cwes = data.cwe ?? [];
  const namedCwe = cwes.find((id) => cweName(id) !== undefined);
  for (const id of cwes.filter((c) => cweName(c) === undefined)) {
    notes.push(`${id} has no name in src/exports/cwe-names.ts; CSAF needs the catalogue name, so it is listed only in a note — add it to the table`);
  }
  const scoredProducts = affectedIds.length ? affectedIds : fixedIds;

  const cves: (string | undefined)[] = data.cve?.length ? data.cve : [undefined];
    // Every id list below is a fresh array: documents share no objects, so a caller editing one list
  // (or a YAML dumper writing anchors) changes nothing else.
  const vulnerabilities = cves.map((cve) => {
    const section = cve ? cveSection(advisory.body, cve) : undefined;
    const overview = cves.length === 1 ? overviewSection(advisory.body) : undefined;
    const v: Record<string, unknown> = {};
    if (cve) v.cve = cve;
    if (namedCwe) v.cwe = { id: namedCwe, name: cweName(namedCwe) };
    if (data.ghsa) v.ids = [{ system_name: 'GitHub Security Advisory', text: data.ghsa }];
    v.title = vulnerabilityTitle(data.title, advisory.body, (data.affected ?? []).map((a) => a.package), cve);
    const vNotes: Record<string, unknown>[] = [
      { category: 'description', title: 'Description', text: markdownToPlain((section ?? overview)?.markdown || data.summary) },
    ];
    if (cwes.length > 1 || (cwes.length && !namedCwe)) vNotes.push({ category: 'other', title: 'Weaknesses', text: cwes.map((id) => (cweName(id) ? `${id}: ${cweName(id)}` : id)).join('\n') });
    for (const vector of v4) vNotes.push({ category: 'other', title: 'CVSS 4.0', text: `${vector} (base score ${scoreCvss(vector).score})` });
    v.notes = vNotes;
    const status: Record<string, string[]> = {};
    if (affectedIds.length) status.known_affected = [...affectedIds];
    if (fixedIds.length) status.fixed = [...fixedIds];
    v.product_status = status;
    v.release_date = utc(data.embargo);
    v.remediations = remediations(entries, advisory);
    if (v3.length && scoredProducts.length) v.scores = [{ products: [...scoredProducts], cvss_v3: cvssJson(v3[0]) }];
    if (data.credits?.length) {
      v.acknowledgments = data.credits.map((c) => ({
        names: [c.name],
        ...(c.org ? { organization: c.org } : {}),
        summary: ROLE_SUMMARIES[c.role],
        ...(c.github ? { urls: [`https://github.com/${c.github}`] } : {}),
      }));
    }
    if (cve) v.references = [{ category: 'external', summary: `${cve} in the CVE List`, url: `https://www.cve.org/CVERecord?id=${cve}` }];
    return v;
  });

  const document = {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      lang: 'en',
      title: data.title,
      publisher: { category: 'vendor', name: config.project.name, namespace: config.project.homepage, contact_details: config.mail.from },
      ...(data.severity ? { aggregate_severity: { text: data.severity } } : {}),
      notes: documentNotes,
      references,
      tracking: {
        id: data.id,
        // An embargoed advisory's document may still change before release day.
        status: data.status === 'embargoed' ? 'interim' : 'final',
        version: String(revisionHistory.length),
        revision_history: revisionHistory,
        initial_release_date: utc(data.embargo),
        current_release_date: lastModified(data),
        generator: { engine: { name: 'disclose' } },
      },
    },
    product_tree: tree,
    vulnerabilities,
  };
  return [{ name: `csaf/${csafFileName(data.id)}`, document, notes }];
}

export const csaf: ExportFormat = {
  name: 'csaf',
  render,
  validate: (doc) => {
    const errors = validateCsaf(doc);
    // The conformance checks assume the schema's shape; run them on schema-valid documents only.
    return errors.length ? errors : csafConformance(doc);
  },
};

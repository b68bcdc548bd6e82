// CSAF's conformance goes beyond its JSON schema (CSAF 2.0 §6.1, "mandatory tests"). These are the
// cheap ones, each reported like a schema error with the test's number so it can be looked up:
// every product id referenced is defined once, product statuses do not contradict, CVSS objects
// agree with their vectors, revision history and version agree, CVEs are unique, remediations
// name their products, product_version branches are single versions, and the
// csaf_security_advisory profile's required parts (6.1.27.4–6, 6.1.27.11) are there.
import { CvssError } from '../../advisory/cvss.ts';
import { cvssJson } from '../cvss-json.ts';
import { cweName } from '../cwe-names.ts';

type Json = Record<string, any>;

function definedProducts(doc: Json): { id: string; path: string }[] {
  const out: { id: string; path: string }[] = [];
  const walk = (branches: Json[] | undefined, at: string) => {
    (branches ?? []).forEach((b, i) => {
      const here = `${at}/${i}`;
      if (b.product) out.push({ id: b.product.product_id, path: `${here}/product/product_id` });
      walk(b.branches, `${here}/branches`);
    });
  };
  const tree = doc.product_tree ?? {};
  walk(tree.branches, '/product_tree/branches');
  (tree.full_product_names ?? []).forEach((p: Json, i: number) => out.push({ id: p.product_id, path: `/product_tree/full_product_names/${i}/product_id` }));
  (tree.relationships ?? []).forEach((r: Json, i: number) =>
    out.push({ id: r.full_product_name?.product_id, path: `/product_tree/relationships/${i}/full_product_name/product_id` }),
  );
  return out;
}

function referencedProducts(doc: Json): { id: string; path: string }[] {
  const out: { id: string; path: string }[] = [];
  const add = (ids: unknown, path: string) => (Array.isArray(ids) ? ids : []).forEach((id, i) => out.push({ id: String(id), path: `${path}/${i}` }));
  (doc.product_tree?.product_groups ?? []).forEach((g: Json, i: number) => add(g.product_ids, `/product_tree/product_groups/${i}/product_ids`));
  (doc.vulnerabilities ?? []).forEach((v: Json, vi: number) => {
    const at = `/vulnerabilities/${vi}`;
    for (const [status, ids] of Object.entries(v.product_status ?? {})) add(ids, `${at}/product_status/${status}`);
    (v.remediations ?? []).forEach((r: Json, i: number) => add(r.product_ids, `${at}/remediations/${i}/product_ids`));
    (v.scores ?? []).forEach((s: Json, i: number) => add(s.products, `${at}/scores/${i}/products`));
    (v.threats ?? []).forEach((t: Json, i: number) => add(t.product_ids, `${at}/threats/${i}/product_ids`));
  });
  return out;
}

const STATUS_GROUPS: Record<string, string> = {
  first_affected: 'affected',
  known_affected: 'affected',
  last_affected: 'affected',
  known_not_affected: 'not affected',
  first_fixed: 'fixed',
  fixed: 'fixed',
  under_investigation: 'under investigation',
};

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map(Number);
  const pb = b.split(/[.+-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Readable errors for the cheap CSAF 2.0 §6.1 mandatory tests (empty = conformant). */
export function csafConformance(document: unknown): string[] {
  const doc = document as Json;
  const errors: string[] = [];

  // 6.1.1 and 6.1.2: product ids
  const defined = definedProducts(doc);
  const seen = new Map<string, string>();
  for (const d of defined) {
    if (seen.has(d.id)) errors.push(`${d.path}: product id "${d.id}" is defined twice (first at ${seen.get(d.id)}) (CSAF 6.1.2)`);
    else seen.set(d.id, d.path);
  }
  for (const r of referencedProducts(doc)) {
    if (!seen.has(r.id)) errors.push(`${r.path}: product id "${r.id}" is not defined in the product tree (CSAF 6.1.1)`);
  }

  const cves = new Map<string, number>();
  (doc.vulnerabilities ?? []).forEach((v: Json, vi: number) => {
    const at = `/vulnerabilities/${vi}`;
    // 6.1.6: one product, one status group
    const groupOf = new Map<string, string>();
    for (const [status, ids] of Object.entries(v.product_status ?? {})) {
      const group = STATUS_GROUPS[status];
      if (!group) continue;
      for (const id of ids as string[]) {
        const other = groupOf.get(id);
        if (other && other !== group) errors.push(`${at}/product_status: product "${id}" is both ${other} and ${group} (CSAF 6.1.6)`);
        groupOf.set(id, group);
      }
    }
    // 6.1.7, 6.1.9, 6.1.10: CVSS
    const scored = new Set<string>();
    (v.scores ?? []).forEach((s: Json, si: number) => {
      const cvss = s.cvss_v3 as Json | undefined;
      if (!cvss) return;
      for (const p of s.products ?? []) {
        const key = `${p} ${cvss.version}`;
        if (scored.has(key)) errors.push(`${at}/scores/${si}: product "${p}" has a second CVSS ${cvss.version} score (CSAF 6.1.7)`);
        scored.add(key);
      }
      if (cvss.version !== '3.1') return;
      let expected: Json;
      try {
        expected = cvssJson(cvss.vectorString);
      } catch (e) {
        if (e instanceof CvssError) {
          errors.push(`${at}/scores/${si}/cvss_v3/vectorString: ${e.message} (CSAF 6.1.8)`);
          return;
        }
        throw e;
      }
      for (const [key, value] of Object.entries(cvss)) {
        if (key in expected && expected[key] !== value) {
          const test = key === 'baseScore' || key === 'baseSeverity' ? '6.1.9' : '6.1.10';
          errors.push(`${at}/scores/${si}/cvss_v3/${key}: is ${JSON.stringify(value)} but the vector says ${JSON.stringify(expected[key])} (CSAF ${test})`);
        }
      }
    });
    // 6.1.11: CWE name
    if (v.cwe && cweName(v.cwe.id) !== undefined && cweName(v.cwe.id) !== v.cwe.name) {
      errors.push(`${at}/cwe/name: "${v.cwe.name}" is not the name of ${v.cwe.id} ("${cweName(v.cwe.id)}") (CSAF 6.1.11)`);
    }
    // 6.1.23: one vulnerability per CVE
    if (v.cve) {
      if (cves.has(v.cve)) errors.push(`${at}/cve: ${v.cve} is also /vulnerabilities/${cves.get(v.cve)} (CSAF 6.1.23)`);
      else cves.set(v.cve, vi);
    }
    // 6.1.29: a remediation says which products it is for
    (v.remediations ?? []).forEach((r: Json, i: number) => {
      if (!r.product_ids?.length && !r.group_ids?.length) errors.push(`${at}/remediations/${i}: names no product_ids or group_ids (CSAF 6.1.29)`);
    });
    // 6.1.27.5 and 6.1.27.6 (security advisory profile)
    if (doc.document?.category === 'csaf_security_advisory') {
      if (!v.notes?.length) errors.push(`${at}: a security advisory's vulnerability needs notes (CSAF 6.1.27.5)`);
      if (!v.product_status) errors.push(`${at}: a security advisory's vulnerability needs product_status (CSAF 6.1.27.6)`);
    }
  });

  // 6.1.14, 6.1.16, 6.1.21, 6.1.22: revision history and version
  const tracking = doc.document?.tracking ?? {};
  const history: Json[] = tracking.revision_history ?? [];
  const numbers = history.map((h) => String(h.number));
  if (new Set(numbers).size !== numbers.length) errors.push('/document/tracking/revision_history: a revision number is used twice (CSAF 6.1.22)');
  const byNumber = [...history].sort((a, b) => compareVersions(String(a.number), String(b.number)));
  for (let i = 1; i < byNumber.length; i++) {
    if (Date.parse(byNumber[i].date) < Date.parse(byNumber[i - 1].date)) {
      errors.push(`/document/tracking/revision_history: revision ${byNumber[i].number} is dated before revision ${byNumber[i - 1].number} (CSAF 6.1.14)`);
    }
  }
  if (numbers.length && numbers.every((n) => /^\d+$/.test(n))) {
    const sorted = numbers.map(Number).sort((a, b) => a - b);
    sorted.forEach((n, i) => {
      if (i > 0 && n !== sorted[i - 1] + 1) errors.push(`/document/tracking/revision_history: revision ${sorted[i - 1] + 1} is missing (CSAF 6.1.21)`);
    });
    if (String(tracking.version) !== String(sorted[sorted.length - 1])) {
      errors.push(`/document/tracking/version: is "${tracking.version}" but the latest revision is "${sorted[sorted.length - 1]}" (CSAF 6.1.16)`);
    }
  }

  // 6.1.27.4 and 6.1.27.11: the csaf_security_advisory profile's required parts
  if (doc.document?.category === 'csaf_security_advisory') {
    if (!doc.product_tree) errors.push('/: a security advisory needs a product_tree (CSAF 6.1.27.4)');
    if (!doc.vulnerabilities?.length) errors.push('/: a security advisory needs vulnerabilities (CSAF 6.1.27.11)');
  }

  // 6.1.31: a product_version branch names one version, not a range
  const walk = (branches: Json[] | undefined, at: string) => {
    (branches ?? []).forEach((b, i) => {
      const here = `${at}/${i}`;
      if (b.category === 'product_version' && /<|>|\b(after|all|before|earlier|later|prior|versions)\b/i.test(String(b.name))) {
        errors.push(`${here}/name: "${b.name}" is a range; use a product_version_range branch for it (CSAF 6.1.31)`);
      }
      walk(b.branches, `${here}/branches`);
    });
  };
  walk(doc.product_tree?.branches, '/product_tree/branches');
  return errors;
}

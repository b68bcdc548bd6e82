// CSAF's product tree for an advisory: vendor (the project) → product_name (the package) → one
// product_version_range per affected range (in `vers:semver/…` syntax) and one product_version per
// fixed version. A service (no ranges) is a product_name leaf. The ids are readable and unique, and
// the per-entry lists tell the vulnerabilities which ids are affected and which are fixed.
import type { AffectedEntry, VersionRange } from '../../advisory/schema.ts';
import { describeAffected, describeRange, platformName } from '../../advisory/ranges.ts';
import { purlFor } from '../purl.ts';

export interface EntryProducts {
  entry: AffectedEntry;
  /** Ids of the vulnerable version ranges. */
  affected: string[];
  /** Ids of the fixed versions (product_version branches). */
  fixed: string[];
  /** The fixed version numbers, for remediation text. */
  fixedVersions: string[];
  /** Id of a service/product without ranges (fixed in place), if this entry is one. */
  whole?: string;
}

export interface ProductTree {
  tree: { branches: unknown[] };
  entries: EntryProducts[];
}

/** vers syntax (package-url/vers-spec) for one range, e.g. "vers:semver/>=1.68.0|<1.96.1". */
export function versRange(r: VersionRange): string {
  const parts: string[] = [];
  if (r.introduced !== '0') parts.push(`>=${r.introduced}`);
  if (r.fixed !== undefined) parts.push(`<${r.fixed}`);
  else if (r.last_affected !== undefined) parts.push(`<=${r.last_affected}`);
  return `vers:semver/${parts.length ? parts.join('|') : '*'}`;
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-');
}

export function productTree(vendor: string, affected: AffectedEntry[]): ProductTree {
  const used = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
  const entries: EntryProducts[] = [];
  const productBranches: unknown[] = [];
  for (const entry of affected) {
    const onPlatforms = entry.platforms?.length ? ` (${entry.platforms.map(platformName).join(', ')} only)` : '';
    const purl = purlFor(entry.ecosystem, entry.package);
    const helper = purl ? { product_identification_helper: { purl } } : {};
    const products: EntryProducts = { entry, affected: [], fixed: [], fixedVersions: [] };
    if (!entry.ranges?.length) {
      const id = uniqueId(slug(entry.package));
      products.whole = id;
      productBranches.push({ category: 'product_name', name: entry.package, product: { product_id: id, name: describeAffected(entry) } });
      entries.push(products);
      continue;
    }
    const versionBranches: unknown[] = [];
    entry.ranges.forEach((r, i) => {
      const id = uniqueId(`${slug(entry.package)}-vulnerable-${i + 1}`);
      products.affected.push(id);
      versionBranches.push({
        category: 'product_version_range',
        name: versRange(r),
        product: { product_id: id, name: `${entry.package} ${describeRange(r)}${onPlatforms}`, ...helper },
      });
    });
    for (const fixed of new Set(entry.ranges.map((r) => r.fixed).filter((v): v is string => v !== undefined))) {
      const id = uniqueId(`${slug(entry.package)}-${fixed}`);
      products.fixed.push(id);
      products.fixedVersions.push(fixed);
      const purlAt = purl ? { product_identification_helper: { purl: `${purl}@${encodeURIComponent(fixed)}` } } : {};
      versionBranches.push({ category: 'product_version', name: fixed, product: { product_id: id, name: `${entry.package} ${fixed}`, ...purlAt } });
    }
    productBranches.push({ category: 'product_name', name: entry.package, branches: versionBranches });
    entries.push(products);
  }
  return { tree: { branches: [{ category: 'vendor', name: vendor, branches: productBranches }] }, entries };
}

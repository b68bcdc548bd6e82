// Package URLs (purl spec) for the ecosystems whose purl type is unambiguous. Used by OSV
// (`package.purl`) and CSAF (`product_identification_helper.purl`); other ecosystems get none.
const PURL_TYPES: Record<string, string> = {
  'crates.io': 'cargo',
  npm: 'npm',
  PyPI: 'pypi',
  RubyGems: 'gem',
  NuGet: 'nuget',
  Hex: 'hex',
  Pub: 'pub',
  Hackage: 'hackage',
};

/** "pkg:cargo/rivet-regex", or undefined when the ecosystem has no purl type here. */
export function purlFor(ecosystem: string, name: string): string | undefined {
  const type = PURL_TYPES[ecosystem];
  if (type === undefined) return undefined;
  if (type === 'npm' && name.startsWith('@')) {
    const [scope, pkg] = name.split('/');
    return `pkg:npm/${encodeURIComponent(scope)}/${encodeURIComponent(pkg)}`;
  }
  const normalised = type === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
  return `pkg:${type}/${encodeURIComponent(normalised)}`;
}

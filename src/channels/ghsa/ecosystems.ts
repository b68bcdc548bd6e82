// OSV ecosystem names (what advisories use) → the names GitHub's API accepts in
// `vulnerabilities[].package.ecosystem` (the enum in GitHub's OpenAPI description).
export const GITHUB_ECOSYSTEMS = ['rubygems', 'npm', 'pip', 'maven', 'nuget', 'composer', 'go', 'rust', 'erlang', 'actions', 'pub', 'other', 'swift'] as const;
export type GithubEcosystem = (typeof GITHUB_ECOSYSTEMS)[number];

const FROM_OSV: Record<string, GithubEcosystem> = {
  'crates.io': 'rust',
  npm: 'npm',
  PyPI: 'pip',
  Go: 'go',
  Maven: 'maven',
  NuGet: 'nuget',
  RubyGems: 'rubygems',
  Packagist: 'composer',
  Pub: 'pub',
  Hex: 'erlang',
  SwiftURL: 'swift',
  'GitHub Actions': 'actions',
};

/** GitHub's name for an OSV ecosystem; `other` for anything GitHub does not know. */
export function githubEcosystem(osv: string): GithubEcosystem {
  return FROM_OSV[osv] ?? 'other';
}

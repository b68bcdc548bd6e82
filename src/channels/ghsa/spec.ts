// ghsa, as data: a GitHub repository security advisory, created as a draft, then published.
import type { ChannelSpec } from '../spec-types.ts';

export const ghsaSpec = {
  name: 'ghsa',
  public: true,
  credential: 'GITHUB_TOKEN',
  linkType: 'ADVISORY',
  release: [
    {
      id: 'ghsa',
      title: 'Create and publish the GitHub Security Advisory',
      detail: 'The repository security advisory is created with its CVEs, CWEs, credits and affected ranges, pointing to the blog post, then published.',
    },
  ],
  amend: { title: 'updating the GitHub advisory' },
} as const satisfies ChannelSpec;

// The GitHub repository and token, for the release step and the amendment alike.
import type { TeamConfig } from '../../config/schema.ts';
import { requireSecret } from '../../publish/step-context.ts';
import type { GhsaTarget } from './deliver.ts';

export function ghsaTarget(config: TeamConfig, secrets: { githubToken?: string }, timeoutMs: number | undefined): GhsaTarget {
  const token = requireSecret(secrets.githubToken, 'GITHUB_TOKEN');
  return { apiUrl: config.github.api_url, repository: config.github.repository, token, timeoutMs };
}

/** `<api>/repos/<owner>/<repo>/security-advisories`, for rehearsal requests. */
export function advisoriesUrl(config: TeamConfig): string {
  const [owner, repo] = config.github.repository.split('/');
  return `${config.github.api_url.replace(/\/$/, '')}/repos/${owner}/${repo}/security-advisories`;
}

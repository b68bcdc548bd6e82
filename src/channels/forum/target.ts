// The Discourse instance and API key, for the release step and the amendment alike.
import type { TeamConfig } from '../../config/schema.ts';
import { requireSecret } from '../../publish/step-context.ts';
import type { ForumTarget } from './deliver.ts';

export function forumTarget(config: TeamConfig, secrets: { discourseKey?: string }, timeoutMs: number | undefined): ForumTarget {
  const apiKey = requireSecret(secrets.discourseKey, 'DISCOURSE_API_KEY');
  return { url: config.forum.url, apiKey, apiUsername: config.forum.api_username, timeoutMs };
}

/** The forum's base URL, for rehearsal requests. */
export function forumBase(config: TeamConfig): string {
  return config.forum.url.replace(/\/$/, '');
}

/** The request headers a rehearsal shows, with the key left out. */
export function forumHeaders(config: TeamConfig): Record<string, string> {
  return { 'Api-Key': '<DISCOURSE_API_KEY>', 'Api-Username': config.forum.api_username };
}

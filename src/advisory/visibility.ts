// The one rule that keeps embargoed text out of public artifacts (spec §4): only `published` and
// `withdrawn` advisories whose embargo has passed are public. Everything public asks this function.
import type { AdvisoryData } from './schema.ts';

export function isPublic(data: Pick<AdvisoryData, 'status' | 'embargo'>, at: Date): boolean {
  if (data.status !== 'published' && data.status !== 'withdrawn') return false;
  if (data.embargo === undefined) return false;
  return Date.parse(data.embargo) <= at.getTime();
}

/** A copy of the frontmatter without `private`, for anything that leaves the repository. */
export function withoutPrivate<T extends { private?: unknown }>(data: T): Omit<T, 'private'> {
  const { private: _private, ...rest } = data;
  return rest;
}

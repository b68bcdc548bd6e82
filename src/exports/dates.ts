// Timestamps in exports are UTC with a "Z" (OSV requires it; CVE and CSAF accept it) and are
// derived from the advisory only, never from the wall clock, so the same file always exports to
// the same bytes.
import type { AdvisoryData } from '../advisory/schema.ts';

/** "2026-06-16T16:00:00+02:00" → "2026-06-16T14:00:00Z". */
export function utc(timestamp: string): string {
  return new Date(timestamp).toISOString().replace(/\.000Z$/, 'Z');
}

/** The latest of the embargo and every update: OSV `modified`, CSAF `current_release_date`. */
export function lastModified(data: Pick<AdvisoryData, 'embargo' | 'updates'>): string {
  const times = [data.embargo, ...(data.updates ?? []).map((u) => u.at)].filter((t): t is string => t !== undefined);
  const latest = Math.max(...times.map((t) => Date.parse(t)));
  return utc(new Date(latest).toISOString());
}

/** Updates sorted oldest first (the file may list them in any order). */
export function sortedUpdates(data: Pick<AdvisoryData, 'updates'>): { at: string; note: string }[] {
  return [...(data.updates ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

// Amendments (`updates`, spec §7): every channel shows them, in the form that fits it — an
// "Updates" section in mail and GHSA, an "Updated on … UTC" footer on the blog and forum — and
// each channel also renders an errata message for the newest one (follow-up mail, forum reply,
// blog edit, GHSA update), which `npm run amend` delivers.
import type { Advisory } from '../../advisory/schema.ts';
import { formatUtc } from './time.ts';

export function sortedUpdates(advisory: Advisory) {
  return [...(advisory.data.updates ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The newest amendment, or null. */
export function latestUpdate(advisory: Advisory) {
  return sortedUpdates(advisory).at(-1) ?? null;
}

/** "## Updates" with one list item per amendment (mail, GHSA); null when there are none. */
export function updatesSection(advisory: Advisory): string | null {
  const updates = sortedUpdates(advisory);
  if (updates.length === 0) return null;
  return `## Updates\n\n${updates.map((u) => `- ${formatUtc(u.at)}: ${u.note}`).join('\n')}`;
}

/** The blog and forum footer: a rule, then "*Updated on … UTC:* note" per amendment. */
export function updatedFooter(advisory: Advisory): string | null {
  const updates = sortedUpdates(advisory);
  if (updates.length === 0) return null;
  return `* * *\n\n${updates.map((u) => `*Updated on ${formatUtc(u.at)}:* ${u.note}`).join('\n\n')}`;
}

/** A compact stamp for errata Message-IDs and file names: 20260312T1000Z. */
export function updateStamp(at: string): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace(/\d\d\.\d{3}Z$/, 'Z');
}

/**
 * A withdrawn advisory says so before anything else, in every channel; the newest update gives
 * the reason (spec §4 requires one).
 */
export function withdrawnNotice(advisory: Advisory): string | null {
  if (advisory.data.status !== 'withdrawn') return null;
  const reason = latestUpdate(advisory);
  return `**This advisory has been withdrawn${reason ? ` (${formatUtc(reason.at)})` : ''}.**${reason ? ` ${reason.note}` : ''}`;
}

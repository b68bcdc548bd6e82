// How the archive shows an advisory's facts. Pure functions over the public frontmatter, shared by
// the pages, the feed and the filter pages so that each fact is worded once.
import { scoreCvss, type CvssScore } from '../../advisory/cvss.ts';
import { describeAffected, platformName } from '../../advisory/ranges.ts';
import { PUBLIC_CHANNELS, SEVERITIES, type CreditRole, type Severity } from '../../advisory/schema.ts';
import type { PublicAdvisoryData } from '../loader.ts';

export { describeAffected, platformName };

export const SEVERITY_ORDER: readonly Severity[] = SEVERITIES;

export function severityLabel(s: Severity | undefined): string {
  return s ? s[0].toUpperCase() + s.slice(1) : 'Unrated';
}

/** "2026-03-10 15:00 UTC": release day spans zones, so the archive states times in UTC. */
export function formatUtc(timestamp: string): string {
  const d = new Date(timestamp);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "2026-03-10" */
export function formatDate(timestamp: string): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

/** Newest disclosure first; ties (same minute) by id, newest id first. */
export function newestFirst<T extends { data: PublicAdvisoryData }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => {
    const d = Date.parse(b.data.embargo ?? '') - Date.parse(a.data.embargo ?? '');
    return d !== 0 ? d : b.data.id.localeCompare(a.data.id);
  });
}

export function cvssScores(data: PublicAdvisoryData): CvssScore[] {
  return (data.cvss ?? []).map(scoreCvss);
}

export function packagesOf(data: PublicAdvisoryData): string[] {
  return [...new Set((data.affected ?? []).map((a) => a.package))];
}

/** A URL path segment for a package name ("pkgs.rivet-lang.org" → "pkgs.rivet-lang.org", "@a/b" → "a-b"). */
export function packageSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'package';
}

const CHANNEL_LABELS: Record<(typeof PUBLIC_CHANNELS)[number], string> = {
  announce: 'Signed announcement (official)',
  blog: 'Blog post',
  forum: 'Forum topic',
  ghsa: 'GitHub Security Advisory',
  'oss-security': 'oss-security mail',
};

/** Each channel's public copy, in release-day order, for the channels that have a link. */
export function channelLinks(data: PublicAdvisoryData): { channel: string; label: string; url: string }[] {
  const links = data.links ?? {};
  return PUBLIC_CHANNELS.flatMap((channel) => {
    const url = links[channel];
    return url ? [{ channel, label: CHANNEL_LABELS[channel], url }] : [];
  });
}

const ROLE_LABELS: Record<CreditRole, string> = {
  reporter: 'Reported by',
  finder: 'Found by',
  coordinator: 'Coordinated by',
  remediation_developer: 'Fix developed by',
  remediation_reviewer: 'Fix reviewed by',
  remediation_verifier: 'Fix verified by',
  analyst: 'Analysis by',
  tool: 'Tool',
  sponsor: 'Sponsored by',
  other: 'Also credited',
};

export function creditRoleLabel(role: CreditRole): string {
  return ROLE_LABELS[role];
}

export function cveUrl(cve: string): string {
  return `https://www.cve.org/CVERecord?id=${encodeURIComponent(cve)}`;
}

export function cweUrl(cwe: string): string {
  return `https://cwe.mitre.org/data/definitions/${cwe.replace(/^CWE-/, '')}.html`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Short frontmatter texts (update notes) are written with Markdown code spans, e.g.
 * "`RegexSet::new` is affected too". Everything is escaped; only `code` becomes markup.
 */
export function inlineMarkdown(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

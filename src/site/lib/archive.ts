// The archive's view of the `advisories` collection. Everything in the collection is public by
// construction (see ../loader.ts); this module only types it, orders it and groups it for the
// filter pages.
import { getCollection } from 'astro:content';
import type { Severity } from '../../advisory/schema.ts';
import type { PublicAdvisoryData } from '../loader.ts';
import { SEVERITY_ORDER, newestFirst, packageSlug, packagesOf } from './present.ts';

export interface ArchiveEntry {
  id: string;
  data: PublicAdvisoryData;
  html: string;
}

let cached: Promise<ArchiveEntry[]> | undefined;

/** Every public advisory, newest first. */
export function archiveEntries(): Promise<ArchiveEntry[]> {
  cached ??= getCollection('advisories').then((entries) =>
    newestFirst(
      entries.map((e) => ({
        id: e.id,
        data: e.data as PublicAdvisoryData,
        html: e.rendered?.html ?? '',
      })),
    ),
  );
  return cached;
}

export interface SeverityGroup {
  severity: Severity;
  entries: ArchiveEntry[];
}

/** One group per severity that has advisories, most severe first. */
export function groupBySeverity(entries: ArchiveEntry[]): SeverityGroup[] {
  return [...SEVERITY_ORDER]
    .reverse()
    .map((severity) => ({ severity, entries: entries.filter((e) => e.data.severity === severity) }))
    .filter((g) => g.entries.length > 0);
}

export interface PackageGroup {
  name: string;
  slug: string;
  entries: ArchiveEntry[];
}

/** One group per affected package, by name; packages whose slugs collide share a page. */
export function groupByPackage(entries: ArchiveEntry[]): PackageGroup[] {
  const bySlug = new Map<string, PackageGroup>();
  for (const entry of entries) {
    for (const name of packagesOf(entry.data)) {
      const slug = packageSlug(name);
      const group = bySlug.get(slug) ?? { name, slug, entries: [] };
      if (!group.entries.includes(entry)) group.entries.push(entry);
      bySlug.set(slug, group);
    }
  }
  return [...bySlug.values()].sort((a, b) => a.name.localeCompare(b.name));
}

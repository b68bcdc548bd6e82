// The public references every export lists: the advisory's own `references`, then the channels'
// public URLs from `links` (the signed announcement is the official advisory). Typed with OSV's
// reference types; CVE and CSAF map from these.
import type { AdvisoryData } from '../advisory/schema.ts';

export type ReferenceType = NonNullable<AdvisoryData['references']>[number]['type'];

export interface PublicReference {
  url: string;
  type: ReferenceType;
  /** Where it came from, for CVE/CSAF summaries: a channel name or "reference". */
  source: 'reference' | 'announce' | 'blog' | 'forum' | 'ghsa' | 'oss-security';
}

const LINK_TYPES: Record<keyof NonNullable<AdvisoryData['links']>, ReferenceType> = {
  announce: 'ADVISORY',
  blog: 'ARTICLE',
  forum: 'DISCUSSION',
  ghsa: 'ADVISORY',
  'oss-security': 'ADVISORY',
};

/** References then channel links, each URL once, in a fixed order. */
export function publicReferences(data: Pick<AdvisoryData, 'references' | 'links'>): PublicReference[] {
  const out: PublicReference[] = [];
  const seen = new Set<string>();
  const add = (r: PublicReference) => {
    if (seen.has(r.url)) return;
    seen.add(r.url);
    out.push(r);
  };
  for (const r of data.references ?? []) add({ url: r.url, type: r.type, source: 'reference' });
  for (const channel of ['announce', 'blog', 'forum', 'ghsa', 'oss-security'] as const) {
    const url = data.links?.[channel];
    if (url !== undefined) add({ url, type: LINK_TYPES[channel], source: channel });
  }
  return out;
}

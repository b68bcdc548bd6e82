// The public references every export lists: the advisory's own `references`, then the channels'
// public URLs from `links` (the signed announcement is the official advisory). Typed with OSV's
// reference types; CVE and CSAF map from these.
import type { AdvisoryData } from '../advisory/schema.ts';
import { CHANNEL_SPECS, type PublicChannelName } from '../channels/catalog.ts';

export type ReferenceType = NonNullable<AdvisoryData['references']>[number]['type'];

export interface PublicReference {
  url: string;
  type: ReferenceType;
  /** Where it came from, for CVE/CSAF summaries: a channel name or "reference". */
  source: 'reference' | PublicChannelName;
}

/** Each public channel and the reference type of its URL, in catalog (release-day) order. */
const LINKED_CHANNELS = CHANNEL_SPECS.flatMap((s) => (s.public && 'linkType' in s ? [{ channel: s.name as PublicChannelName, type: s.linkType as ReferenceType }] : []));

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
  for (const { channel, type } of LINKED_CHANNELS) {
    const url = data.links?.[channel];
    if (url !== undefined) add({ url, type, source: channel });
  }
  return out;
}

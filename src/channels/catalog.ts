// Every channel, as data, in release-day order (spec §8: announce first, it is the official
// advisory; distros, private, last here — notify-distros sends it days earlier, on its own).
// This is THE list of channels: the advisory schema's `channels` enum, the runbook's release
// steps, the exports' link references and the registry of channel modules (registry.ts) all
// derive from it. Data only — the schema and the public site import it, so it must never import
// channel code (render, deliver, release, amend): only each folder's spec.ts.
import { announceSpec } from './announce/spec.ts';
import { blogSpec } from './blog/spec.ts';
import { distrosSpec } from './distros/spec.ts';
import { forumSpec } from './forum/spec.ts';
import { ghsaSpec } from './ghsa/spec.ts';
import { ossSecuritySpec } from './oss-security/spec.ts';

/** Adding a channel: its folder, and one line here. */
export const CHANNEL_SPECS = [announceSpec, blogSpec, forumSpec, ghsaSpec, ossSecuritySpec, distrosSpec] as const;

export type ChannelSpecOf = (typeof CHANNEL_SPECS)[number];
export type ChannelName = ChannelSpecOf['name'];
export type PublicChannelName = Extract<ChannelSpecOf, { public: true }>['name'];
/** The channels `npm run amend` can reach. */
export type AmendChannelName = Extract<ChannelSpecOf, { amend: object }>['name'];
/** Every release-day step a channel declares (publish adds `preflight` and `finalize`). */
export type ChannelStepId = ChannelSpecOf['release'][number]['id'];

type NamesOf<T extends readonly { name: string }[]> = { -readonly [K in keyof T]: T[K]['name'] };

/** The names in catalog order, as a tuple (zod's enum needs one). */
export const CHANNEL_NAMES = CHANNEL_SPECS.map((s) => s.name) as NamesOf<typeof CHANNEL_SPECS>;

export const PUBLIC_CHANNEL_NAMES: readonly PublicChannelName[] = CHANNEL_SPECS.filter((s) => s.public).map((s) => s.name as PublicChannelName);

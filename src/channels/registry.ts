// Every channel module — render, release steps, amendment step, credential — in the catalog's
// order (catalog.ts: release-day order, spec §8). Every list of channels in the code derives from
// this (publish's steps, amend's channels, preflight's credentials) or from the catalog (the
// schema, the runbook, the exports). A new channel's folder is added to catalog.ts; the compiler
// then asks for its module here (MODULES must name every catalog entry).
import { announce } from './announce/index.ts';
import { blog } from './blog/index.ts';
import { CHANNEL_SPECS, type ChannelName } from './catalog.ts';
import { distros } from './distros/index.ts';
import { forum } from './forum/index.ts';
import { ghsa } from './ghsa/index.ts';
import { ossSecurity } from './oss-security/index.ts';
import type { ChannelModule } from './types.ts';

const MODULES: { readonly [N in ChannelName]: ChannelModule } = { announce, blog, forum, ghsa, 'oss-security': ossSecurity, distros };

/** Every channel module, in catalog order. */
export const REGISTRY: readonly ChannelModule[] = CHANNEL_SPECS.map((s) => MODULES[s.name]);

/** The public channels, in release-day order. */
export const CHANNELS_IN_ORDER: readonly ChannelModule[] = REGISTRY.filter((m) => m.public);

/** Every channel module, private ones first (distros is sent days before the others). */
export const ALL_CHANNELS: readonly ChannelModule[] = [...REGISTRY.filter((m) => !m.public), ...CHANNELS_IN_ORDER];

export function channelModule(name: string): ChannelModule {
  const found = REGISTRY.find((c) => c.name === name);
  if (!found) throw new Error(`no channel module for "${name}"`);
  return found;
}

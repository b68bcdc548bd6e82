// Every channel, in release-day order (spec §8: announce first, it is the official advisory).
// distros is listed apart: it is private and goes out 3–14 days earlier, with notify-distros.
// Adding a channel is adding its folder and one line here.
import type { Channel } from '../advisory/schema.ts';
import { announce } from './announce/index.ts';
import { blog } from './blog/index.ts';
import { distros } from './distros/index.ts';
import { forum } from './forum/index.ts';
import { ghsa } from './ghsa/index.ts';
import { ossSecurity } from './oss-security/index.ts';
import type { ChannelModule } from './types.ts';

export const CHANNELS_IN_ORDER: ChannelModule[] = [announce, blog, forum, ghsa, ossSecurity];

export const DISTROS_CHANNEL: ChannelModule = distros;

/** Every channel module, distros first (it is sent first, days before the others). */
export const ALL_CHANNELS: ChannelModule[] = [distros, ...CHANNELS_IN_ORDER];

export function channelModule(name: Channel): ChannelModule {
  const found = ALL_CHANNELS.find((c) => c.name === name);
  if (!found) throw new Error(`no channel module for "${name}"`);
  return found;
}

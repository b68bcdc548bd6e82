// Rendering for release day: each channel's variant is rendered just before its step, with the
// links known at that moment (the blog and forum point to the signed mail's archive URL, the GHSA
// to the blog post). Renderers are the channels' own (src/channels/<name>/index.ts); publish never
// writes channel text itself.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Advisory, Channel } from '../advisory/schema.ts';
import type { ChannelModule, RenderContext, RenderedChannel } from '../channels/types.ts';
import type { TeamConfig } from '../config/schema.ts';
import { InputError } from '../errors.ts';
import { shareableAttachments } from '../gate/repository.ts';

export type Links = RenderContext['links'];
export type Renderer = (channel: Channel, ctx: RenderContext) => RenderedChannel | Promise<RenderedChannel>;

const channelsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../channels');

function isChannelModule(value: unknown, name: Channel): value is ChannelModule {
  const m = value as Partial<ChannelModule> | null;
  return typeof m === 'object' && m !== null && typeof m.render === 'function' && m.name === name;
}

/** Loads src/channels/<name>/index.ts and returns its ChannelModule, whatever it is exported as. */
async function channelModule(name: Channel): Promise<ChannelModule> {
  const file = path.join(channelsDir, name, 'index.ts');
  if (!existsSync(file)) throw new InputError(`no renderer for channel "${name}": ${file} does not exist`);
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const found = Object.values(mod).find((v) => isChannelModule(v, name));
  if (!found) throw new InputError(`${file} exports no ChannelModule named "${name}"`);
  return found;
}

/** The channels' own renderers. */
export const channelRenderer: Renderer = async (channel, ctx) => (await channelModule(channel)).render(ctx);

/** The files the team marked shareable (advisories/<ID>/shareable/), attached to the distros mail. */
export async function readAttachments(advisory: Advisory): Promise<RenderContext['attachments']> {
  return shareableAttachments(path.dirname(advisory.file), advisory.data.id);
}

export interface RenderInput {
  advisory: Advisory;
  config: TeamConfig;
  now: Date;
  links: Links;
  attachments: RenderContext['attachments'];
}

export async function renderChannel(render: Renderer, channel: Channel, input: RenderInput): Promise<RenderedChannel> {
  const links = { ...input.advisory.data.links, ...input.links };
  const rendered = await render(channel, { ...input, links });
  if (rendered.channel !== channel) throw new Error(`the ${channel} renderer returned a variant for ${rendered.channel}`);
  return rendered;
}

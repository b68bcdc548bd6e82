// Shared setup for channel tests: the real sample advisories and config of this repository,
// rendered at a fixed moment so golden files do not change with the clock.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAdvisory } from '../../src/advisory/parse.ts';
import type { Advisory } from '../../src/advisory/schema.ts';
import { shareableAttachments } from '../../src/gate/repository.ts';
import type { RenderContext } from '../../src/channels/types.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { TeamConfig } from '../../src/config/schema.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GOLDEN_DIR = path.join(REPO, 'test/golden');
/** Before RSEC-2026-0004's embargo, after the other samples': its planned timeline entry says so. */
export const FIXED_NOW = new Date('2026-11-29T00:00:00Z');
/** Every sample that may be rendered (RSEC-2026-0005 is a draft: render refuses it). */
export const RENDERABLE_SAMPLES = ['RSEC-2026-0001', 'RSEC-2026-0002', 'RSEC-2026-0003', 'RSEC-2026-0004'];

export async function sampleConfig(): Promise<TeamConfig> {
  return loadConfig(REPO);
}

export async function sampleAdvisory(id: string): Promise<Advisory> {
  return loadAdvisory(path.join(REPO, 'advisories', `${id}.md`));
}

export async function sampleContext(id: string, overrides: Partial<RenderContext> = {}): Promise<RenderContext> {
  return {
    advisory: await sampleAdvisory(id),
    config: await sampleConfig(),
    now: FIXED_NOW,
    links: {},
    attachments: await shareableAttachments(`${REPO}/advisories`, id),
    ...overrides,
  };
}

/** Lines of a mail text with the final link list removed ("[n]: url" lines at the end). */
export function splitLinkList(text: string): { body: string[]; list: Map<number, string> } {
  const lines = text.replace(/\n$/, '').split('\n');
  const list = new Map<number, string>();
  let end = lines.length;
  while (end > 0) {
    const m = /^\[(\d+)\]: (\S+)$/.exec(lines[end - 1]);
    if (!m) break;
    list.set(Number(m[1]), m[2]);
    end--;
  }
  return { body: lines.slice(0, end), list };
}

/** Columns of a line as a mail reader counts them (code points). */
export function columns(line: string): number {
  return [...line].length;
}

export { listFiles } from '../support/list-files.ts';

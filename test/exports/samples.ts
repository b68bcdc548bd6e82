// The repository's sample advisories and config, loaded the way the commands load them.
import path from 'node:path';
import { loadAllAdvisories } from '../../src/advisory/parse.ts';
import type { Advisory, AdvisoryData } from '../../src/advisory/schema.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { TeamConfig } from '../../src/config/schema.ts';
import type { ExportContext } from '../../src/exports/types.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export async function loadSamples(): Promise<{ config: TeamConfig; advisories: Advisory[] }> {
  const [config, advisories] = await Promise.all([loadConfig(ROOT), loadAllAdvisories(path.join(ROOT, 'advisories'))]);
  return { config, advisories };
}

export function byId(advisories: Advisory[], id: string): Advisory {
  const a = advisories.find((x) => x.data.id === id);
  if (!a) throw new Error(`sample ${id} not found in advisories/`);
  return a;
}

/** A copy of an advisory with some frontmatter fields replaced (the sample stays untouched). */
export function withData(advisory: Advisory, patch: Partial<AdvisoryData>): Advisory {
  return { ...advisory, data: { ...structuredClone(advisory.data), ...patch } };
}

export function ctx(advisory: Advisory, config: TeamConfig, now = new Date('2027-01-01T00:00:00Z')): ExportContext {
  return { advisory, config, now };
}

// The team config, read once per build for titles and export metadata. The site build runs from
// the repository root (npm run build); DISCLOSE_ROOT points elsewhere for tests and benchmarks.
import { loadConfig } from '../../config/load.ts';
import type { TeamConfig } from '../../config/schema.ts';

let cached: Promise<TeamConfig> | undefined;

export function teamConfig(): Promise<TeamConfig> {
  cached ??= loadConfig(process.env.DISCLOSE_ROOT || process.cwd());
  return cached;
}

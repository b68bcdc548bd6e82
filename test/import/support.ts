// Shared by the import tests: a fresh repository (the sample config, no advisories) and the real
// records under test/fixtures/real/, by kind.
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import type { Severity } from '../../src/advisory/schema.ts';
import { expandSources } from '../../src/import/read.ts';
import { importSources, type ImportOutcome } from '../../src/import/run.ts';
import { REPO } from '../advisory/helpers.ts';

export { REPO };
export const REAL = path.join(REPO, 'test/fixtures/real');
export const KINDS = ['rustsec', 'osv', 'ghsa', 'cve'] as const;
/** The clock of every import test (the records are all older). */
export const NOW = new Date('2026-11-29T12:00:00Z');

export function freshRepo(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'disclose-import-'));
  copyFileSync(path.join(REPO, 'disclose.config.yaml'), path.join(root, 'disclose.config.yaml'));
  return root;
}

export async function importInto(root: string, inputs: string[], opts: { dryRun?: boolean; missingSeverity?: Severity } = {}): Promise<ImportOutcome[]> {
  return importSources(await expandSources(inputs), { root, config: await loadConfig(root), now: NOW, ...opts });
}

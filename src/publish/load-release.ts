// What publish and amend both start from: the team config and the advisory file, with a missing
// file reported as a mistyped id rather than as a bare ENOENT.
import path from 'node:path';
import { loadAdvisory } from '../advisory/parse.ts';
import type { Advisory } from '../advisory/schema.ts';
import { loadConfig } from '../config/load.ts';
import type { TeamConfig } from '../config/schema.ts';
import { InputError } from '../errors.ts';

export async function loadRelease(root: string, id: string): Promise<{ config: TeamConfig; file: string; advisory: Advisory }> {
  const config = await loadConfig(root);
  const file = path.join(root, 'advisories', `${id}.md`);
  const advisory = await loadAdvisory(file).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${file}: no such advisory — check the id (files are advisories/<ID>.md)`);
    throw e;
  });
  return { config, file, advisory };
}

// What publish, amend and notify-distros start from: the team config, the id parsed against the
// team's prefix (before any file, journal or lock is touched: `../advisories/<ID>` or `<A>/../<B>`
// is refused with exit 2 and "did you mean"), and the advisory file it names.
import { advisoryFile, parseAdvisoryId } from '../advisory/id.ts';
import { loadAdvisory } from '../advisory/parse.ts';
import type { Advisory } from '../advisory/schema.ts';
import { loadConfig } from '../config/load.ts';
import type { TeamConfig } from '../config/schema.ts';
import { InputError } from '../errors.ts';

export async function loadRelease(root: string, rawId: string): Promise<{ id: string; config: TeamConfig; file: string; advisory: Advisory }> {
  const config = await loadConfig(root);
  const id = parseAdvisoryId(rawId, config.id_prefix);
  const file = advisoryFile(root, id);
  const advisory = await loadAdvisory(file).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${file}: no such advisory — check the id (files are advisories/<ID>.md)`);
    throw e;
  });
  if (advisory.data.id !== id) throw new InputError(`${file}: its id is ${advisory.data.id}, not ${id} — the file name and the id: field must agree`);
  return { id, config, file, advisory };
}

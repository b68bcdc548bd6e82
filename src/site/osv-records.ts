// /osv/<ID>.json: the OSV record of every public advisory, written next to the built pages by
// the OSV export format (src/exports/osv/), the same ExportFormat object the exports registry
// lists for `npm run render`, so the archive and the outbox carry the same document.
//
// Why not an Astro endpoint: these are data files, not pages, and Astro's per-route overhead
// made 2,000 of them cost seconds; written here they take milliseconds, and they are written
// while Pagefind indexes the pages. Why only this format, not the whole registry: the archive
// serves only OSV, and a format it does not serve must not break its build.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AdvisoryData } from '../advisory/schema.ts';
import type { TeamConfig } from '../config/schema.ts';
import { osv } from '../exports/osv/index.ts';
import type { PublicAdvisory } from './loader.ts';

export const OSV_DIR = 'osv';

/** The advisory's OSV document (the format makes exactly one per advisory). */
export function osvRecord(advisory: PublicAdvisory, config: TeamConfig, at: Date): unknown {
  const docs = osv.render({
    // The advisory has no `private` (readPublicAdvisories stripped it); no export carries it anyway.
    advisory: { data: advisory.data as AdvisoryData, body: advisory.body, file: `advisories/${advisory.file}`, bodyLine: 1 },
    config,
    now: at,
  });
  if (docs.length !== 1) throw new Error(`${advisory.id}: the OSV export made ${docs.length} documents, expected 1`);
  return docs[0].document;
}

/** Writes <outDir>/osv/<ID>.json for each advisory given (all of them public). */
export async function writeOsvRecords(outDir: string, advisories: PublicAdvisory[], config: TeamConfig, at: Date): Promise<number> {
  const dir = path.join(outDir, OSV_DIR);
  await mkdir(dir, { recursive: true });
  // Made one by one (milliseconds), written a few at a time: one awaited write after another
  // leaves the disk idle between files, and 2,000 of them took ~0.5 s that way.
  let next = 0;
  const writer = async () => {
    while (next < advisories.length) {
      const advisory = advisories[next++];
      const document = osvRecord(advisory, config, at);
      await writeFile(path.join(dir, `${advisory.id}.json`), JSON.stringify(document, null, 2) + '\n');
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
  return advisories.length;
}

// OSV JSON for each public advisory, from the OSV export format (src/exports/osv/), the same
// ExportFormat object the exports registry lists for `npm run render`, so the archive and the
// outbox carry the same document. The site takes that one format rather than the whole registry:
// the archive serves only OSV, and a format it does not serve must not break its build.
//
// The format is loaded by Node at build time, not bundled by Vite: the exports find the vendored
// schemas relative to their own file (import.meta.url), which a bundle would move.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AdvisoryData } from '../../advisory/schema.ts';
import { now } from '../../clock.ts';
import type { ExportFormat } from '../../exports/types.ts';
import type { ArchiveEntry } from './archive.ts';
import { teamConfig } from './team.ts';

let format: Promise<ExportFormat> | undefined;

function osvFormat(): Promise<ExportFormat> {
  const file = path.join(process.env.DISCLOSE_ROOT || process.cwd(), 'src/exports/osv/index.ts');
  format ??= import(/* @vite-ignore */ pathToFileURL(file).href).then((m: { osv?: ExportFormat }) => {
    if (m.osv?.name !== 'osv') throw new Error(`${file} does not export the OSV format as \`osv\``);
    return m.osv;
  });
  return format;
}

/** The advisory's OSV document (the format makes exactly one per advisory). */
export async function osvDocument(entry: ArchiveEntry): Promise<unknown> {
  const docs = (await osvFormat()).render({
    // The entry has no `private` (the loader stripped it); no export carries it anyway.
    advisory: { data: entry.data as AdvisoryData, body: entry.body, file: `advisories/${entry.id}.md`, bodyLine: 1 },
    config: await teamConfig(),
    now: now(),
  });
  if (docs.length !== 1) throw new Error(`${entry.id}: the OSV export made ${docs.length} documents, expected 1`);
  return docs[0].document;
}

// /osv/<ID>.json: the OSV record of each public advisory, from the OSV export format.
import type { APIRoute, GetStaticPaths } from 'astro';
import { archiveEntries, type ArchiveEntry } from '../../lib/archive.ts';
import { osvDocument } from '../../lib/osv.ts';

export const getStaticPaths: GetStaticPaths = async () => {
  return (await archiveEntries()).map((entry) => ({ params: { id: entry.id }, props: { entry } }));
};

export const GET: APIRoute = async ({ props }) => {
  const document = await osvDocument((props as { entry: ArchiveEntry }).entry);
  return new Response(JSON.stringify(document, null, 2) + '\n', { headers: { 'Content-Type': 'application/json' } });
};

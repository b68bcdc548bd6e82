// Which vulnerability ids the advisories already in the repository carry: their CVEs, GHSA id and
// the record pages in their references (RUSTSEC-…, GHSA-…). An import whose record shares one is
// already done, so running the import twice changes nothing.
import { readFile } from 'node:fs/promises';
import { listAdvisoryFiles, parseFrontmatterFast, splitAdvisory } from '../advisory/parse.ts';
import { idOfUrl } from './ids.ts';

/** Vulnerability id → the advisory id that carries it. */
export type AliasIndex = Map<string, string>;

type Json = Record<string, unknown>;

export function idsOfAdvisory(data: Json): string[] {
  const ids: string[] = [];
  if (Array.isArray(data.cve)) ids.push(...data.cve.filter((c): c is string => typeof c === 'string'));
  if (typeof data.ghsa === 'string') ids.push(data.ghsa);
  const urls = [...(Array.isArray(data.references) ? data.references.map((r) => (r as Json)?.url) : []), ...Object.values((data.links as Json) ?? {})];
  for (const u of urls) {
    const id = typeof u === 'string' ? idOfUrl(u) : undefined;
    if (id) ids.push(id);
  }
  return ids;
}

export async function aliasIndex(advisoriesDir: string): Promise<AliasIndex> {
  const index: AliasIndex = new Map();
  for (const file of await listAdvisoryFiles(advisoriesDir)) {
    const split = splitAdvisory(await readFile(file, 'utf8'));
    if (!split) continue;
    let data: Json;
    try {
      data = (parseFrontmatterFast(split.frontmatter) ?? {}) as Json;
    } catch {
      continue; // validate reports it; an unreadable file carries no ids
    }
    const own = typeof data.id === 'string' ? data.id : file;
    for (const id of idsOfAdvisory(data)) if (!index.has(id)) index.set(id, own);
  }
  return index;
}

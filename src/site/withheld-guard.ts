// Defence in depth for the public archive. The loader keeps non-public advisories out of Astro's
// data store, but text can reach the site by other roads: a runbook example naming an embargoed
// advisory, a public advisory that mentions its embargoed sibling, a hand-edited page. After the
// build, every file written is searched (Pagefind's gzip files decompressed) for the id, the title
// and the attachment names of each advisory that is not public yet; one hit fails the build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { listAdvisoryFiles, parseFrontmatterFast, splitAdvisory } from '../advisory/parse.ts';
import { isPublic } from '../advisory/visibility.ts';

export interface WithheldMarker {
  /** The advisory the text belongs to (its file name when the id cannot be read). */
  id: string;
  kind: 'id' | 'title' | 'attachment';
  /** Lower-cased text to look for. Kept in memory only; never printed (it may be embargoed). */
  needle: string;
}

export interface WithheldHit {
  file: string;
  id: string;
  kind: WithheldMarker['kind'];
}

// Shorter titles or file names ("TBD", "fix.patch") would match ordinary text by chance.
const MIN_TITLE = 16;
const MIN_ATTACHMENT = 10;

/** What would betray each advisory in `dir` that is not public at `at`. */
export async function withheldMarkers(dir: string, at: Date): Promise<WithheldMarker[]> {
  const markers: WithheldMarker[] = [];
  for (const file of await listAdvisoryFiles(dir)) {
    const stem = path.basename(file, '.md');
    let data: Record<string, unknown> = {};
    try {
      const split = splitAdvisory(readFileSync(file, 'utf8'));
      const raw = split ? parseFrontmatterFast(split.frontmatter) : null;
      if (raw && typeof raw === 'object') data = raw as Record<string, unknown>;
    } catch {
      // Unreadable frontmatter: the loader leaves such a file out, and so do we, by its name.
    }
    const status = typeof data.status === 'string' ? data.status : undefined;
    const embargo = typeof data.embargo === 'string' ? data.embargo : undefined;
    if (isPublic({ status: status as never, embargo }, at)) continue;
    const id = typeof data.id === 'string' ? data.id : stem;
    markers.push({ id, kind: 'id', needle: id.toLowerCase() });
    if (id !== stem) markers.push({ id, kind: 'id', needle: stem.toLowerCase() });
    if (typeof data.title === 'string' && data.title.trim().length >= MIN_TITLE) {
      markers.push({ id, kind: 'title', needle: data.title.trim().toLowerCase() });
    }
    const folder = path.join(dir, stem);
    if (existsSync(folder)) {
      for (const name of readdirSync(folder)) {
        if (name.length >= MIN_ATTACHMENT) markers.push({ id, kind: 'attachment', needle: name.toLowerCase() });
      }
    }
  }
  return markers;
}

/** A file's text as a reader or a search engine gets it: gzip streams (Pagefind) decompressed. */
function searchableText(bytes: Buffer): string {
  let text = bytes.toString('utf8');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text += '\n' + gunzipSync(bytes).toString('utf8');
    } catch {
      // Not a whole gzip stream after all; the raw bytes were searched.
    }
  }
  // HTML and JSON escape some characters; undo the common ones so a title is found either way.
  return text
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .toLowerCase();
}

/** Every place under `outDir` where a marker shows. */
export async function findWithheld(outDir: string, markers: WithheldMarker[]): Promise<WithheldHit[]> {
  if (markers.length === 0) return [];
  const hits: WithheldHit[] = [];
  const names = await readdir(outDir, { recursive: true, withFileTypes: true });
  for (const entry of names) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = searchableText(await readFile(file));
    for (const m of markers) {
      if (text.includes(m.needle)) hits.push({ file: path.relative(outDir, file), id: m.id, kind: m.kind });
    }
  }
  return hits;
}

// Every file of the site output, and every cache Astro keeps, through the one outbound gate
// (src/gate/) before the output is moved into place. The loader already keeps non-public
// advisories and `private` out of Astro, but text reaches the site by other roads: a public
// advisory quoting an embargoed one (its CVE, its title in curly quotes, a sentence of its body),
// a runbook example, Pagefind's compressed index. The gate matches them all after normalising
// HTML entities, JSON escapes, quotes and case; one hit refuses the build (exit 3) and names the
// file and the advisory or private field, never the matching text.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load.ts';
import { buildEmbargoIndex, OutboundGate, type Outbound } from '../gate/index.ts';
import { scanRepository, templateText } from '../gate/repository.ts';

export interface GatedFolder {
  /** Shown before each file's relative path in a refusal, e.g. "dist" or "cache". */
  label: string;
  dir: string;
  /** Subfolders to leave out (relative names), e.g. Astro's prerender bundle of other builds. */
  skip?: string[];
}

async function outputsIn(folder: GatedFolder): Promise<Outbound[]> {
  let entries;
  try {
    entries = await readdir(folder.dir, { recursive: true, withFileTypes: true });
  } catch {
    return []; // a cache folder Astro did not create
  }
  const items: Outbound[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const rel = path.relative(folder.dir, file);
    if (folder.skip?.some((s) => rel === s || rel.startsWith(s + path.sep))) continue;
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch (e) {
      // A file another build removed since the listing (the shared .astro/) was not published.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    items.push({ name: `${folder.label}/${rel.split(path.sep).join('/')}`, content: new Uint8Array(content), public: true });
  }
  return items;
}

/**
 * Passes every file of `folders` through the gate built from the advisories at `at`: the private
 * values of every advisory, and the embargo index of every advisory not public at `at`.
 * Throws RefusedError (exit 3) listing each file and what it betrays.
 */
export async function gateSiteOutput(root: string, folders: GatedFolder[], advisories: string, at: Date): Promise<{ files: number }> {
  const scan = await scanRepository(advisories, at);
  const config = await loadConfig(root);
  // The scaffold's sentences start every advisory: house style, never a quote. (The runbook is
  // not boilerplate: a runbook page quoting an embargoed advisory is a leak like any other.)
  const boilerplate = [templateText(null, config.project.name)];
  const gate = new OutboundGate({
    privateValues: scan.privateValues,
    embargo: buildEmbargoIndex(scan.withheld, { bodies: scan.publicBodies, boilerplate }),
  });
  const items = (await Promise.all(folders.map(outputsIn))).flat();
  gate.pass(items, 'the site build');
  return { files: items.length };
}

// Writing what intake produces: `advisories/<ID>.md` (a draft) and `advisories/<ID>/report.eml`
// (the mail exactly as received, still encrypted). Neither ever replaces an existing file: each is
// written to a temporary name and hard-linked into place (link fails when the name exists), and if
// the second cannot be written the first is removed, so a failure leaves nothing half-done.
import { randomUUID } from 'node:crypto';
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RefusedError } from '../errors.ts';
import { nextId } from '../advisory/scaffold.ts';

export interface DraftFiles {
  id: string;
  file: string;
  reportFile: string;
}

async function linkExclusive(dir: string, name: string, content: string | Uint8Array): Promise<string> {
  const final = path.join(dir, name);
  const tmp = path.join(dir, `.${name}.${randomUUID()}.tmp`);
  await writeFile(tmp, content, { flag: 'wx', mode: 0o644 });
  try {
    await link(tmp, final);
    return final;
  } finally {
    await unlink(tmp);
  }
}

/**
 * Claims the next free id of `year` in `dir` and writes both files. `draftText(id)` and `report`
 * are the contents; `reportName` is `report.eml` (or `report.eml.asc` for a report that arrived in clear).
 */
export async function createDraftWithReport(
  dir: string,
  prefix: string,
  year: number,
  draftText: (id: string) => string,
  reportName: string,
  report: string | Uint8Array,
): Promise<DraftFiles> {
  await mkdir(dir, { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = await nextId(dir, prefix, year);
    let file: string;
    try {
      file = await linkExclusive(dir, `${id}.md`, draftText(id));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue; // another intake took this id
      throw e;
    }
    try {
      const folder = path.join(dir, id);
      await mkdir(folder, { recursive: true });
      const reportFile = await linkExclusive(folder, reportName, report);
      return { id, file, reportFile };
    } catch (e) {
      await unlink(file);
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new RefusedError(`${path.join(dir, id, reportName)} already exists — intake never overwrites a stored report; move it away if it does not belong to ${id}`);
      }
      throw e;
    }
  }
  throw new RefusedError(`could not find a free id in ${dir}: another process keeps taking them — try again`);
}

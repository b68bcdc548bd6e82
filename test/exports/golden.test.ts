// Every export of every sample advisory with an embargo must equal the committed golden file byte
// for byte (as `npm run render` writes it: JSON, two-space indent, final newline). A change to an
// exporter shows up as a diff a reviewer reads; regenerate on purpose with
// `UPDATE_GOLDEN=1 vitest run test/exports`.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../src/exports/registry.ts';
import { listFiles } from '../support/list-files.ts';
import { ctx, loadSamples } from './samples.ts';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const GOLDEN_DIR = path.join(import.meta.dirname, 'golden');

const { config, advisories } = await loadSamples();

for (const advisory of advisories.filter((a) => a.data.embargo !== undefined)) {
  const id = advisory.data.id;
  describe(`${id} export golden files`, () => {
    it(`should export exactly test/exports/golden/${id}/`, async () => {
      const written: string[] = [];
      for (const format of EXPORT_FORMATS) {
        for (const doc of format.render(ctx(advisory, config))) {
          const golden = path.join(GOLDEN_DIR, id, doc.name);
          const actual = `${JSON.stringify(doc.document, null, 2)}\n`;
          written.push(doc.name);
          if (UPDATE) {
            await mkdir(path.dirname(golden), { recursive: true });
            await writeFile(golden, actual);
            continue;
          }
          expect(existsSync(golden), `${golden} is missing — run UPDATE_GOLDEN=1 vitest run test/exports and review the new file`).toBe(true);
          expect(actual, `${doc.name} differs from its golden file`).toBe(await readFile(golden, 'utf8'));
        }
      }
      // A golden file nobody writes any more is a stale expectation.
      if (!UPDATE) expect(await listFiles(path.join(GOLDEN_DIR, id))).toEqual(written.sort());
    });
  });
}

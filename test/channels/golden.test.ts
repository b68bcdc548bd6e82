// Every sample advisory × every channel it lists, rendered at a fixed moment, must equal the
// committed golden files byte for byte. A change to a renderer shows up here as a diff a reviewer
// reads; regenerate on purpose with `UPDATE_GOLDEN=1 vitest run test/channels`.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelModule } from '../../src/channels/registry.ts';
import { GOLDEN_DIR, listFiles, RENDERABLE_SAMPLES, sampleAdvisory, sampleContext } from './support.ts';

const UPDATE = process.env.UPDATE_GOLDEN === '1';


for (const id of RENDERABLE_SAMPLES) {
  const advisory = await sampleAdvisory(id);
  describe(`${id} golden files`, () => {
    for (const channel of advisory.data.channels ?? []) {
      it(`renders ${channel} exactly as test/golden/${id}/${channel}/`, async () => {
        const rendered = channelModule(channel).render(await sampleContext(id));
        const files = [...rendered.files, ...(rendered.errata?.files ?? [])];
        expect(files.length).toBeGreaterThan(0);
        for (const f of files) {
          const golden = path.join(GOLDEN_DIR, id, f.name);
          const actual = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : Buffer.from(f.content);
          if (UPDATE) {
            await mkdir(path.dirname(golden), { recursive: true });
            await writeFile(golden, actual);
            continue;
          }
          expect(existsSync(golden), `${golden} is missing — run UPDATE_GOLDEN=1 vitest run test/channels and review the new file`).toBe(true);
          const expected = await readFile(golden);
          // Compare as text for a readable diff; bytes too, for attachments.
          expect(actual.toString('utf8'), `${f.name} differs from its golden file`).toBe(expected.toString('utf8'));
          expect(actual.equals(expected)).toBe(true);
        }
        // No golden file may be left over from an output the renderer no longer produces.
        const produced = files.map((f) => f.name).filter((n) => n.startsWith(`${channel}/`)).sort();
        expect(await listFiles(path.join(GOLDEN_DIR, id, channel), channel)).toEqual(produced);
      });
    }
  });
}

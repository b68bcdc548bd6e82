// The live commands take an id, never a path. On main before the engine, `publish --
// ../advisories/<ID> --live` got a second journal and lock and sent the announcement again, and
// `amend -- <A>/../<B>` amended B.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoot, ID, publish, releaseEnv, resetParties, runScript, startParties, type Parties } from '../publish/harness.ts';

let p: Parties;
beforeAll(async () => {
  p = await startParties();
});
afterAll(async () => {
  await p?.close();
});

const PATHS = [`../advisories/${ID}`, `advisories/${ID}.md`, `RSEC-2026-0001/../${ID}`, ID.toLowerCase(), ID.replace('E', '\u0415')];

describe('ids given to publish, amend and notify-distros', () => {
  for (const raw of PATHS) {
    it(`refuse ${JSON.stringify(raw)} with exit 2 and "did you mean", before any journal or lock`, async () => {
      resetParties(p);
      const root = await createRoot(p);
      const env = releaseEnv(p);
      for (const [script, args] of [['publish.ts', [raw, '--live']], ['amend.ts', [raw, '--live']], ['notify-distros.ts', [raw, '--live']], ['publish.ts', [raw, '--status']]] as const) {
        const r = script === 'publish.ts' ? await publish([...args], root.dir, env) : await runScript(script, [...args], root.dir, env);
        expect(r.code, `${script} ${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain(`did you mean ${ID}?`);
      }
      expect(existsSync(path.join(root.dir, '.disclose'))).toBe(false);
      expect(p.smtp.messages).toHaveLength(0);
      await root.cleanup();
    });
  }
});

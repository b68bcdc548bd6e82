// Nothing from `private` leaves the repository (spec §2, §4): not through a public channel, not
// through the distros mail either. A canary in `private` must appear in no rendered byte.
import { describe, expect, it } from 'vitest';
import { findPrivateLeaks, privateValues } from '../../src/channels/private-guard.ts';
import { ALL_CHANNELS } from '../../src/channels/registry.ts';
import { RENDERABLE_SAMPLES, sampleContext } from './support.ts';

const CANARIES = ['CANARY-7f3a9e-triage-note', 'canary-reporter@example.invalid', 'CANARY-nested-9b2c'];

describe('private fields', () => {
  for (const id of RENDERABLE_SAMPLES) {
    it(`should appear in no channel's output for ${id}`, async () => {
      const ctx = await sampleContext(id);
      ctx.advisory.data.private = {
        ...ctx.advisory.data.private,
        triage_notes: CANARIES[0],
        reporter_contact: CANARIES[1],
        more: { list: [CANARIES[2]] },
      };
      const values = privateValues(ctx.advisory.data);
      for (const module of ALL_CHANNELS) {
        const r = module.render(ctx);
        const outputs = [...r.files, ...(r.errata?.files ?? [])].map((f) => f.content);
        outputs.push(JSON.stringify(r.payload), JSON.stringify(r.errata?.payload ?? null));
        for (const content of outputs) {
          const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
          for (const canary of CANARIES) expect(text.includes(canary), `${module.name} leaks ${canary}`).toBe(false);
          expect(findPrivateLeaks(content, values)).toEqual([]);
        }
      }
    });
  }

  it('should be detected by the guard when some other field repeats a private value', async () => {
    const ctx = await sampleContext('RSEC-2026-0001');
    const values = privateValues(ctx.advisory.data);
    expect(values.map((v) => v.field)).toEqual(['private.reporter_contact', 'private.triage_notes']);
    const leaky = `Contact: ${ctx.advisory.data.private!.reporter_contact as string}`;
    expect(findPrivateLeaks(leaky, values)).toEqual(['private.reporter_contact']);
    expect(findPrivateLeaks(JSON.stringify({ raw: `${ctx.advisory.data.private!.triage_notes as string}` }), values)).toEqual(['private.triage_notes']);
  });
});

// Nothing from `private` leaves the repository (spec §2, §4): not through a public channel, not
// through the distros mail either. A canary in `private` must appear in no rendered byte, and the
// outbound gate must find a private value however an output escapes it.
import { describe, expect, it } from 'vitest';
import { ALL_CHANNELS } from '../../src/channels/registry.ts';
import { OutboundGate, privateValuesOf } from '../../src/gate/index.ts';
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
      const gate = new OutboundGate({ privateValues: privateValuesOf(ctx.advisory.data as never) });
      for (const module of ALL_CHANNELS) {
        const r = module.render(ctx);
        const outputs = [...r.files, ...(r.errata?.files ?? [])].map((f) => f.content);
        outputs.push(JSON.stringify(r.payload), JSON.stringify(r.errata?.payload ?? null));
        for (const content of outputs) {
          const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
          for (const canary of CANARIES) expect(text.includes(canary), `${module.name} leaks ${canary}`).toBe(false);
          expect(gate.inspect({ name: module.name, content, public: r.public })).toEqual([]);
        }
      }
    });
  }

  it('should be found by the gate when another field repeats a private value, however it is escaped', async () => {
    const ctx = await sampleContext('RSEC-2026-0001');
    const values = privateValuesOf(ctx.advisory.data as never);
    expect([...new Set(values.map((v) => v.field))]).toEqual(['private.reporter_contact', 'private.triage_notes']);
    const gate = new OutboundGate({ privateValues: values });
    const contact = ctx.advisory.data.private!.reporter_contact as string;
    const notes = ctx.advisory.data.private!.triage_notes as string;
    const fields = (content: string) => gate.inspect({ name: 'x', content, public: true }).map((f) => f.detail);
    expect(fields(`Contact: ${contact}`)).toEqual(['private.reporter_contact']);
    expect(fields(`Contact: ${contact.toUpperCase()}`)).toEqual(['private.reporter_contact']);
    expect(fields(JSON.stringify({ raw: notes }))).toEqual(['private.triage_notes']);
    expect(fields(`<p>${notes.replace(/ /g, '\n  ').replace(/'/g, '&#39;')}</p>`)).toEqual(['private.triage_notes']);
    expect(fields(encodeURIComponent(contact))).toEqual(['private.reporter_contact']);
    expect(fields(contact.replace(/[a-z]/, (c) => `&#x${c.charCodeAt(0).toString(16)};`))).toEqual(['private.reporter_contact']);
    expect(fields('Nothing private here.')).toEqual([]);
  });
});

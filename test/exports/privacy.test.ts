import { beforeAll, describe, expect, it } from 'vitest';
import type { Advisory } from '../../src/advisory/schema.ts';
import type { TeamConfig } from '../../src/config/schema.ts';
import { EXPORT_FORMATS } from '../../src/exports/registry.ts';
import { ctx, loadSamples, withData } from './samples.ts';

let config: TeamConfig;
let advisories: Advisory[];
beforeAll(async () => {
  ({ config, advisories } = await loadSamples());
});

/** Every string inside a value, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('private fields in exports', () => {
  it('should never carry a canary planted in `private`, nor the samples\' own private values', () => {
    const canary = 'CANARY-7f3a-do-not-publish';
    let checked = 0;
    for (const sample of advisories.filter((a) => a.data.embargo !== undefined)) {
      const secrets = strings(sample.data.private).filter((s) => s.length > 8);
      const advisory = withData(sample, {
        private: { ...sample.data.private, canary, nested: { contact: `${canary}@example.org`, list: [canary] } },
      });
      for (const format of EXPORT_FORMATS) {
        for (const doc of format.render(ctx(advisory, config))) {
          const text = JSON.stringify(doc);
          expect(text).not.toContain(canary);
          for (const secret of secrets) expect(text).not.toContain(secret);
          checked++;
        }
      }
    }
    expect(checked).toBe(12);
  });
});

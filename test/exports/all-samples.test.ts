import { beforeAll, describe, expect, it } from 'vitest';
import type { Advisory } from '../../src/advisory/schema.ts';
import type { TeamConfig } from '../../src/config/schema.ts';
import { InputError } from '../../src/errors.ts';
import { exportRefusal } from '../../src/exports/exportable.ts';
import { EXPORT_FORMATS } from '../../src/exports/registry.ts';
import { ctx, loadSamples } from './samples.ts';

let config: TeamConfig;
let advisories: Advisory[];
beforeAll(async () => {
  ({ config, advisories } = await loadSamples());
});

describe('every export of every sample advisory', () => {
  it('should list the three formats in the registry', () => {
    expect(EXPORT_FORMATS.map((f) => f.name)).toEqual(['osv', 'cve', 'csaf']);
  });

  it('should validate against the official schemas for every sample that has an embargo', () => {
    const withEmbargo = advisories.filter((a) => a.data.embargo !== undefined);
    expect(withEmbargo.length).toBeGreaterThanOrEqual(4);
    let documents = 0;
    for (const advisory of withEmbargo) {
      for (const format of EXPORT_FORMATS) {
        for (const doc of format.render(ctx(advisory, config))) {
          documents++;
          expect({ file: doc.name, errors: format.validate(doc.document) }).toEqual({ file: doc.name, errors: [] });
        }
      }
    }
    // 4 OSV + 4 CVE records (0001 has two CVEs, 0003 none) + 4 CSAF.
    expect(documents).toBe(12);
  });

  it('should name files by format and id, with CSAF lower-cased as its spec asks', () => {
    const names = advisories
      .filter((a) => a.data.embargo !== undefined)
      .flatMap((a) => EXPORT_FORMATS.flatMap((f) => f.render(ctx(a, config)).map((d) => d.name)));
    expect(names).toContain('osv/RSEC-2026-0001.json');
    expect(names).toContain('cve/CVE-2026-21002.json');
    expect(names).toContain('csaf/rsec-2026-0004.json');
  });

  it('should be deterministic: the same advisory exports the same bytes whatever the clock says', () => {
    for (const advisory of advisories.filter((a) => a.data.embargo !== undefined)) {
      for (const format of EXPORT_FORMATS) {
        const early = JSON.stringify(format.render(ctx(advisory, config, new Date('2020-01-01T00:00:00Z'))));
        const late = JSON.stringify(format.render(ctx(advisory, config, new Date('2099-01-01T00:00:00Z'))));
        expect(late).toBe(early);
      }
    }
  });

  it('should share no object with the advisory, so editing an export cannot change the source', () => {
    const objects = (value: unknown, into = new Set<object>()): Set<object> => {
      if (value && typeof value === 'object') {
        into.add(value);
        for (const v of Object.values(value)) objects(v, into);
      }
      return into;
    };
    for (const advisory of advisories.filter((a) => a.data.embargo !== undefined)) {
      const source = objects(advisory.data);
      for (const format of EXPORT_FORMATS) {
        for (const doc of format.render(ctx(advisory, config))) {
          const shared = [...objects(doc.document)].filter((o) => source.has(o));
          expect({ file: doc.name, shared }).toEqual({ file: doc.name, shared: [] });
        }
      }
    }
  });

  it('should refuse a draft without embargo with an error naming the file and the fix', () => {
    const draft = advisories.find((a) => a.data.status === 'draft')!;
    expect(draft.data.embargo).toBeUndefined();
    expect(exportRefusal(draft)).toMatch(/status is "draft"/);
    for (const format of EXPORT_FORMATS) {
      const run = () => format.render(ctx(draft, config));
      expect(run).toThrow(InputError);
      expect(run).toThrow(/RSEC-2026-0005\.md: cannot make the .* export of RSEC-2026-0005: .*embargo/);
    }
  });

  it('should refuse an embargoed advisory that lost its embargo date', () => {
    const embargoed = advisories.find((a) => a.data.status === 'embargoed')!;
    const broken = { ...embargoed, data: { ...embargoed.data, embargo: undefined } };
    expect(exportRefusal(broken)).toMatch(/no `embargo` date/);
    expect(() => EXPORT_FORMATS[0].render(ctx(broken, config))).toThrow(/no `embargo` date/);
  });
});

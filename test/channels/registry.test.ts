// "A channel is one module in one registry; every list of channels is derived from it": for every
// registry entry the module carries render, credential, release steps and (public) amendment, and
// every list in the code holds exactly the registry's entries, in registry order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS, Links, PUBLIC_CHANNELS } from '../../src/advisory/schema.ts';
import { CHANNEL_SPECS } from '../../src/channels/catalog.ts';
import { ALL_CHANNELS, CHANNELS_IN_ORDER, REGISTRY } from '../../src/channels/registry.ts';
import { CREDENTIALS } from '../../src/engine/credentials.ts';
import { publicReferences } from '../../src/exports/references.ts';
import { AMEND_CHANNELS } from '../../src/publish/amend.ts';
import { planSteps } from '../../src/publish/plan.ts';
import { neededCredentials } from '../../src/publish/preflight.ts';
import { STEP_IMPLS } from '../../src/publish/steps.ts';
import { RELEASE_STEPS } from '../../src/release/steps.ts';
import type { Advisory } from '../../src/advisory/schema.ts';

const names = REGISTRY.map((m) => m.name);
const publicNames = REGISTRY.filter((m) => m.public).map((m) => m.name);
const releaseIds = REGISTRY.flatMap((m) => m.release.map((s) => s.id));

describe('the channel registry', () => {
  it('should list one module per catalog entry, in catalog order', () => {
    expect(names).toEqual(CHANNEL_SPECS.map((s) => s.name));
    expect(new Set(names).size).toBe(names.length);
  });

  for (const module of REGISTRY) {
    const spec = CHANNEL_SPECS.find((s) => s.name === module.name)!;
    it(`should give ${module.name} everything a channel is: render, credential, release steps${module.public ? ', amendment' : ''}`, () => {
      expect(typeof module.render).toBe('function');
      expect(module.public).toBe(spec.public);
      expect(module.credential).toEqual(spec.credential === null ? null : CREDENTIALS[spec.credential]);
      expect(module.release.map((s) => [s.id, s.title, s.detail])).toEqual(spec.release.map((s) => [s.id, s.title, s.detail]));
      for (const step of module.release) {
        for (const fn of ['key', 'find', 'perform', 'rehearse', 'outgoing'] as const) expect(typeof step[fn], `${step.id}.${fn}`).toBe(fn === 'outgoing' && step.id === 'announce-url' ? 'undefined' : 'function');
      }
      if (module.public) {
        expect(module.release.length).toBeGreaterThan(0);
        for (const fn of ['key', 'find', 'perform', 'rehearse'] as const) expect(typeof module.amend?.[fn], `amend.${fn}`).toBe('function');
        expect(module.amend?.title).toBe('amend' in spec ? spec.amend.title : undefined);
      } else {
        expect(module.amend).toBeUndefined();
      }
    });
  }

  it("should be the advisory schema's channel names (CHANNELS, PUBLIC_CHANNELS, links), in order", () => {
    expect([...CHANNELS]).toEqual(names);
    expect([...PUBLIC_CHANNELS]).toEqual(publicNames);
    expect(Object.keys(Links.shape)).toEqual(publicNames);
    expect(CHANNELS_IN_ORDER.map((m) => m.name)).toEqual(publicNames);
    expect(ALL_CHANNELS.map((m) => m.name).sort()).toEqual([...names].sort());
  });

  it("should be publish's steps and the runbook's: preflight, each channel's steps in registry order, finalize", () => {
    expect(RELEASE_STEPS.map((s) => s.id)).toEqual(['preflight', ...releaseIds, 'finalize']);
    expect(RELEASE_STEPS.filter((s) => s.channel).map((s) => [s.id, s.channel])).toEqual(REGISTRY.flatMap((m) => m.release.map((s) => [s.id, m.name])));
    expect(Object.keys(STEP_IMPLS)).toEqual([...releaseIds, 'finalize']);
    const every = { data: { channels: [...names].reverse() } } as unknown as Advisory;
    expect(planSteps(every, new Date(0)).map((p) => p.step.id)).toEqual([...releaseIds, 'finalize']);
  });

  it("should be amend's channels: every module with an amendment step, in registry order", () => {
    expect([...AMEND_CHANNELS]).toEqual(REGISTRY.filter((m) => m.amend).map((m) => m.name));
  });

  it("should be preflight's credentials: each channel's own, once each, in the order listed", () => {
    const expected = [...new Set(REGISTRY.flatMap((m) => (m.credential ? [m.credential.env] : [])))];
    expect(neededCredentials(names)).toEqual(expected);
    for (const m of REGISTRY) expect(neededCredentials([m.name])).toEqual(m.credential ? [m.credential.env] : []);
  });

  it("should be the exports' link references: every public channel's link, in registry order", () => {
    const links = Object.fromEntries(publicNames.map((n) => [n, `https://example.org/${n}`]));
    expect(publicReferences({ links }).map((r) => r.source)).toEqual(publicNames);
  });
});

/** Every file `file` imports at run time (type-only imports are erased), transitively. */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'(\.[^']+)'/gm)) runtimeImports(path.resolve(path.dirname(file), m[1]), seen);
  return seen;
}

describe('the data-only catalog', () => {
  it('should keep the schema, the runbook steps and the exports free of channel code (only spec.ts files)', () => {
    for (const entry of ['src/advisory/schema.ts', 'src/release/steps.ts', 'src/exports/references.ts']) {
      const reached = [...runtimeImports(path.resolve(entry))].map((f) => path.relative(process.cwd(), f));
      expect(reached.filter((f) => /^src\/(channels|publish|engine|crypto|mail)\//.test(f) && !/^src\/channels\/(catalog|[^/]+\/spec)\.ts$/.test(f)), entry).toEqual([]);
    }
  });
});

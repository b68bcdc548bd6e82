import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { splitAdvisory } from '../../src/advisory/parse.ts';
import { parseBodyFacts } from '../../src/advisory/rules/body-facts.ts';
import { CACHE_FILE, bodyKey, cacheVersion } from '../../src/advisory/rules/validation-cache.ts';
import { validateFiles } from '../../src/advisory/validate.ts';
import { FIXTURES, NOW, REPO } from './helpers.ts';

const config = await loadConfig(REPO);

function repoWith(fixture: string): { root: string; file: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'disclose-cache-'));
  mkdirSync(path.join(root, 'advisories'));
  const file = path.join(root, 'advisories', path.basename(fixture));
  cpSync(fixture, file);
  return { root, file };
}

describe('the validation cache', () => {
  const rich = path.join(FIXTURES, 'good/rich-markdown/RSEC-2026-0004.md'); // needs the parser (fences in a list)

  it('stores the parser\'s facts for bodies the fast path declines, and gives the same findings warm', async () => {
    const { root, file } = repoWith(path.join(FIXTURES, 'bad/body-html-comment/RSEC-2026-0004.md'));
    const cold = await validateFiles([file], { config, now: NOW, root });
    const stored = JSON.parse(readFileSync(path.join(root, CACHE_FILE), 'utf8'));
    const body = splitAdvisory(readFileSync(file, 'utf8'))!.body;
    expect(stored.version).toBe(cacheVersion());
    expect(stored.facts[bodyKey(body)]).toEqual(parseBodyFacts(body));
    const warm = await validateFiles([file], { config, now: NOW, root });
    expect(warm).toEqual(cold);
    expect(cold.findings.map((f) => f.rule)).toEqual(['body-html']);
  });

  it('is really read: a planted entry for the body changes the result (so a stale version must never match)', async () => {
    const { root, file } = repoWith(rich);
    const body = splitAdvisory(readFileSync(file, 'utf8'))!.body;
    const planted = { ...parseBodyFacts(body), html: [{ line: 1, col: 1 }] };
    mkdirSync(path.dirname(path.join(root, CACHE_FILE)), { recursive: true });
    writeFileSync(path.join(root, CACHE_FILE), JSON.stringify({ version: cacheVersion(), facts: { [bodyKey(body)]: planted }, cvss: {} }));
    expect((await validateFiles([file], { config, now: NOW, root })).findings.map((f) => f.rule)).toEqual(['body-html']);
    // The same entry under another code version is ignored, and so is --no-cache.
    writeFileSync(path.join(root, CACHE_FILE), JSON.stringify({ version: 'older', facts: { [bodyKey(body)]: planted }, cvss: {} }));
    expect((await validateFiles([file], { config, now: NOW, root })).findings).toEqual([]);
    writeFileSync(path.join(root, CACHE_FILE), JSON.stringify({ version: cacheVersion(), facts: { [bodyKey(body)]: planted }, cvss: {} }));
    expect((await validateFiles([file], { config, now: NOW, root, cache: false })).findings).toEqual([]);
  });

  it('remembers CVSS outcomes per vector, tied to the code version', async () => {
    // A vector no other test in this file scores, since the memo lives for the whole file.
    const vector = 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L'; // 4.6, medium like the fixture
    const { root, file } = repoWith(path.join(FIXTURES, 'good/embargoed/RSEC-2026-0004.md'));
    writeFileSync(file, readFileSync(file, 'utf8').replace(/CVSS:3\.1\/AV:L[^\n]*/, vector));
    mkdirSync(path.dirname(path.join(root, CACHE_FILE)), { recursive: true });
    const planted = { vector, version: '3.1', score: 9.9, band: 'critical' };
    writeFileSync(path.join(root, CACHE_FILE), JSON.stringify({ version: 'older', facts: {}, cvss: { [vector]: planted } }));
    expect((await validateFiles([file], { config, now: NOW, root })).findings).toEqual([]);
    const stored = JSON.parse(readFileSync(path.join(root, CACHE_FILE), 'utf8'));
    expect(stored.cvss[vector]).toMatchObject({ score: 4.6, band: 'medium' });
    expect(stored.facts).toEqual({}); // the body took the fast path: nothing to remember
    // Planted under the current version, the remembered outcome is what the rules see.
    writeFileSync(path.join(root, CACHE_FILE), JSON.stringify({ version: cacheVersion(), facts: {}, cvss: { [vector]: planted } }));
    expect((await validateFiles([file], { config, now: NOW, root })).findings.map((f) => f.rule)).toEqual(['severity-rationale']);
  });

  it('survives a corrupt cache file', async () => {
    const { root, file } = repoWith(rich);
    mkdirSync(path.dirname(path.join(root, CACHE_FILE)), { recursive: true });
    writeFileSync(path.join(root, CACHE_FILE), '{not json');
    expect((await validateFiles([file], { config, now: NOW, root })).findings).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(root, CACHE_FILE), 'utf8')).version).toBe(cacheVersion());
  });

  it('is not used without a root (library calls) and not written with cache: false', async () => {
    const { root, file } = repoWith(rich);
    await validateFiles([file], { config, now: NOW });
    await validateFiles([file], { config, now: NOW, root, cache: false });
    expect(existsSync(path.join(root, CACHE_FILE))).toBe(false);
  });
});

// With no list archive configured and no --announce-url, a responder at a terminal is asked for
// the announcement's archive URL after the signed mail went out; the later channels link to the
// answer. The test runs publish in a real pseudo-terminal (util-linux `script`) and answers.
import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../src/advisory/parse.ts';
import type { ReleaseRoot } from '../support/git-repo.ts';
import { createRoot, ID, NODE, PROJECT, releaseEnv, startParties, type Parties } from './harness.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;
const ANSWER = 'https://lists.example.org/archives/security-announce/2026/12/msg00003.html';

function publishInTerminal(cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = `${NODE} ${path.join(PROJECT, 'scripts/publish.ts')} ${ID} --live`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env: { ...env, TERM: 'dumb' } });
    let output = '';
    let answered = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!answered && output.includes('Archive URL of the announcement')) {
        answered = true;
        child.stdin.write(`${ANSWER}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!hasScript)('publish asks for the archive URL at a terminal', () => {
  let p: Parties;
  let root: ReleaseRoot;
  beforeAll(async () => {
    p = await startParties();
    root = await createRoot(p, { archive: false });
  });
  afterAll(async () => {
    await root?.cleanup();
    await p?.close();
  });

  it('should use the URL the responder types for the blog, the forum and the advisory file', async () => {
    const { code, output } = await publishInTerminal(root.dir, releaseEnv(p));
    expect(output).toContain(`Archive URL of the announcement <${ID}.announce@security.rivet-lang.org>`);
    expect(code).toBe(0);
    expect(p.smtp.messages.filter((m) => m.messageId === `<${ID}.announce@security.rivet-lang.org>`)).toHaveLength(1);
    expect(p.discourse.topics).toHaveLength(1);
    expect(p.discourse.topics[0].raw).toContain(ANSWER);
    const file = path.join(root.dir, 'advisories', `${ID}.md`);
    const advisory = parseAdvisory(file, await readFile(file, 'utf8'));
    expect(advisory.data.status).toBe('published');
    expect(advisory.data.links?.announce).toBe(ANSWER);
  });
});

// `npm run new` asks for what its flags did not give when a person is at a terminal. The test
// gives it a real pseudo-terminal with util-linux's `script`, answers the prompts as a person
// would, and checks the advisory it creates validates.
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from './helpers.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;

function runInTerminal(command: string, answers: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd,
      env: { ...process.env, DISCLOSE_NOW: '2026-11-29T12:00:00Z', TERM: 'dumb' },
    });
    let output = '';
    let answered = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Answer each prompt once it is on the screen, as a person would.
      const prompts = (output.match(/: $/gm) ?? []).length + (output.match(/\]: /g) ?? []).length;
      while (answered < answers.length && answered < prompts) child.stdin.write(`${answers[answered++]}\r`);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!hasScript)('npm run new in a terminal', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'disclose-new-tty-'));
    await copyFile(path.join(REPO, 'disclose.config.yaml'), path.join(root, 'disclose.config.yaml'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('should ask for the missing fields and create an advisory that validates', async () => {
    const node = process.execPath;
    const cmd = `${node} ${path.join(REPO, 'scripts/new.ts')} --root ${root}`;
    const { code, output } = await runInTerminal(cmd, ['rivet-zip writes outside the target folder', 'Crafted archives can write files anywhere.', 'high', 'CVE-2026-50001'], root);
    expect(output).toContain('Title (≤ 120 characters): ');
    expect(output).toContain('Severity (low, medium, high, critical)');
    expect(code).toBe(0);
    const file = path.join(root, 'advisories', 'RSEC-2026-0001.md');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('title: rivet-zip writes outside the target folder');
    expect(text).toContain('severity: high');
    expect(text).toContain('CVE-2026-50001');
    const validate = spawnSync(node, [path.join(REPO, 'scripts/validate.ts'), '--root', root, '--format', 'json', file], { env: { ...process.env, DISCLOSE_NOW: '2026-11-29T12:00:00Z' }, encoding: 'utf8' });
    const findings = JSON.parse(validate.stdout).findings as { severity: string; rule: string }[];
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

// Attack: a secret printed by something other than our own messages. DISCLOSE_SMTP_URL with a '#'
// in the password made nodemailer fall back to the legacy url.parse(), and Node's own DEP0170
// warning printed the whole URL to stderr, past src/cli/redact.ts. Every test runs a real child
// process against a real SMTP server and greps all of its output for the password.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../src/advisory/parse.ts';
import { startFakeSmtp, type FakeSmtp } from '../support/fake-smtp.ts';
import { createRoot, ID, NODE, PROJECT, publish, releaseEnv, startParties, type Parties } from '../publish/harness.ts';

/** '#', '@' and '%' are the characters a URL parser splits or decodes on. */
const PASSWORD = 'Pa#ss@w%rd-canary-5x9q';
const ENCODED = encodeURIComponent(PASSWORD);
/** Every form the password could be printed in, including the halves an unencoded '#' or '@' splits it into. */
const LEAKS = [PASSWORD, ENCODED, 'Pa#ss', 'w%rd-canary', 'rd-canary-5x9q', 'canary-5x9q'];

function expectNoLeak(output: string): void {
  for (const leak of LEAKS) expect(output, `output contains "${leak}"`).not.toContain(leak);
}

let p: Parties;
let smtp: FakeSmtp;
let scratch: string;
beforeAll(async () => {
  [p, smtp] = await Promise.all([startParties(), startFakeSmtp({ password: PASSWORD })]);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'disclose-secrets-'));
});
afterAll(async () => {
  await Promise.all([p?.close(), smtp?.close(), scratch && rm(scratch, { recursive: true, force: true })]);
});

/** The release shell's environment, pointed at the SMTP server whose password has # @ %. */
function envWith(smtpUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return releaseEnv(p, { DISCLOSE_SMTP_URL: smtpUrl, DISCLOSE_NOW: undefined, ...extra });
}

/**
 * A release root whose embargo is yesterday at the real time (the harness shifts every date of the
 * sample), so the test mail may go out on any day: no DISCLOSE_NOW, no date dependence.
 */
async function rootPastEmbargo() {
  return createRoot(p);
}

describe('DISCLOSE_SMTP_URL never appears in any output', () => {
  it('sends --test-to with a percent-encoded password containing # @ % and prints no part of it', async () => {
    const root = await rootPastEmbargo();
    const before = smtp.messages.length;
    const r = await publish([ID, '--test-to', 'teammate@example.invalid'], root.dir, envWith(smtp.url));
    expect(r.code, r.stderr).toBe(0);
    expect(smtp.messages.length).toBe(before + 1);
    expectNoLeak(r.stdout + r.stderr);
    await root.cleanup();
  });

  it('refuses an unencoded password with a clear message, no Node warning and no part of the password', async () => {
    const root = await rootPastEmbargo();
    const raw = `smtp://${smtp.user}:${PASSWORD}@127.0.0.1:${smtp.port}`;
    for (const extra of [{}, { NODE_OPTIONS: '--trace-warnings --trace-deprecation' }] as Record<string, string>[]) {
      const r = await publish([ID, '--test-to', 'teammate@example.invalid'], root.dir, envWith(raw, extra));
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/DISCLOSE_SMTP_URL .*percent-encode/);
      expect(r.stderr).not.toMatch(/DEP0170|DeprecationWarning|internal error|\n\s+at /);
      expectNoLeak(r.stdout + r.stderr);
    }
    await root.cleanup();
  });
});

describe("Node's own warnings go through the redaction", () => {
  // A command that imports src/cli/run.ts (as every script does) and then triggers, on purpose,
  // the warnings a library could raise with a secret in them: the legacy url.parse() deprecation
  // (DEP0170 quotes the URL) and an arbitrary process.emitWarning with the secret in its text.
  const script = (secretUrl: string) => `
import url from 'node:url';
await import(${JSON.stringify(path.join(PROJECT, 'src/cli/run.ts'))});
url.parse(${JSON.stringify(secretUrl)});
url.parse(process.env.DISCLOSE_SMTP_URL);
process.emitWarning('a library says: ' + process.env.DISCLOSE_SMTP_URL, { code: 'X1', detail: 'detail ' + ${JSON.stringify(PASSWORD)} });
process.emitWarning(new Error('an Error warning with ${ENCODED}'));
process.emitWarning('after listeners: ${PASSWORD}', 'DeprecationWarning', 'DEP9999');
`;

  function runNode(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(NODE, [file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d));
      child.stderr.on('data', (d: Buffer) => (output += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });
  }

  it.each([
    ['by default', {}],
    ['with --trace-warnings (stacks printed)', { NODE_OPTIONS: '--trace-warnings --trace-deprecation' }],
  ])('prints the warnings %s, with every form of the password redacted', async (_how, extra) => {
    const raw = `smtp://${smtp.user}:${PASSWORD}@127.0.0.1:${smtp.port}`;
    const file = path.join(scratch, `warn-${Object.keys(extra).length}.mjs`);
    await writeFile(file, script(`smtp://bot:${PASSWORD}@host:25x`));
    const r = await runNode(file, { PATH: process.env.PATH, DISCLOSE_SMTP_URL: raw, ...extra });
    expect(r.code, r.output).toBe(0);
    // The warnings are still shown (they matter), only the secret is gone.
    expect(r.output).toMatch(/DEP0170/);
    expect(r.output).toMatch(/a library says: \[DISCLOSE_SMTP_URL redacted\]/);
    expectNoLeak(r.output);
  });
});

// Attack: an error message that quotes the value it complains about, when that value is private
// (`private: "…"` is "must be a map, found \"…\"") or equals a private value (a reporter's address
// pasted into `cve`). Canaries sit in every private field; validate's text, JSON and GitHub
// annotations, and parseAdvisory's error (render, publish, the site) must carry none of them.
describe('private values never appear in a finding or an error', () => {
  const CANARY = {
    contact: 'canary-contact@reporter.example',
    notes: 'Canary triage "quoted" & <escaped> note 7f3k',
    received: 'canary-received-2026',
    nested: 'canary-nested-list-value',
    scalar: 'canary-scalar-private-9d2x',
  };
  const CANARIES = Object.values(CANARY);
  const SOURCE = path.join(PROJECT, 'advisories', 'RSEC-2026-0001.md');

  /** A temp repository whose advisories/ holds the given files (name → source). */
  function repo(files: Record<string, string>): string {
    const root = mkdtempSync(path.join(os.tmpdir(), 'disclose-private-errors-'));
    copyFileSync(path.join(PROJECT, 'disclose.config.yaml'), path.join(root, 'disclose.config.yaml'));
    mkdirSync(path.join(root, 'advisories'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, 'advisories', name), text);
    return root;
  }

  const privateBlock = [
    'private:',
    `  reporter_contact: ${CANARY.contact}`,
    `  triage_notes: '${CANARY.notes}'`,
    `  received: ${CANARY.received}`,
    '  more:',
    `    - ${CANARY.nested}`,
  ].join('\n');

  async function variants(): Promise<Record<string, string>> {
    const base = (await readFile(SOURCE, 'utf8')).replace(/^private:\n(?:  .*\n)*/m, '');
    const withPrivate = (s: string, block = privateBlock) => s.replace(/^---\n/, '---\n' + block + '\n');
    return {
      // `private` that is not a map: zod's "must be a map, found …" quoted it.
      'RSEC-2026-0101.md': withPrivate(base.replace(/^id: .*$/m, 'id: RSEC-2026-0101'), `private: ${CANARY.scalar}`),
      // Public fields holding private values: each one a schema or format error that quotes its value.
      'RSEC-2026-0102.md': withPrivate(
        base
          .replace(/^id: .*$/m, 'id: RSEC-2026-0102')
          .replace(/^severity: .*$/m, `severity: ${CANARY.contact}`)
          .replace(/^cve:\n(?:  - .*\n)*/m, `cve:\n  - ${CANARY.received}\n`)
          .replace(/^cwe:\n(?:  - .*\n)*/m, `cwe:\n  - ${CANARY.nested}\n`),
      ),
      // A public field repeating a private note: the private-leak rule names the field, not the value.
      'RSEC-2026-0103.md': withPrivate(base.replace(/^id: .*$/m, 'id: RSEC-2026-0103').replace(/^summary: .*$/m, `summary: 'Found by ${CANARY.notes.replace(/'/g, "''")}'`)),
    };
  }

  function validate(root: string, format: string) {
    return spawnSync(NODE, [path.join(PROJECT, 'scripts', 'validate.ts'), '--format', format], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, DISCLOSE_NOW: '2026-11-29T12:00:00Z' } });
  }

  function expectNoCanary(output: string): void {
    for (const c of CANARIES) {
      expect(output, `output contains "${c}"`).not.toContain(c);
      // The parts a message might quote on their own.
      for (const part of c.split(/[\s"&<>]+/).filter((p) => p.length >= 8)) expect(output, `output contains "${part}"`).not.toContain(part);
    }
  }

  it.each(['text', 'json', 'github'])('validate --format %s reports every problem, located, without a private value', async (format) => {
    const root = repo(await variants());
    const r = validate(root, format);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/RSEC-2026-0101\.md/);
    expect(r.stdout).toMatch(/RSEC-2026-0102\.md/);
    expect(r.stdout).toMatch(/RSEC-2026-0103\.md/);
    if (format === 'github') expect(r.stdout).toMatch(/^::error file=advisories\/RSEC-2026-0102\.md,line=\d+,col=\d+,title=\[schema\] severity::/m);
    expectNoCanary(r.stdout + r.stderr);
    await rm(root, { recursive: true, force: true });
  });

  it('parseAdvisory (render, publish, the site) refuses the same files without a private value', async () => {
    for (const [name, text] of Object.entries(await variants())) {
      let message = '';
      try {
        parseAdvisory(`advisories/${name}`, text);
      } catch (e) {
        message = (e as Error).message;
      }
      if (name === 'RSEC-2026-0103.md') continue; // schema-valid: the gate refuses it later, naming the field
      expect(message, name).toMatch(new RegExp(`advisories/${name}:\\d+:\\d+: error`));
      expectNoCanary(message);
    }
  });
});

// `npm run demo`: the main job end to end on the sample advisories, as a new user would run it on
// a fresh machine. Each stage is the real command, run as a child process; a failing stage stops
// the demo with its exit code. Signing uses a throwaway key generated in a temp folder outside the
// repository (the team's real key never touches a demo), and the publish rehearsal moves the clock
// with DISCLOSE_NOW so it shows both the refusal before the embargo and the plan after it.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { parseCommand, runCommand } from '../src/cli/run.ts';

const EMBARGOED_SAMPLE = 'RSEC-2026-0004';
const RENDERED_SAMPLES = ['RSEC-2026-0001', 'RSEC-2026-0002', 'RSEC-2026-0003', EMBARGOED_SAMPLE];

parseCommand({
  name: 'demo',
  usage: 'npm run demo',
  help: `Runs the main job on the sample advisories: validate, render every channel and export
(signed with a throwaway key), verify the signature, a publish rehearsal into the outbox (refused
before the embargo, planned after it), and the site build. Writes only to outbox/ and dist/.`,
  options: {},
});

interface Stage {
  title: string;
  args: string[];
  env?: Record<string, string>;
  /** Exit code the stage must end with (the refusal stage expects 3). */
  expect?: number;
}

function run(stage: Stage, index: number, total: number): void {
  process.stderr.write(`\n[${index}/${total}] ${stage.title}\n$ ${stage.env ? Object.entries(stage.env).filter(([k]) => k === 'DISCLOSE_NOW').map(([k, v]) => `${k}=${v} `).join('') : ''}node ${stage.args.join(' ')}\n`);
  const result = spawnSync(process.execPath, stage.args, { stdio: 'inherit', env: { ...process.env, ...stage.env } });
  const expected = stage.expect ?? 0;
  if (result.status !== expected) {
    process.stderr.write(`\ndemo: "${stage.title}" exited with ${result.status}, expected ${expected}\n`);
    process.exit(result.status === 0 ? 1 : (result.status ?? 1));
  }
}

runCommand(async () => {
  const keyDir = await mkdtemp(path.join(tmpdir(), 'disclose-demo-key-'));
  try {
    const passphrase = `demo-${Math.random().toString(36).slice(2)}-${Date.now()}`;
    const { privateKey, publicKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Rivet Security Response (throwaway demo key)', email: 'security@rivet-lang.org' }],
      passphrase,
      format: 'armored',
    });
    const keyFile = path.join(keyDir, 'demo-secret.asc');
    const pubFile = path.join(keyDir, 'demo-public.asc');
    await writeFile(keyFile, privateKey, { mode: 0o600 });
    await writeFile(pubFile, publicKey);
    const signing = { DISCLOSE_SIGNING_KEY_FILE: keyFile, DISCLOSE_SIGNING_PASSPHRASE: passphrase };
    const afterEmbargo = '2026-12-08T17:05:00Z';

    const stages: Stage[] = [
      { title: 'Validate every advisory', args: ['scripts/validate.ts'] },
      ...RENDERED_SAMPLES.map((id) => ({ title: `Render every channel and export of ${id}`, args: ['scripts/render.ts', id, '--rehearsal-key'], env: { ...signing, DISCLOSE_NOW: afterEmbargo } })),
      { title: `Verify the signed announcement of ${EMBARGOED_SAMPLE}`, args: ['scripts/verify.ts', `outbox/${EMBARGOED_SAMPLE}/announce/announcement.txt.asc`, '--key', pubFile], env: { DISCLOSE_NOW: afterEmbargo } },
      { title: `Publish rehearsal of ${EMBARGOED_SAMPLE} before its embargo: must refuse`, args: ['scripts/publish.ts', EMBARGOED_SAMPLE], env: { ...signing, DISCLOSE_NOW: '2026-12-08T16:00:00Z' }, expect: 3 },
      { title: `Publish rehearsal of ${EMBARGOED_SAMPLE} after its embargo, into the outbox`, args: ['scripts/publish.ts', EMBARGOED_SAMPLE], env: { ...signing, DISCLOSE_NOW: afterEmbargo } },
      { title: 'Build the runbook and the public archive', args: ['scripts/build-site.ts'] },
    ];
    stages.forEach((stage, i) => run(stage, i + 1, stages.length));
    process.stderr.write(`\ndemo: all ${stages.length} stages passed. Outbox: outbox/, site: dist/ (npm run preview)\n`);
  } finally {
    await rm(keyDir, { recursive: true, force: true });
  }
});

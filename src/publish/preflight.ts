// Preflight (spec §8.1): every reason not to start, found before anything is sent. A live run
// refuses on any error; a rehearsal reports missing credentials and key problems as warnings, so a
// team can rehearse on a laptop that holds no secrets, but still refuses an embargo not yet lifted.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RefusedError } from '../errors.ts';
import { formatFinding } from '../advisory/finding.ts';
import { listAdvisoryFiles } from '../advisory/parse.ts';
import { validateFiles } from '../advisory/validate.ts';
import type { Advisory } from '../advisory/schema.ts';
import { REQUIRED_BY_STATUS } from '../advisory/schema.ts';
import type { TeamConfig } from '../config/schema.ts';
import { repositoryReachable } from '../channels/blog/deliver.ts';
import { channelModule } from '../channels/registry.ts';
import { checkCredentials, secretsFrom, type CredentialName } from '../engine/credentials.ts';
import { loadSigningKey, verifyClearsigned, KeyUnavailable, type SigningKey } from './signing.ts';

export interface Check {
  name: string;
  level: 'ok' | 'warning' | 'error';
  message: string;
}

export type Mode = 'rehearsal' | 'live' | 'test-to';

export interface PreflightInput {
  advisory: Advisory;
  config: TeamConfig;
  root: string;
  env: NodeJS.ProcessEnv;
  now: Date;
  mode: Mode;
  /** True when a journal shows an earlier live run: `published` is then a resumable state. */
  resuming: boolean;
  /** Per remote request of the credential checks. */
  timeoutMs?: number;
  /** Signs and returns the rendered announcement text (preflight verifies it). */
  signAnnouncement?: (key: SigningKey) => Promise<string>;
}

export interface PreflightResult {
  checks: Check[];
  key?: SigningKey;
  secrets: { smtpUrl?: string; githubToken?: string; discourseKey?: string };
}

const SEVERITY_RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;

/** The environment variable holding `channel`'s secret (its module's credential), or null. */
export function credentialOf(channel: string): CredentialName | null {
  return channelModule(channel).credential?.env ?? null;
}

/** Every credential `channels` need, each once, in the order the channels are listed. */
export function neededCredentials(channels: readonly string[]): CredentialName[] {
  return [...new Set(channels.map(credentialOf).filter((n) => n !== null))];
}

/** Which of `channels` need `name`, for "it is needed for …". */
export function channelsNeeding(name: CredentialName, channels: readonly string[]): string[] {
  return channels.filter((c) => credentialOf(c) === name);
}

/** The validator's errors for this advisory (uniqueness is checked against all advisories). */
async function validatorFindings(file: string, config: TeamConfig, root: string, at: Date): Promise<string[]> {
  const all = await listAdvisoryFiles(path.dirname(file));
  const { findings } = await validateFiles(all.includes(file) ? all : [...all, file], { config, now: at, root, parallelFrom: Infinity });
  return findings.filter((f) => f.file === file && f.severity === 'error').map(formatFinding);
}

export function embargoCheck(advisory: Advisory, at: Date): Check {
  const embargo = advisory.data.embargo;
  if (!embargo) return { name: 'embargo', level: 'error', message: `${advisory.file}: no embargo date — add embargo: "YYYY-MM-DDTHH:MM:SSZ"` };
  if (at.getTime() < Date.parse(embargo)) {
    const wait = Date.parse(embargo) - at.getTime();
    const hours = Math.floor(wait / 3_600_000);
    const minutes = Math.ceil((wait % 3_600_000) / 60_000);
    return {
      name: 'embargo',
      level: 'error',
      message: `the embargo has not lifted: it ends at ${new Date(embargo).toISOString()}, it is now ${at.toISOString()} (${hours} h ${minutes} min to go) — nothing is sent before the embargo; to rehearse, set DISCLOSE_NOW to a time after it`,
    };
  }
  return { name: 'embargo', level: 'ok', message: `embargo ${new Date(embargo).toISOString()} has passed (now ${at.toISOString()})` };
}

/**
 * The engine's guard for publish and amend: the embargo checked again before every step, so a
 * clock moved back, or a run resumed early, stops there.
 */
export function embargoGuard(advisory: Advisory, clock: () => Date): () => void {
  return () => {
    const embargo = embargoCheck(advisory, clock());
    if (embargo.level === 'error') throw new RefusedError(`${embargo.message}.`);
  };
}

export async function preflight(input: PreflightInput): Promise<PreflightResult> {
  const { advisory, config, env, mode } = input;
  const data = advisory.data;
  const checks: Check[] = [];
  const soft = mode === 'rehearsal' ? 'warning' : 'error';
  const add = (name: string, level: Check['level'], message: string) => checks.push({ name, level, message });

  // 1. The advisory validates.
  const findings = await validatorFindings(advisory.file, config, input.root, input.now);
  if (findings.length > 0) add('validate', 'error', `${advisory.file} does not validate:\n  ${findings.join('\n  ')}\n  run \`npm run validate -- ${advisory.file}\``);
  else {
    const missing = REQUIRED_BY_STATUS.embargoed.filter((k) => data[k] === undefined);
    if (missing.length > 0) add('validate', 'error', `${advisory.file}: ${missing.join(', ')} missing — an advisory going public needs ${REQUIRED_BY_STATUS.embargoed.join(', ')}`);
    else add('validate', 'ok', `${advisory.file} validates`);
  }

  // 2. Status.
  if (data.status === 'embargoed') add('status', 'ok', 'status: embargoed');
  else if (data.status === 'published' && input.resuming) add('status', 'ok', 'status: published by an earlier run (resuming it)');
  else add('status', 'error', `status is "${data.status}", publish needs "embargoed" — ${data.status === 'draft' ? 'finish the advisory and set status: embargoed with an embargo date' : data.status === 'published' ? 'it is already published' : 'this advisory is not to be published'}`);

  // 3. Embargo.
  checks.push(embargoCheck(advisory, input.now));

  // 4. distros.
  const channels = data.channels ?? [];
  const severe = data.severity !== undefined && SEVERITY_RANK[data.severity] >= SEVERITY_RANK.medium;
  if (data.distros?.skip) add('distros', 'ok', `distros skipped: ${data.distros.skip}`);
  else if (channels.includes('distros')) {
    if (data.distros?.notified) add('distros', 'ok', `distros notified at ${data.distros.notified}`);
    else add('distros', 'error', `distros is in channels but distros.notified is not set — run \`npm run notify-distros -- ${data.id} --live\` 3 to 14 days before the embargo, or set distros.skip with a reason`);
  } else if (severe) {
    add('distros', 'error', `severity ${data.severity} needs the distros list: add distros to channels (and run notify-distros), or set distros.skip with a reason`);
  }

  // 5. Credentials of every listed channel (values are read, never printed).
  const secrets: PreflightResult['secrets'] = secretsFrom(env);
  const publicChannels = channels.filter((c) => channelModule(c).public);
  // --test-to sends only the signed announcement: it needs the announcement's credential.
  const needed = neededCredentials(mode === 'test-to' ? ['announce'] : publicChannels);
  for (const name of needed) {
    if (env[name]) add(`credential ${name}`, 'ok', `${name} is set`);
    else add(`credential ${name}`, soft, `${name} is not set — it is needed for ${channelsNeeding(name, publicChannels).join(', ') || 'the test mail'}; export it in this shell (never put it in a file in the repository)`);
  }
  // Set is not enough: each credential makes one harmless authenticated call (live and test-to).
  if (mode !== 'rehearsal') {
    for (const c of await checkCredentials(needed, config, secrets, input.timeoutMs)) checks.push(c);
  }
  if (mode === 'live' && publicChannels.includes('blog')) {
    const problem = await repositoryReachable(config.blog.repository);
    if (problem) add('blog repository', 'error', `the blog repository ${config.blog.repository} cannot be reached: ${problem}`);
    else add('blog repository', 'ok', `blog repository ${config.blog.repository} is reachable`);
  }

  if (mode === 'live' && channels.includes('announce') && !config.mail.archive_url) {
    add('announce-url', 'warning', 'mail.archive_url is not set: after the announcement is sent you will be asked for its archive URL (or pass --announce-url <url>; without a terminal the run stops there and says so)');
  }

  // 6. The signing key, and a signature that verifies.
  let key: SigningKey | undefined;
  if (channels.includes('announce') || mode === 'test-to') {
    try {
      key = await loadSigningKey(env, input.root, input.now);
      for (const w of key.warnings) add('signing key', 'warning', w);
      if (key.fingerprint !== config.signing.fingerprint) {
        add('signing key', soft, `the signing key is ${key.fingerprint}, but the team key (signing.fingerprint) is ${config.signing.fingerprint} — point DISCLOSE_SIGNING_KEY_FILE at the team key`);
      } else add('signing key', 'ok', `signing key ${key.fingerprint} loaded`);
    } catch (e) {
      if (!(e instanceof KeyUnavailable)) throw e;
      add('signing key', soft, e.message);
    }
    if (key && input.signAnnouncement) {
      const signed = await input.signAnnouncement(key);
      // Verified against the committed team key, as readers will; a rehearsal with a stand-in key
      // is checked against that key instead (and already warned about above).
      const teamKeyFile = path.resolve(input.root, config.signing.public_key);
      const teamKey = key.fingerprint === config.signing.fingerprint ? await readFile(teamKeyFile, 'utf8').catch(() => key!.publicKey) : key.publicKey;
      const result = await verifyClearsigned(signed, teamKey, input.now);
      if (result.valid) add('signature', 'ok', `the signed announcement verifies (key ${result.signer ?? key.fingerprint})`);
      else add('signature', 'error', `the signed announcement does not verify against ${config.signing.public_key}: ${result.error} — check that signing.public_key is the public part of the signing key`);
    }
  }
  return { checks, key, secrets };
}

export function failures(checks: Check[]): Check[] {
  return checks.filter((c) => c.level === 'error');
}

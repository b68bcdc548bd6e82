// Preflight's proof that every credential works, not only that it is set: one harmless
// authenticated call per remote before the first side effect, so a bad GitHub token is found
// before the signed mail and the blog are out. Reads only; never prints a secret.
import type { TeamConfig } from '../config/schema.ts';
import { verifySmtp } from '../mail/smtp.ts';
import { DiscloseError } from '../errors.ts';

export interface CredentialCheck {
  name: string;
  level: 'ok' | 'error';
  message: string;
}

export interface Secrets {
  smtpUrl?: string;
  githubToken?: string;
  discourseKey?: string;
}

async function getJson(url: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number }> {
  const res = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer().catch(() => undefined);
  return { status: res.status };
}

function failure(e: unknown): string {
  return (e as Error).name === 'TimeoutError' ? 'did not answer in time' : `could not be reached (${(e as Error).message})`;
}

/** GitHub: list one repository advisory with the token (the endpoint publish and amend use). */
export async function checkGithub(config: TeamConfig, token: string, timeoutMs: number): Promise<CredentialCheck> {
  const name = 'credential GITHUB_TOKEN';
  const base = config.github.api_url.replace(/\/$/, '');
  const url = `${base}/repos/${config.github.repository}/security-advisories?per_page=1`;
  try {
    const { status } = await getJson(url, { authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28' }, timeoutMs);
    if (status === 200) return { name, level: 'ok', message: `GITHUB_TOKEN can read the advisories of ${config.github.repository}` };
    const why = status === 401 ? 'rejects the token (401 Bad credentials)' : status === 403 || status === 404 ? `does not let the token see ${config.github.repository}'s advisories (${status}): it needs the repository_advisories permission` : `answered ${status}`;
    return { name, level: 'error', message: `GitHub ${why} — fix GITHUB_TOKEN; nothing was sent` };
  } catch (e) {
    return { name, level: 'error', message: `GitHub ${base} ${failure(e)}; nothing was sent` };
  }
}

/** Discourse: who the API key acts as (GET /session/current.json). */
export async function checkDiscourse(config: TeamConfig, apiKey: string, timeoutMs: number): Promise<CredentialCheck> {
  const name = 'credential DISCOURSE_API_KEY';
  const base = config.forum.url.replace(/\/$/, '');
  try {
    const { status } = await getJson(`${base}/session/current.json`, { 'api-key': apiKey, 'api-username': config.forum.api_username }, timeoutMs);
    if (status === 200) return { name, level: 'ok', message: `DISCOURSE_API_KEY works for ${config.forum.api_username}` };
    const why = status === 401 || status === 403 ? `rejects the API key or username ${config.forum.api_username} (${status})` : `answered ${status}`;
    return { name, level: 'error', message: `the forum ${base} ${why} — fix DISCOURSE_API_KEY (or forum.api_username); nothing was sent` };
  } catch (e) {
    return { name, level: 'error', message: `the forum ${base} ${failure(e)}; nothing was sent` };
  }
}

/** SMTP: connect and authenticate, send nothing. */
export async function checkSmtp(url: string, timeoutMs: number): Promise<CredentialCheck> {
  const name = 'credential DISCLOSE_SMTP_URL';
  try {
    await verifySmtp(url, timeoutMs);
    return { name, level: 'ok', message: 'DISCLOSE_SMTP_URL: the SMTP server accepts the login' };
  } catch (e) {
    if (e instanceof DiscloseError) return { name, level: 'error', message: e.message };
    return { name, level: 'error', message: 'DISCLOSE_SMTP_URL could not be checked; nothing was sent' };
  }
}

export type Remote = 'smtp' | 'github' | 'discourse';

/** Every secret a channel can need, by its environment variable. */
export type CredentialName = 'DISCLOSE_SMTP_URL' | 'GITHUB_TOKEN' | 'DISCOURSE_API_KEY';

/** A channel's credential: where it is read from, the remote it opens, and its harmless check. */
export interface CredentialSpec {
  env: CredentialName;
  remote: Remote;
}

/** The remote each credential opens; a channel module declares `credential: CREDENTIALS.<NAME>`. */
export const CREDENTIALS: { readonly [N in CredentialName]: CredentialSpec & { env: N } } = {
  DISCLOSE_SMTP_URL: { env: 'DISCLOSE_SMTP_URL', remote: 'smtp' },
  GITHUB_TOKEN: { env: 'GITHUB_TOKEN', remote: 'github' },
  DISCOURSE_API_KEY: { env: 'DISCOURSE_API_KEY', remote: 'discourse' },
};

/** The secrets a run may use, read from the environment (values are never printed). */
export function secretsFrom(env: NodeJS.ProcessEnv): Secrets {
  return { smtpUrl: env.DISCLOSE_SMTP_URL || undefined, githubToken: env.GITHUB_TOKEN || undefined, discourseKey: env.DISCOURSE_API_KEY || undefined };
}

/** One check per remote the run will use; a missing secret is reported by the caller. */
export async function checkCredentials(names: Iterable<CredentialName>, config: TeamConfig, secrets: Secrets, timeoutMs = 30_000): Promise<CredentialCheck[]> {
  const checks: Promise<CredentialCheck>[] = [];
  for (const r of new Set([...names].map((n) => CREDENTIALS[n].remote))) {
    if (r === 'smtp' && secrets.smtpUrl) checks.push(checkSmtp(secrets.smtpUrl, timeoutMs));
    if (r === 'github' && secrets.githubToken) checks.push(checkGithub(config, secrets.githubToken, timeoutMs));
    if (r === 'discourse' && secrets.discourseKey) checks.push(checkDiscourse(config, secrets.discourseKey, timeoutMs));
  }
  return Promise.all(checks);
}

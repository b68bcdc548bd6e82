// Delivery of the GitHub Security Advisory with octokit: create it (a draft), then publish it.
// GitHub has no client-chosen id for advisories, so the description carries an invisible marker
// with the advisory id; "was it already created?" lists the repository's advisories and looks
// for that marker (or, for advisories made by hand, the same CVE id).
import { Octokit } from '@octokit/rest';
import type { Payload } from '../types.ts';
import { HttpError } from '../forum/deliver.ts';

export type GhsaPayload = Extract<Payload, { kind: 'ghsa' }>;

export interface GhsaTarget {
  /** config.github.api_url */
  apiUrl: string;
  /** config.github.repository, owner/name */
  repository: string;
  /** GITHUB_TOKEN. Never printed. */
  token: string;
  timeoutMs?: number;
}

export interface AdvisoryFound {
  ghsaId: string;
  url: string;
  state: string;
}

export function ghsaMarker(advisoryId: string): string {
  return `<!-- disclose:${advisoryId} -->`;
}

function client(target: GhsaTarget): Octokit {
  const timeoutMs = target.timeoutMs ?? 30_000;
  return new Octokit({
    auth: target.token,
    baseUrl: target.apiUrl.replace(/\/$/, ''),
    userAgent: 'disclose',
    // Octokit logs warnings and request errors on its own; our messages say what happened.
    log: { debug() {}, info() {}, warn() {}, error() {} },
    request: {
      fetch: (url: string | URL, init?: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
    },
  });
}

function split(target: GhsaTarget): { owner: string; repo: string } {
  const [owner, repo] = target.repository.split('/');
  return { owner, repo };
}

function wrap(what: string, e: unknown): HttpError {
  const err = e as { status?: number; name?: string; message?: string; response?: unknown };
  // Octokit reports a request that got no answer (aborted by our timeout, connection refused) as
  // status 500 without a response; only a real answer carries a response.
  if (typeof err.status === 'number' && err.response !== undefined) {
    return new HttpError(`GitHub ${what} answered ${err.status}: ${err.message ?? ''}`.trim(), err.status);
  }
  const timeout = err.name === 'TimeoutError' || /aborted|timeout/i.test(err.message ?? '');
  return new HttpError(`GitHub ${what}: ${timeout ? 'no answer in time' : `no answer (${err.message ?? String(e)})`}`, 0);
}

/** The description as sent: the rendered text plus the marker that lets a re-run find it. */
export function withMarker(payload: GhsaPayload, advisoryId: string): Record<string, unknown> {
  const description = String(payload.body.description ?? '');
  const marker = ghsaMarker(advisoryId);
  return { ...payload.body, description: description.includes(marker) ? description : `${description.trimEnd()}\n\n${marker}\n` };
}

/**
 * The repository advisory disclose created for this advisory id (in any state), found by the
 * marker in its description, or null. Only the marker counts: an advisory someone made by hand with
 * the same CVE is not ours to publish.
 */
export async function findAdvisory(target: GhsaTarget, advisoryId: string): Promise<AdvisoryFound | null> {
  const octokit = client(target);
  let list: { ghsa_id: string; html_url: string; state: string; description: string | null; cve_id: string | null }[];
  try {
    list = await octokit.paginate(octokit.rest.securityAdvisories.listRepositoryAdvisories, { ...split(target), per_page: 100 });
  } catch (e) {
    throw wrap('list of repository advisories', e);
  }
  const marker = ghsaMarker(advisoryId);
  const hit = list.find((a) => (a.description ?? '').includes(marker));
  return hit ? { ghsaId: hit.ghsa_id, url: hit.html_url, state: hit.state } : null;
}

export async function createAdvisory(target: GhsaTarget, payload: GhsaPayload, advisoryId: string): Promise<AdvisoryFound> {
  const octokit = client(target);
  try {
    const res = await octokit.request('POST /repos/{owner}/{repo}/security-advisories', {
      ...split(target),
      ...(withMarker(payload, advisoryId) as object),
    } as never);
    const data = res.data as { ghsa_id: string; html_url: string; state: string };
    return { ghsaId: data.ghsa_id, url: data.html_url, state: data.state };
  } catch (e) {
    throw wrap('create of the repository advisory', e);
  }
}

export async function publishAdvisory(target: GhsaTarget, ghsaId: string): Promise<AdvisoryFound> {
  const octokit = client(target);
  try {
    const res = await octokit.rest.securityAdvisories.updateRepositoryAdvisory({ ...split(target), ghsa_id: ghsaId, state: 'published' });
    return { ghsaId: res.data.ghsa_id, url: res.data.html_url, state: res.data.state };
  } catch (e) {
    throw wrap(`publish of ${ghsaId}`, e);
  }
}

/**
 * An amendment: PATCH the advisory's fields (description with the Updates section). A PATCH with
 * the same body is idempotent, so a resumed amend simply sends it again. The marker is kept so
 * findAdvisory still recognises it.
 */
export async function updateAdvisory(target: GhsaTarget, ghsaId: string, body: Record<string, unknown>, advisoryId: string): Promise<AdvisoryFound> {
  const octokit = client(target);
  try {
    const res = await octokit.request('PATCH /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
      ...split(target),
      ghsa_id: ghsaId,
      ...(withMarker({ kind: 'ghsa', body }, advisoryId) as object),
    } as never);
    const data = res.data as { ghsa_id: string; html_url: string; state: string };
    return { ghsaId: data.ghsa_id, url: data.html_url, state: data.state };
  } catch (e) {
    throw wrap(`update of ${ghsaId}`, e);
  }
}

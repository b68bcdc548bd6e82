// A local GitHub REST server for the repository security advisory endpoints. It checks the token,
// rejects any request body that does not validate against the vendored GitHub OpenAPI description
// (422, as GitHub does), keeps advisories in memory, and answers with bodies that validate against
// the same description (checked before sending: a fake that lies would make the tests worthless).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  githubRequestValidator,
  githubResponseValidator,
  matchGithubOperation,
  normaliseNullable,
  SCHEMA_DIR,
} from '../../src/schemas/index.ts';
import { sampleOf } from './openapi-sample.ts';

export interface StoredAdvisory {
  ghsa_id: string;
  owner: string;
  repo: string;
  body: Record<string, unknown>;
  state: 'draft' | 'published' | 'triage' | 'closed';
  created: bigint;
  published?: bigint;
}

/** Per-operation misbehaviour, keyed by operationId-ish names: 'create', 'publish', 'list'. */
export interface GithubBehaviour {
  /** Answer this status (e.g. 500, 502) instead of doing the operation, `times` times (default 1). */
  fail?: { op: 'create' | 'publish' | 'list'; status: number; times?: number };
  /** Never answer this operation (a timeout for the client). */
  hang?: 'create' | 'publish' | 'list';
  /** Do the operation, then never answer (the effect happened; the client cannot know). */
  holdAfterEffect?: 'create' | 'publish';
}

export interface FakeGithub {
  url: string;
  token: string;
  advisories: StoredAdvisory[];
  /** Every request that failed validation, with the reasons (tests assert it is empty). */
  invalidRequests: { method: string; path: string; errors: string[] }[];
  /** Responses our fake produced that did not validate (a bug in the fake; must stay empty). */
  invalidResponses: { method: string; path: string; errors: string[] }[];
  requests: { method: string; path: string }[];
  behave(b: GithubBehaviour): void;
  close(): Promise<void>;
}

const ALPHABET = '23456789cfghjmpqrvwx';

function ghsaId(n: number): string {
  const chars = Array.from({ length: 12 }, (_, i) => ALPHABET[(n * 7919 + i * 104729 + i * i * 31) % ALPHABET.length]);
  return `GHSA-${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

const openapi = JSON.parse(readFileSync(path.join(SCHEMA_DIR, 'github/security-advisories.openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
};

function responseSample(template: string, method: string, status: number): Record<string, unknown> | unknown[] {
  const schema = openapi.paths[template][method].responses[String(status)].content!['application/json'].schema;
  return sampleOf(normaliseNullable(schema)) as Record<string, unknown>;
}

const ADVISORY_TEMPLATE = '/repos/{owner}/{repo}/security-advisories/{ghsa_id}';
const LIST_TEMPLATE = '/repos/{owner}/{repo}/security-advisories';

export async function startFakeGithub(options: { token?: string } = {}): Promise<FakeGithub> {
  const token = options.token ?? `ghp_test${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const advisories: StoredAdvisory[] = [];
  const invalidRequests: FakeGithub['invalidRequests'] = [];
  const invalidResponses: FakeGithub['invalidResponses'] = [];
  const requests: FakeGithub['requests'] = [];
  let behaviour: GithubBehaviour = {};
  let port = 0;

  function render(a: StoredAdvisory): Record<string, unknown> {
    const base = responseSample(ADVISORY_TEMPLATE, 'get', 200) as Record<string, unknown>;
    const b = a.body;
    const vulns = (b.vulnerabilities as Record<string, unknown>[] | undefined) ?? [];
    return {
      ...base,
      ghsa_id: a.ghsa_id,
      cve_id: (b.cve_id as string | null | undefined) ?? null,
      url: `http://127.0.0.1:${port}/repos/${a.owner}/${a.repo}/security-advisories/${a.ghsa_id}`,
      html_url: `https://github.com/${a.owner}/${a.repo}/security/advisories/${a.ghsa_id}`,
      summary: b.summary,
      description: b.description ?? null,
      severity: (b.severity as string | null | undefined) ?? null,
      state: a.state,
      published_at: a.state === 'published' ? '2026-12-08T17:00:00Z' : null,
      identifiers: [{ type: 'GHSA', value: a.ghsa_id }],
      vulnerabilities: vulns.map((v) => ({
        package: v.package,
        vulnerable_version_range: v.vulnerable_version_range ?? null,
        patched_versions: v.patched_versions ?? null,
        vulnerable_functions: v.vulnerable_functions ?? null,
      })),
      cwe_ids: (b.cwe_ids as string[] | null | undefined) ?? null,
    };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const method = (req.method ?? 'GET').toUpperCase();
      requests.push({ method, path: url.pathname });
      const send = (status: number, body: unknown, template?: string) => {
        if (template && status < 300) {
          const errors = githubResponseValidator(method, template, status)(body);
          if (errors.length > 0) invalidResponses.push({ method, path: url.pathname, errors });
        }
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
      };
      const auth = req.headers.authorization ?? '';
      if (auth !== `token ${token}` && auth !== `Bearer ${token}`) {
        send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
        return;
      }
      const match = matchGithubOperation(method, url.pathname);
      if (!match) {
        send(404, { message: 'Not Found' });
        return;
      }
      const { owner, repo } = match.params;
      let body: unknown = undefined;
      if (chunks.length > 0) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          send(400, { message: 'Problems parsing JSON' });
          return;
        }
      }
      const op =
        method === 'POST' && match.template === LIST_TEMPLATE ? 'create' : method === 'PATCH' ? 'publish' : method === 'GET' && match.template === LIST_TEMPLATE ? 'list' : 'other';
      if (behaviour.hang === op) return; // never answer
      if (behaviour.fail?.op === op) {
        const f = behaviour.fail;
        const times = (f.times ?? 1) - 1;
        behaviour = { ...behaviour, fail: times > 0 ? { ...f, times } : undefined };
        send(f.status, { message: 'Server Error' });
        return;
      }
      if (method === 'POST' || method === 'PATCH') {
        const errors = githubRequestValidator(method, match.template)(body);
        if (errors.length > 0) {
          invalidRequests.push({ method, path: url.pathname, errors });
          send(422, { message: 'Validation Failed', errors: errors.map((e) => ({ resource: 'Advisory', code: 'invalid', message: e })) });
          return;
        }
      }
      const hold = behaviour.holdAfterEffect === op;
      if (op === 'create') {
        const a: StoredAdvisory = {
          ghsa_id: ghsaId(advisories.length + 1),
          owner,
          repo,
          body: body as Record<string, unknown>,
          state: 'draft',
          created: process.hrtime.bigint(),
        };
        advisories.push(a);
        if (!hold) send(201, render(a), LIST_TEMPLATE);
        return;
      }
      if (op === 'list') {
        send(200, advisories.filter((a) => a.owner === owner && a.repo === repo).map(render), LIST_TEMPLATE);
        return;
      }
      const a = advisories.find((x) => x.ghsa_id === match.params.ghsa_id && x.owner === owner && x.repo === repo);
      if (!a) {
        send(404, { message: 'Not Found' });
        return;
      }
      if (op === 'publish') {
        const { state, ...fields } = body as Record<string, unknown>;
        a.body = { ...a.body, ...fields };
        if (state === 'published' && a.state !== 'published') {
          a.state = 'published';
          a.published = process.hrtime.bigint();
        }
        if (!hold) send(200, render(a), ADVISORY_TEMPLATE);
        return;
      }
      send(200, render(a), ADVISORY_TEMPLATE);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    advisories,
    invalidRequests,
    invalidResponses,
    requests,
    behave(b) {
      behaviour = b;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

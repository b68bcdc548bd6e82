// A local Discourse server: POST /posts.json (new topic), GET /t/external_id/{id}.json (301 to the
// topic, as Discourse answers) and GET /t/{id}.json. It checks the Api-Key / Api-Username headers,
// validates request bodies against the vendored Discourse OpenAPI description (422 otherwise), and
// validates its own responses against it too. Topics live in memory.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { discourseRequestValidator, discourseResponseValidator, matchDiscourseOperation, SCHEMA_DIR } from '../../src/schemas/index.ts';
import { sampleOf } from './openapi-sample.ts';

export interface StoredTopic {
  id: number;
  postId: number;
  slug: string;
  title: string;
  raw: string;
  category?: number;
  externalId?: string;
  at: bigint;
}

/** A reply (POST /posts.json with topic_id): how an amendment reaches a topic's followers. */
export interface StoredReply {
  id: number;
  topicId: number;
  postNumber: number;
  raw: string;
}

export interface DiscourseBehaviour {
  fail?: { op: 'create' | 'lookup'; status: number; times?: number };
  hang?: 'create' | 'lookup';
  /** Create the topic, then never answer. */
  holdAfterEffect?: 'create';
}

export interface FakeDiscourse {
  url: string;
  apiKey: string;
  apiUsername: string;
  topics: StoredTopic[];
  replies: StoredReply[];
  invalidRequests: { method: string; path: string; errors: string[] }[];
  invalidResponses: { method: string; path: string; errors: string[] }[];
  unauthorized: number;
  behave(b: DiscourseBehaviour): void;
  close(): Promise<void>;
}

const openapi = JSON.parse(readFileSync(path.join(SCHEMA_DIR, 'discourse/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
};

function responseSample(template: string, method: string, status: number): Record<string, unknown> {
  return sampleOf(openapi.paths[template][method].responses[String(status)].content!['application/json'].schema) as Record<string, unknown>;
}

function slugify(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'topic';
}

export async function startFakeDiscourse(options: { apiKey?: string; apiUsername?: string } = {}): Promise<FakeDiscourse> {
  const apiKey = options.apiKey ?? `discourse-key-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const apiUsername = options.apiUsername ?? 'security-bot';
  const topics: StoredTopic[] = [];
  const replies: StoredReply[] = [];
  const invalidRequests: FakeDiscourse['invalidRequests'] = [];
  const invalidResponses: FakeDiscourse['invalidResponses'] = [];
  let behaviour: DiscourseBehaviour = {};
  let unauthorized = 0;
  let port = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const method = (req.method ?? 'GET').toUpperCase();
      const send = (status: number, body: unknown, template?: string, headers: Record<string, string> = {}) => {
        if (template) {
          const errors = discourseResponseValidator(method, template, status)(body);
          if (errors.length > 0) invalidResponses.push({ method, path: url.pathname, errors });
        }
        const text = body === undefined ? '' : JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(text);
      };
      if (req.headers['api-key'] !== apiKey || req.headers['api-username'] !== apiUsername) {
        unauthorized++;
        send(403, { errors: ['You are not permitted to view the requested resource. The API username or key is invalid.'], error_type: 'invalid_access' });
        return;
      }
      // The credential check publish's preflight makes (a harmless authenticated read).
      if (method === 'GET' && url.pathname === '/session/current.json') {
        send(200, { current_user: { id: 1, username: apiUsername } });
        return;
      }
      const match = matchDiscourseOperation(method, url.pathname);
      if (!match) {
        send(404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
        return;
      }
      const op = match.template === '/posts.json' && method === 'POST' ? 'create' : match.template.startsWith('/t/external_id/') ? 'lookup' : 'other';
      if (behaviour.hang === op) return;
      if (behaviour.fail?.op === op) {
        const f = behaviour.fail;
        const times = (f.times ?? 1) - 1;
        behaviour = { ...behaviour, fail: times > 0 ? { ...f, times } : undefined };
        send(f.status, { errors: ['Internal Server Error'] });
        return;
      }
      if (op === 'create') {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          send(400, { errors: ['invalid JSON'] });
          return;
        }
        const errors = discourseRequestValidator('POST', '/posts.json')(body);
        if (errors.length === 0 && typeof body.title !== 'string' && typeof body.topic_id === 'number') {
          const topic = topics.find((t) => t.id === body.topic_id);
          if (!topic) {
            send(404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
            return;
          }
          const reply: StoredReply = { id: 5000 + replies.length + 1, topicId: topic.id, postNumber: 2 + replies.filter((r) => r.topicId === topic.id).length, raw: String(body.raw) };
          replies.push(reply);
          send(
            200,
            { ...responseSample('/posts.json', 'post', 200), id: reply.id, username: apiUsername, raw: reply.raw, topic_id: topic.id, topic_slug: topic.slug, post_number: reply.postNumber, post_url: `/t/${topic.slug}/${topic.id}/${reply.postNumber}` },
            '/posts.json',
          );
          return;
        }
        if (errors.length > 0 || typeof body.title !== 'string') {
          invalidRequests.push({ method, path: url.pathname, errors: errors.length > 0 ? errors : ['/: title is required for a new topic'] });
          send(422, { errors, error_type: 'invalid_parameters' });
          return;
        }
        if (body.external_id !== undefined && topics.some((t) => t.externalId === body.external_id)) {
          send(422, { action: 'create_post', errors: ['External ID has already been taken'] });
          return;
        }
        const topic: StoredTopic = {
          id: 100 + topics.length + 1,
          postId: 1000 + topics.length + 1,
          slug: slugify(body.title as string),
          title: body.title as string,
          raw: String(body.raw),
          category: body.category as number | undefined,
          externalId: body.external_id as string | undefined,
          at: process.hrtime.bigint(),
        };
        topics.push(topic);
        if (behaviour.holdAfterEffect === 'create') return;
        send(
          200,
          {
            ...responseSample('/posts.json', 'post', 200),
            id: topic.postId,
            username: apiUsername,
            raw: topic.raw,
            topic_id: topic.id,
            topic_slug: topic.slug,
            post_number: 1,
            post_url: `/t/${topic.slug}/${topic.id}/1`,
          },
          '/posts.json',
        );
        return;
      }
      if (op === 'lookup') {
        const topic = topics.find((t) => t.externalId === match.params.external_id);
        if (!topic) {
          send(404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
          return;
        }
        res.writeHead(301, { location: `/t/${topic.id}.json` }).end();
        return;
      }
      if (match.template === '/t/{id}.json' && method === 'GET') {
        const topic = topics.find((t) => String(t.id) === match.params.id);
        if (!topic) {
          send(404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
          return;
        }
        send(200, { ...responseSample('/t/{id}.json', 'get', 200), id: topic.id, title: topic.title, fancy_title: topic.title, slug: topic.slug, category_id: topic.category ?? 1, posts_count: 1 }, '/t/{id}.json');
        return;
      }
      send(404, { errors: ['not implemented by the fake'], error_type: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    apiUsername,
    topics,
    replies,
    invalidRequests,
    invalidResponses,
    get unauthorized() {
      return unauthorized;
    },
    behave(b) {
      behaviour = b;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

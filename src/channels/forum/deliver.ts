// Delivery of the forum topic through the Discourse API. The topic carries the advisory id as its
// external_id, so "was it already posted?" is one request: GET /t/external_id/{id}.json.
import type { Payload } from '../types.ts';

export type TopicPayload = Extract<Payload, { kind: 'discourse-topic' }>;

export interface ForumTarget {
  /** config.forum.url, e.g. https://users.rivet-lang.org */
  url: string;
  /** DISCOURSE_API_KEY. Never printed. */
  apiKey: string;
  apiUsername: string;
  timeoutMs?: number;
}

export interface TopicFound {
  topicId: number;
  slug: string;
  url: string;
  /** Id of the first post, when the create response told us. */
  postId?: number;
}

/** An HTTP answer that is not what we asked for; `status` 0 = no answer (timeout, refused). */
export class HttpError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

function base(target: ForumTarget): string {
  return target.url.replace(/\/$/, '');
}

async function request(target: ForumTarget, method: string, pathname: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  let res: Response;
  try {
    res = await fetch(`${base(target)}${pathname}`, {
      method,
      headers: {
        'Api-Key': target.apiKey,
        'Api-Username': target.apiUsername,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'follow',
      signal: AbortSignal.timeout(target.timeoutMs ?? 30_000),
    });
  } catch (e) {
    const err = e as Error;
    const why = err.name === 'TimeoutError' ? `no answer within ${target.timeoutMs ?? 30_000} ms` : err.message;
    throw new HttpError(`Discourse ${method} ${pathname}: ${why}`, 0);
  }
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

function topicUrl(target: ForumTarget, slug: string, id: number): string {
  return `${base(target)}/t/${slug}/${id}`;
}

/** The topic with this external_id, or null when Discourse has none. */
export async function findTopic(target: ForumTarget, externalId: string): Promise<TopicFound | null> {
  const { status, json } = await request(target, 'GET', `/t/external_id/${encodeURIComponent(externalId)}.json`);
  if (status === 404) return null;
  if (status !== 200) throw new HttpError(`Discourse GET /t/external_id/${externalId}.json answered ${status}`, status);
  const topic = json as { id?: number; slug?: string };
  if (typeof topic?.id !== 'number') throw new HttpError('Discourse answered a topic lookup without a topic id', status);
  return { topicId: topic.id, slug: topic.slug ?? String(topic.id), url: topicUrl(target, topic.slug ?? String(topic.id), topic.id) };
}

/** Creates the topic (POST /posts.json). */
export async function createTopic(target: ForumTarget, payload: TopicPayload): Promise<TopicFound> {
  const { status, json } = await request(target, 'POST', '/posts.json', payload.body);
  if (status !== 200) {
    const errors = (json as { errors?: string[] } | undefined)?.errors;
    throw new HttpError(`Discourse POST /posts.json answered ${status}${errors ? `: ${errors.join('; ')}` : ''}`, status);
  }
  const post = json as { id: number; topic_id: number; topic_slug: string };
  return { topicId: post.topic_id, slug: post.topic_slug, url: topicUrl(target, post.topic_slug, post.topic_id), postId: post.id };
}

/** A reply in an existing topic (POST /posts.json with topic_id): how an amendment reaches followers. */
export async function replyToTopic(target: ForumTarget, topicId: number, raw: string): Promise<{ postId: number; url: string }> {
  const { status, json } = await request(target, 'POST', '/posts.json', { topic_id: topicId, raw });
  if (status !== 200) {
    const errors = (json as { errors?: string[] } | undefined)?.errors;
    throw new HttpError(`Discourse POST /posts.json (reply in topic ${topicId}) answered ${status}${errors ? `: ${errors.join('; ')}` : ''}`, status);
  }
  const post = json as { id: number; topic_id: number; topic_slug: string; post_number?: number };
  return { postId: post.id, url: `${topicUrl(target, post.topic_slug, post.topic_id)}${post.post_number ? `/${post.post_number}` : ''}` };
}

// The official schemas vendored in vendor/schemas/, loaded with ajv exactly as
// vendor/schemas/README.md says, each compiled once (on first use) and cached for the process.
// Exports validate their documents here; the fake GitHub and Discourse servers used in tests
// validate requests and responses here, so a request our code sends is checked against what the
// real service documents, not against our own idea of it.
//
// Every validator returns readable error strings, `<instancePath>: <message>` (empty = valid).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';

/** Checks one value; returns readable errors, `<instancePath>: <message>`; empty means valid. */
export type Validator = (data: unknown) => string[];

export const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../vendor/schemas');

// ajv-formats is CommonJS whose typings declare `export default`; under nodenext TypeScript types
// the default import as the module object, while Node hands over the function itself.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;

type AnyAjv = Ajv | Ajv2020;

function readJson(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(SCHEMA_DIR, relative), 'utf8')) as Record<string, unknown>;
}

// strict: false because the upstream schemas use keywords and type unions that ajv's strict mode
// rejects (README: strictTypes/strictRequired, OpenAPI's `example`, `x-github-…`); allErrors so a
// document with several problems gets all of them at once; no logger, so nothing is printed.
function newAjv(kind: 'draft-07' | '2020-12'): AnyAjv {
  // verbose: errors carry the offending value, so a message can say what was found.
  const options = { strict: false, allErrors: true, verbose: true, logger: false } as const;
  const ajv = kind === 'draft-07' ? new Ajv(options) : new Ajv2020(options);
  addFormats(ajv);
  return ajv;
}

const MAX_ERRORS = 25;
const MAX_ENUM_SHOWN = 12;

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** Turns ajv's errors into lines a person can act on: where, what, and the allowed values. */
export function formatAjvErrors(errors: ErrorObject[] | null | undefined): string[] {
  if (!errors?.length) return [];
  const lines: string[] = [];
  for (const e of errors) {
    // "must match \"then\" schema" only repeats the error reported inside the `then` branch.
    if (e.keyword === 'if') continue;
    const where = e.instancePath === '' ? '/' : e.instancePath;
    let message = e.message ?? `fails the "${e.keyword}" rule`;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties') message += ` (found "${String(params.additionalProperty)}")`;
    else if (e.keyword === 'enum') {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const shown = allowed.slice(0, MAX_ENUM_SHOWN).join(', ');
      message += `: ${shown}${allowed.length > MAX_ENUM_SHOWN ? `, … (${allowed.length} in all)` : ''}`;
    } else if (e.keyword === 'const') message += `: ${JSON.stringify(params.allowedValue)}`;
    else if (e.keyword === 'pattern' && String(params.pattern).length > 120) {
      message = `must match the schema's pattern (${String(params.pattern).slice(0, 100)}…)`;
    }
    if (['enum', 'const', 'pattern', 'format', 'type'].includes(e.keyword) && e.data !== undefined) {
      message += ` (found ${shorten(JSON.stringify(e.data))})`;
    }
    const line = `${where}: ${message}`;
    if (!lines.includes(line)) lines.push(line);
  }
  if (lines.length > MAX_ERRORS) {
    const rest = lines.length - MAX_ERRORS;
    return [...lines.slice(0, MAX_ERRORS), `… and ${rest} more`];
  }
  return lines;
}

function toValidator(fn: ValidateFunction): Validator {
  return (data) => (fn(data) ? [] : formatAjvErrors(fn.errors));
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

// ---------------------------------------------------------------------------------------------
// Export formats

const osv = once(() => toValidator(newAjv('2020-12').compile(readJson('osv/schema.json'))));

const cve = once(() => toValidator(newAjv('draft-07').compile(readJson('cve/CVE_Record_Format_bundled.json'))));

const csaf = once(() => {
  const ajv = newAjv('2020-12');
  // The FIRST CVSS 2.0 and 3.0 schemas are draft-04 and name themselves with `id`, which ajv 8
  // treats as an error; registered under the URLs the CSAF schema's $refs use, without meta-schema
  // validation (Ajv2020 does not know draft-04/07 meta-schemas).
  ajv.removeKeyword('id');
  for (const v of ['2.0', '3.0', '3.1']) {
    ajv.addSchema(readJson(`csaf/referenced_schema/first/cvss-v${v}.json`), `https://www.first.org/cvss/cvss-v${v}.json`, undefined, false);
  }
  return toValidator(ajv.compile(readJson('csaf/json_schema/csaf_json_schema.json')));
});

/** OSV 1.7.x (ossf/osv-schema validation/schema.json). */
export function validateOsv(doc: unknown): string[] {
  return osv()(doc);
}

/** CVE JSON 5 record (CVE Record Format 5.1.1, bundled). */
export function validateCve(doc: unknown): string[] {
  return cve()(doc);
}

/** CSAF 2.0 document (with the FIRST CVSS 2.0/3.0/3.1 schemas it references). */
export function validateCsaf(doc: unknown): string[] {
  return csaf()(doc);
}

const osvEcosystemPattern = once(() => {
  const defs = readJson('osv/schema.json').$defs as Record<string, { pattern?: string }>;
  return new RegExp(defs.ecosystemWithSuffix.pattern!);
});

const osvIdPattern = once(() => {
  const defs = readJson('osv/schema.json').$defs as Record<string, { pattern?: string }>;
  return new RegExp(defs.prefix.pattern!);
});

/** Does the id start with a database prefix OSV knows (e.g. `RSEC-`, `RUSTSEC-`, `GHSA-`)? */
export function isOsvId(id: string): boolean {
  return osvIdPattern().test(id);
}

/**
 * Does OSV know this ecosystem? Read from the vendored schema's own pattern (names such as
 * `crates.io`, `npm`, `PyPI`, optionally with a `:suffix` like `Debian:12`), so a schema update
 * is picked up without a code change.
 */
export function isOsvEcosystem(name: string): boolean {
  return osvEcosystemPattern().test(name);
}

// ---------------------------------------------------------------------------------------------
// OpenAPI descriptions (GitHub extract, Discourse)

type JsonObject = Record<string, unknown>;

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
}

export interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/**
 * OpenAPI 3.0's `nullable: true` is not JSON Schema; ajv honours it only next to `type` and never
 * adds null to an `enum`. Rewrites every such node to `{anyOf: [node without nullable, {type: null}]}`
 * (vendor/schemas/README.md), depth first, returning a new tree.
 */
export function normaliseNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normaliseNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node as JsonObject)) {
    if (k === 'nullable' && v === true) continue;
    out[k] = normaliseNullable(v);
  }
  if ((node as JsonObject).nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

interface Api {
  name: string;
  doc: () => OpenApi;
  ajv: () => AnyAjv;
  normalise: boolean;
  cache: Map<string, Validator>;
}

const github: Api = {
  name: 'GitHub',
  doc: once(() => readJson('github/security-advisories.openapi.json') as unknown as OpenApi),
  ajv: once(() => newAjv('draft-07')),
  normalise: true,
  cache: new Map(),
};

const discourse: Api = {
  name: 'Discourse',
  doc: once(() => readJson('discourse/openapi.json') as unknown as OpenApi),
  ajv: once(() => newAjv('2020-12')),
  normalise: false,
  cache: new Map(),
};

function operation(api: Api, method: string, template: string): OpenApiOperation {
  const item = api.doc().paths[template];
  if (!item) {
    throw new Error(`${api.name} OpenAPI has no path "${template}" — use a path template exactly as in the description, e.g. ${Object.keys(api.doc().paths)[0]}`);
  }
  const op = item[method.toLowerCase()] as OpenApiOperation | undefined;
  if (!op) {
    const methods = Object.keys(item).filter((k) => HTTP_METHODS.includes(k)).map((m) => m.toUpperCase());
    throw new Error(`${api.name} OpenAPI has no ${method.toUpperCase()} ${template} (it documents ${methods.join(', ')})`);
  }
  return op;
}

function jsonSchemaOf(content: Record<string, { schema?: unknown }> | undefined): unknown {
  if (!content) return undefined;
  const key = Object.keys(content).find((k) => k === 'application/json' || /\+json$|\/json$/.test(k));
  return key ? content[key].schema : undefined;
}

function compileFor(api: Api, key: string, schema: unknown): Validator {
  let v = api.cache.get(key);
  if (!v) {
    const prepared = api.normalise ? normaliseNullable(schema) : schema;
    v = toValidator(api.ajv().compile(prepared as JsonObject));
    api.cache.set(key, v);
  }
  return v;
}

function requestValidator(api: Api, method: string, template: string): Validator {
  const op = operation(api, method, template);
  const schema = jsonSchemaOf(op.requestBody?.content);
  if (schema === undefined) {
    throw new Error(`${api.name} OpenAPI documents no JSON request body for ${method.toUpperCase()} ${template}`);
  }
  return compileFor(api, `req ${method.toLowerCase()} ${template}`, schema);
}

function responseValidator(api: Api, method: string, template: string, status: number | string): Validator {
  const op = operation(api, method, template);
  const responses = op.responses ?? {};
  const code = String(status);
  const response = responses[code] ?? responses[`${code[0]}XX`] ?? responses.default;
  if (!response) {
    throw new Error(`${api.name} OpenAPI documents no ${code} response for ${method.toUpperCase()} ${template} (it documents ${Object.keys(responses).join(', ')})`);
  }
  const schema = jsonSchemaOf(response.content);
  // A documented response without a JSON body (e.g. Discourse's 301 redirect): nothing to check
  // but that there is no body.
  if (schema === undefined) {
    return (data) => (data === undefined || data === null || data === '' ? [] : [`/: ${method.toUpperCase()} ${template} ${code} has no JSON body in the ${api.name} description, but one was given`]);
  }
  return compileFor(api, `res ${method.toLowerCase()} ${template} ${code}`, schema);
}

/** Validates the JSON request body of a GitHub operation, e.g. ('POST', '/repos/{owner}/{repo}/security-advisories'). */
export function githubRequestValidator(method: string, pathTemplate: string): Validator {
  return requestValidator(github, method, pathTemplate);
}

/** Validates a GitHub response body for one status code (nullable normalised). */
export function githubResponseValidator(method: string, pathTemplate: string, status: number | string): Validator {
  return responseValidator(github, method, pathTemplate, status);
}

/** Validates the JSON request body of a Discourse operation, e.g. ('POST', '/posts.json'). */
export function discourseRequestValidator(method: string, pathTemplate: string): Validator {
  return requestValidator(discourse, method, pathTemplate);
}

/** Validates a Discourse response body for one status code, e.g. ('GET', '/t/{id}.json', 200). */
export function discourseResponseValidator(method: string, pathTemplate: string, status: number | string): Validator {
  return responseValidator(discourse, method, pathTemplate, status);
}

export interface MatchedOperation {
  /** The path template as the description spells it, e.g. "/t/external_id/{external_id}.json". */
  template: string;
  /** Path parameters, URL-decoded. */
  params: Record<string, string>;
}

function matchPath(api: Api, method: string, urlPath: string): MatchedOperation | null {
  const pathOnly = urlPath.split('?')[0];
  let best: MatchedOperation | null = null;
  let bestLiteral = -1;
  for (const [template, item] of Object.entries(api.doc().paths)) {
    if (!item[method.toLowerCase()]) continue;
    const names: string[] = [];
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const m = new RegExp(`^${pattern}$`).exec(pathOnly);
    if (!m) continue;
    // Prefer the most literal template: /t/external_id/{external_id}.json over /t/{id}.json.
    const literal = template.replace(/\{[^}]+\}/g, '').length;
    if (literal <= bestLiteral) continue;
    const params: Record<string, string> = {};
    names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
    best = { template, params };
    bestLiteral = literal;
  }
  return best;
}

/** Finds the GitHub operation a concrete request path belongs to (for fake servers' routing). */
export function matchGithubOperation(method: string, urlPath: string): MatchedOperation | null {
  return matchPath(github, method, urlPath);
}

/** Finds the Discourse operation a concrete request path belongs to (for fake servers' routing). */
export function matchDiscourseOperation(method: string, urlPath: string): MatchedOperation | null {
  return matchPath(discourse, method, urlPath);
}

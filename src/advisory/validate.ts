// `validateFiles`: every rule of spec §5 over a set of advisory files.
//
// Built for thousands of files (bench/validate.bench.ts):
// - the common case, a valid file, costs one js-yaml parse (core schema, no positions), one zod
//   parse and the body checks, which take the Markdown fast path when it can prove its answer
//   (rules/body-facts.ts);
// - positions are computed only for files that have findings, by parsing them again with the
//   `yaml` package, whose nodes carry source ranges;
// - many files are split in two halves, one validated on a worker thread, one here;
// - cross-file rules (duplicate ids, CVEs, GHSA ids) run on the small keys each file returns.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TeamConfig } from '../config/schema.ts';
import { hidePrivateValues, mapZodIssue, type PendingFinding } from './error-map.ts';
import type { Finding } from './finding.ts';
import { createLocator, type Locator } from './locate.ts';
import { parseFrontmatterFast, splitAdvisory, YamlLimitError, type SplitAdvisory } from './parse.ts';
import { bodyFacts, type BodyFacts } from './rules/body-facts.ts';
import { createFactsCache, readCache, writeCache, type CvssEntries, type FactsCache, type FactsEntries, type StoredCache } from './rules/validation-cache.ts';
import { exportCvssMemo, importCvssMemo } from './cvss.ts';
import type { RuleContext, RuleResult } from './rules/context.ts';
import { RULES } from './rules/index.ts';
import { sharedIdFindings, visibilityKeys, type VisibilityKeys } from './rules/shared-ids.ts';
import { AdvisoryFrontmatter, REQUIRED_BY_STATUS, STATUSES, type Status } from './schema.ts';

export interface ValidateOptions {
  config: TeamConfig;
  now: Date;
  /** Repository root (where disclose.config.yaml is); relative paths are read from the cwd. */
  root?: string;
  /** Use a worker thread from this many files on (default 400); Infinity to stay on one thread. */
  parallelFrom?: number;
  /** Keep parsed-body facts and CVSS scores in `<root>/.disclose/cache/` (default: true when root is given). */
  cache?: boolean;
}

/** What one thread's share of the work gives back. */
interface ChunkResult {
  results: FileResult[];
  /** Body facts the parser computed in this chunk, for the cache. */
  facts: FactsEntries;
  /** CVSS outcomes known to this thread, for the cache. */
  cvss: CvssEntries;
}

export interface ValidationResult {
  findings: Finding[];
  files: number;
}

/** What the cross-file rules need from each file. */
export interface FileKeys extends VisibilityKeys {
  file: string;
  id?: string;
  cves: string[];
  ghsa?: string;
}

export interface FileResult {
  findings: Finding[];
  keys: FileKeys;
}

function position(file: string, line: number, col: number, f: Omit<Finding, 'file' | 'line' | 'col'>): Finding {
  return { file, line, col, ...f };
}

function pendingToFinding(file: string, p: PendingFinding, locator: Locator): Finding {
  const pos = locator.locate(p.at ?? p.path, p.at ? 'value' : p.target);
  return { file, line: pos.line, col: pos.col, severity: p.severity, rule: p.rule, field: p.path.join('.') || 'frontmatter', message: p.message, fix: p.fix };
}

function keysOf(file: string, raw: unknown, split: SplitAdvisory, now: Date): FileKeys {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    ...visibilityKeys(r, split.body, split.bodyLine, now),
    file,
    id: typeof r.id === 'string' ? r.id : undefined,
    cves: Array.isArray(r.cve) ? r.cve.filter((c): c is string => typeof c === 'string') : [],
    ghsa: typeof r.ghsa === 'string' ? r.ghsa : undefined,
  };
}

/**
 * splitAdvisory's result without gray-matter's general machinery, for the usual shape: `---`, the
 * YAML, a `---` line, the body, LF line ends. Anything else goes to splitAdvisory itself; a test
 * checks that both agree on every fixture.
 */
export function splitQuick(source: string): SplitAdvisory | null {
  if (!source.startsWith('---\n') || source[4] === '-' || source.includes('\r')) return splitAdvisory(source);
  const close = source.indexOf('\n---', 3);
  if (close <= 4 || (close + 4 < source.length && source[close + 4] !== '\n')) return splitAdvisory(source);
  const frontmatter = source.slice(4, close);
  if (frontmatter.trim() === '' || frontmatter.startsWith('\n')) return splitAdvisory(source);
  let bodyStart = Math.min(close + 5, source.length);
  let bodyLine = 3 + countLines(frontmatter);
  if (source[bodyStart] === '\n') {
    bodyStart++;
    bodyLine++;
  }
  return { frontmatter, body: source.slice(bodyStart), frontmatterLine: 2, bodyLine };
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Validates one file's text. Everything except the cross-file rules. */
export function validateSource(file: string, source: string, opts: ValidateOptions, cache?: FactsCache): FileResult {
  const split = splitQuick(source);
  if (!split) {
    return {
      findings: [position(file, 1, 1, { severity: 'error', rule: 'frontmatter', field: 'frontmatter', message: 'the file does not start with a YAML frontmatter block', fix: 'start the file with a line "---", the frontmatter, and another "---" (run `npm run new` for a skeleton)' })],
      keys: { file, cves: [] },
    };
  }
  let locator: Locator | undefined;
  const locate = () => (locator ??= createLocator(split.frontmatter, split.frontmatterLine));

  let raw: unknown;
  try {
    raw = parseFrontmatterFast(split.frontmatter);
  } catch (e) {
    if (e instanceof YamlLimitError) return { findings: [e.finding(file, split.frontmatterLine)], keys: { file, cves: [] } };
    const precise = locate().syntaxError();
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const reason = precise?.message ?? (e as { reason?: string }).reason ?? (e as Error).message.split('\n')[0];
    const pos = precise?.position ?? { line: split.frontmatterLine + (mark?.line ?? 0), col: (mark?.column ?? 0) + 1 };
    return {
      findings: [position(file, pos.line, pos.col, { severity: 'error', rule: 'yaml', field: 'frontmatter', message: `invalid YAML: ${reason}`, fix: 'fix the YAML syntax (quote values that contain ": " or start with a special character)' })],
      keys: { file, cves: [] },
    };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      findings: [position(file, split.frontmatterLine, 1, { severity: 'error', rule: 'frontmatter', field: 'frontmatter', message: 'the frontmatter is not a map of keys', fix: 'write `key: value` lines between the `---` lines' })],
      keys: { file, cves: [] },
    };
  }

  const pending: RuleResult[] = [];
  const parsed = AdvisoryFrontmatter.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) pending.push(...mapZodIssue(issue, raw));
  const status = (raw as Record<string, unknown>).status;
  if (typeof status === 'string' && (STATUSES as readonly string[]).includes(status)) {
    for (const key of REQUIRED_BY_STATUS[status as Status]) {
      if ((raw as Record<string, unknown>)[key] === undefined) {
        pending.push({ severity: 'error', rule: 'required', path: [key], at: ['status'], target: 'value', message: `is required when status is ${status}`, fix: `add \`${key}:\` (see docs/advisory-format.md)` });
      }
    }
  }
  // A misspelt key already says "did you mean severity?"; "severity is required" would repeat it.
  const suggested = new Set(pending.flatMap((p) => (p.rule === 'unknown-key' ? [/did you mean "([^"]+)"/.exec(p.message)?.[1]] : [])));
  for (let i = pending.length - 1; i >= 0; i--) {
    const p = pending[i];
    if (p.rule === 'required' && p.path.length === 1 && suggested.has(String(p.path[0]))) pending.splice(i, 1);
  }
  // The other rules read typed data, so they run once the frontmatter passes the schema.
  if (parsed.success && pending.length === 0) {
    let facts: BodyFacts | undefined;
    const ctx: RuleContext = {
      file,
      data: parsed.data,
      body: split.body,
      bodyLine: split.bodyLine,
      config: opts.config,
      now: opts.now,
      facts: () => (facts ??= bodyFacts(split.body, cache)),
    };
    for (const rule of RULES) pending.push(...rule(ctx));
  }

  const findings = pending.map((p) =>
    'line' in p
      ? { file, line: p.line, col: p.col, severity: p.severity, rule: p.rule, field: 'body', message: p.message, fix: p.fix }
      : pendingToFinding(file, p, locate()),
  );
  return { findings: hidePrivateValues(findings, raw), keys: keysOf(file, raw, split, opts.now) };
}

/** Validates files one after the other on this thread. */
export function validateChunk(paths: readonly string[], opts: ValidateOptions, cached?: StoredCache): ChunkResult {
  const cache = cached ? createFactsCache(cached.facts) : undefined;
  if (cached) importCvssMemo(cached.cvss);
  const results = paths.map((file) => {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (e) {
      return {
        findings: [position(file, 1, 1, { severity: 'error', rule: 'read', field: 'file', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'check the path' })],
        keys: { file, cves: [] },
      };
    }
    return validateSource(file, source, opts, cache);
  });
  // Without a cache there is nothing to hand back (exporting the CVSS memo is not free).
  return { results, facts: cache?.added() ?? {}, cvss: cached ? exportCvssMemo() : {} };
}

function inWorker(paths: readonly string[], opts: ValidateOptions, cached: StoredCache | undefined): Promise<ChunkResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./validate-worker.ts', import.meta.url), {
      workerData: { paths, config: opts.config, now: opts.now.toISOString(), cached },
    });
    worker.once('message', (results: ChunkResult) => {
      resolve(results);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`validation worker exited with code ${code}`));
    });
  });
}

/**
 * Duplicate ids, CVEs and GHSA ids across files: reported on every file after the first. And a
 * public file naming the CVE or GHSA id of a file that is not public (rules/shared-ids.ts).
 */
export function crossFileFindings(all: readonly FileKeys[]): Finding[] {
  const pending = new Map<string, PendingFinding[]>();
  const firstOf = new Map<string, string>();
  const claim = (kind: string, value: string, file: string, p: Omit<PendingFinding, 'message'>, what: string) => {
    const key = `${kind}\0${value}`;
    const first = firstOf.get(key);
    if (first === undefined) {
      firstOf.set(key, file);
      return;
    }
    if (first === file) return; // a repeat inside one file is the `duplicate` rule's finding
    const list = pending.get(file) ?? [];
    list.push({ ...p, message: `${what} ${value} is already used by ${first}` });
    pending.set(file, list);
  };
  for (const k of all) {
    if (k.id) claim('id', k.id, k.file, { severity: 'error', rule: 'duplicate-id', path: ['id'], target: 'value', fix: 'run `npm run new` for a free id, and rename the file' }, 'the id');
    k.cves.forEach((c, i) => claim('cve', c, k.file, { severity: 'error', rule: 'duplicate-cve', path: ['cve', i], target: 'value', fix: 'one CVE belongs to one advisory: remove it here or there' }, 'the CVE'));
    if (k.ghsa) claim('ghsa', k.ghsa, k.file, { severity: 'error', rule: 'duplicate-ghsa', path: ['ghsa'], target: 'value', fix: 'check which advisory the GitHub advisory belongs to' }, 'the GHSA id');
  }
  const findings: Finding[] = [];
  // A public advisory that names the CVE or GHSA id of one that is not public (rules/shared-ids.ts).
  for (const s of sharedIdFindings(all)) {
    if ('pending' in s) pending.set(s.file, [...(pending.get(s.file) ?? []), s.pending]);
    else findings.push({ file: s.file, line: s.body.line, col: s.body.col, severity: 'error', rule: s.body.rule, field: 'body', message: s.body.message, fix: s.body.fix });
  }
  for (const [file, list] of pending) {
    const split = splitAdvisory(readFileSync(file, 'utf8'))!;
    const locator = createLocator(split.frontmatter, split.frontmatterLine);
    // The repeated value (a CVE, an id) may equal one of this file's private values.
    for (const p of hidePrivateValues(list, parseFrontmatterFast(split.frontmatter))) findings.push(pendingToFinding(file, p, locator));
  }
  return findings;
}

export async function validateFiles(paths: readonly string[], opts: ValidateOptions): Promise<ValidationResult> {
  const parallelFrom = opts.parallelFrom ?? 400;
  const useCache = (opts.cache ?? true) && opts.root !== undefined;
  const cached = useCache ? readCache(opts.root!) : undefined;
  let chunks: ChunkResult[];
  if (paths.length >= parallelFrom && availableParallelism() > 1) {
    // The worker needs ~0.1 s to load its modules; give it a little less than half.
    const cut = Math.floor(paths.length * 0.46);
    const theirs = inWorker(paths.slice(0, cut), opts, cached);
    const mine = validateChunk(paths.slice(cut), opts, cached);
    chunks = [await theirs, mine];
  } else {
    chunks = [validateChunk(paths, opts, cached)];
  }
  const results = chunks.flatMap((c) => c.results);
  if (cached) {
    const facts = Object.assign({}, cached.facts, ...chunks.map((c) => c.facts)) as FactsEntries;
    const cvss = Object.assign({}, cached.cvss, ...chunks.map((c) => c.cvss)) as CvssEntries;
    // Rewrite only when something was learnt: a warm run over unchanged files writes nothing.
    if (Object.keys(facts).length > Object.keys(cached.facts).length || Object.keys(cvss).length > Object.keys(cached.cvss).length) {
      writeCache(opts.root!, { facts, cvss });
    }
  }
  const order = new Map(paths.map((p, i) => [p, i]));
  const findings = results.flatMap((r) => r.findings).concat(crossFileFindings(results.map((r) => r.keys)));
  findings.sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.line - b.line || a.col - b.col);
  return { findings, files: paths.length };
}

export function countBySeverity(findings: readonly Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const f of findings) if (f.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}

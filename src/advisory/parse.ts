// Reading an advisory file: gray-matter splits frontmatter from body, and the YAML is parsed with
// the core schema (no implicit timestamps: `2026-12-08T17:00` must stay a string so that a missing
// zone is reported instead of silently becoming UTC).
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { InputError } from '../errors.ts';
import { markdownNestingProblem } from '../markdown/nesting.ts';
import { hidePrivateValues, mapZodIssue } from './error-map.ts';
import { formatFinding, type Finding } from './finding.ts';
import { createLocator } from './locate.ts';
import { checkYamlSize, MAX_YAML_DEPTH, YamlLimitError } from './yaml-limits.ts';
import { AdvisoryFrontmatter, type Advisory } from './schema.ts';

export interface SplitAdvisory {
  /** The raw YAML between the `---` lines. */
  frontmatter: string;
  body: string;
  /** 1-based line number of the frontmatter's first line (the line after the opening `---`). */
  frontmatterLine: number;
  /** 1-based line number of the body's first line. */
  bodyLine: number;
}

export { YamlLimitError } from './yaml-limits.ts';

const engines = {
  yaml: {
    stringify: () => {
      throw new Error('disclose writes YAML with src/advisory/write.ts, not gray-matter');
    },
  },
};

/** Splits a file into frontmatter and body; null when the file has no frontmatter block. */
export function splitAdvisory(source: string): SplitAdvisory | null {
  // A UTF-8 byte order mark (some Windows editors write one) is not text: drop it. It sits before
  // the first line, so every line number stays what it was.
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  if (!/^---\r?\n/.test(source)) return null;
  // gray-matter caches by input string when given no options; we pass options to keep memory flat.
  const parsed = matter(source, { engines: { yaml: { parse: () => ({}), stringify: engines.yaml.stringify } } });
  const frontmatter = parsed.matter.replace(/^\r?\n/, '');
  const fmLines = frontmatter.length === 0 ? 0 : frontmatter.split('\n').length - (frontmatter.endsWith('\n') ? 1 : 0);
  // gray-matter already dropped the line end after the closing ---; one more blank line is dropped
  // here, and counted, so that body line numbers stay file line numbers.
  const body = parsed.content.replace(/^\r?\n/, '');
  const skipped = body.length === parsed.content.length ? 0 : 1;
  const bodyLine = 1 + 1 + fmLines + 1 + skipped; // opening ---, frontmatter lines, closing ---
  return { frontmatter, body, frontmatterLine: 2, bodyLine };
}

/**
 * Parses frontmatter YAML quickly (no positions): the one YAML parse of an advisory. Throws the YAML
 * syntax error as is, and YamlLimitError (located) for nesting deeper than MAX_YAML_DEPTH or
 * aliases that expand beyond any advisory's size (a "billion laughs" ran validate out of memory).
 */
export function parseFrontmatterFast(frontmatter: string): unknown {
  let raw: unknown;
  try {
    // maxDepth is a js-yaml 4.3 option its type definitions do not list yet.
    raw = yaml.load(frontmatter, { schema: yaml.CORE_SCHEMA, maxDepth: MAX_YAML_DEPTH } as yaml.LoadOptions);
  } catch (e) {
    throw YamlLimitError.fromDepthError(e) ?? e;
  }
  checkYamlSize(raw, frontmatter);
  return raw;
}

/**
 * Loads one advisory for the commands that act on it (render, publish, site). It refuses a file
 * that does not pass the schema; `npm run validate` gives the full, located report.
 */
export async function loadAdvisory(file: string): Promise<Advisory> {
  const source = await readFile(file, 'utf8');
  return parseAdvisory(file, source);
}

export function parseAdvisory(file: string, source: string): Advisory {
  const split = splitAdvisory(source);
  if (!split) throw new InputError(`${file}:1:1: error [frontmatter] file: no YAML frontmatter — start the file with a line "---", the frontmatter, and another "---"`);
  let raw: unknown;
  try {
    raw = parseFrontmatterFast(split.frontmatter);
  } catch (e) {
    if (e instanceof YamlLimitError) throw new InputError(formatFinding(e.finding(file, split.frontmatterLine)));
    throw new InputError(`${file}: the frontmatter is not valid YAML (${(e as Error).message.split('\n')[0]}) — run \`npm run validate -- ${file}\` for the exact place`);
  }
  return validateAdvisory(file, split, raw);
}

/**
 * The schema step of parseAdvisory, for a caller that has already split the file and parsed its
 * YAML with parseFrontmatterFast (the site's loader looks at `status` and `embargo` first).
 */
export function validateAdvisory(file: string, split: SplitAdvisory, raw: unknown): Advisory {
  const result = AdvisoryFrontmatter.safeParse(raw);
  if (!result.success) {
    // The same located findings as `npm run validate` (schema part), one per line.
    const locator = createLocator(split.frontmatter, split.frontmatterLine);
    const pending = hidePrivateValues(result.error.issues.flatMap((issue) => mapZodIssue(issue, raw)), raw);
    const lines = pending.map((p) => {
      const pos = locator.locate(p.path, p.target);
      return formatFinding({ file, line: pos.line, col: pos.col, severity: p.severity, rule: p.rule, field: p.path.join('.') || 'frontmatter', message: p.message, fix: p.fix });
    });
    throw new InputError(`${lines.join('\n')}\n(run \`npm run validate -- ${file}\` for every rule)`);
  }
  // Every renderer parses the body; one too deep for the parser is refused here, located, instead
  // of as a stack overflow deep inside a channel or the site build.
  const deep = markdownNestingProblem(split.body);
  if (deep) {
    throw new InputError(formatFinding({ file, line: split.bodyLine + deep.line - 1, col: deep.col, severity: 'error', rule: 'body-nesting', field: 'body', message: deep.message, fix: deep.fix }));
  }
  return { data: result.data, body: split.body, file, bodyLine: split.bodyLine };
}

/** A Markdown file in advisories/ that disclose would not read: `.MD`, `.Md`, `.markdown`, … */
export interface MisnamedAdvisory {
  file: string;
  /** The name it must have, e.g. RSEC-2026-0001.md. */
  rename: string;
}

export interface AdvisoryFileScan {
  /** Every `*.md` file, sorted by name. */
  files: string[];
  misnamed: MisnamedAdvisory[];
}

const MARKDOWN_NAME = /\.(?:md|markdown)$/i;

/** Lists advisories/ once: the advisory files, and every other Markdown file, which must not be skipped silently. */
export async function scanAdvisoryFiles(dir: string): Promise<AdvisoryFileScan> {
  const names = (await readdir(dir)).sort();
  const files: string[] = [];
  const misnamed: MisnamedAdvisory[] = [];
  for (const name of names) {
    if (name.endsWith('.md')) files.push(path.join(dir, name));
    else if (MARKDOWN_NAME.test(name)) misnamed.push({ file: path.join(dir, name), rename: name.replace(MARKDOWN_NAME, '.md') });
  }
  return { files, misnamed };
}

/** validate's finding for a misnamed file, at its first line. */
export function misnamedFinding(m: MisnamedAdvisory, shownAs = m.file): Finding {
  return { file: shownAs, line: 1, col: 1, severity: 'error', rule: 'file-name', field: 'file', message: `"${path.basename(m.file)}" is not read by disclose: advisories are <ID>.md files`, fix: `rename it to ${m.rename}` };
}

/**
 * Every `advisories/*.md` file, sorted by name. Refuses (exit 1) when advisories/ holds a Markdown
 * file under another extension or case: a command that lists advisories (publish's preflight, the
 * site, status) would otherwise act as if it did not exist. `npm run validate` reports each one.
 */
export async function listAdvisoryFiles(dir: string): Promise<string[]> {
  const { files, misnamed } = await scanAdvisoryFiles(dir);
  if (misnamed.length > 0) {
    throw new InputError(misnamed.map((m) => formatFinding(misnamedFinding(m))).join('\n'));
  }
  return files;
}

export async function loadAllAdvisories(dir: string): Promise<Advisory[]> {
  return Promise.all((await listAdvisoryFiles(dir)).map(loadAdvisory));
}

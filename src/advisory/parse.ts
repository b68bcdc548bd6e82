// Reading an advisory file: gray-matter splits frontmatter from body, and the YAML is parsed with
// the core schema (no implicit timestamps: `2026-12-08T17:00` must stay a string so that a missing
// zone is reported instead of silently becoming UTC).
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { InputError } from '../errors.ts';
import { mapZodIssue } from './error-map.ts';
import { formatFinding } from './finding.ts';
import { createLocator } from './locate.ts';
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

const engines = {
  yaml: {
    parse: (s: string) => yaml.load(s, { schema: yaml.CORE_SCHEMA }) as object,
    stringify: () => {
      throw new Error('disclose writes YAML with src/advisory/write.ts, not gray-matter');
    },
  },
};

/** Splits a file into frontmatter and body; null when the file has no frontmatter block. */
export function splitAdvisory(source: string): SplitAdvisory | null {
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

/** Parses frontmatter YAML quickly (no positions). Throws the YAML error as is. */
export function parseFrontmatterFast(frontmatter: string): unknown {
  return yaml.load(frontmatter, { schema: yaml.CORE_SCHEMA });
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
    const lines = result.error.issues.flatMap((issue) => mapZodIssue(issue, raw)).map((p) => {
      const pos = locator.locate(p.path, p.target);
      return formatFinding({ file, line: pos.line, col: pos.col, severity: p.severity, rule: p.rule, field: p.path.join('.') || 'frontmatter', message: p.message, fix: p.fix });
    });
    throw new InputError(`${lines.join('\n')}\n(run \`npm run validate -- ${file}\` for every rule)`);
  }
  return { data: result.data, body: split.body, file, bodyLine: split.bodyLine };
}

/** Every `advisories/*.md` file, sorted by name. */
export async function listAdvisoryFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => n.endsWith('.md')).sort().map((n) => path.join(dir, n));
}

export async function loadAllAdvisories(dir: string): Promise<Advisory[]> {
  return Promise.all((await listAdvisoryFiles(dir)).map(loadAdvisory));
}

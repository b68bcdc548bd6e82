// Loads and validates disclose.config.yaml with the same located errors as advisories.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { InputError } from '../errors.ts';
import { TeamConfig } from './schema.ts';

export const CONFIG_FILE = 'disclose.config.yaml';

export async function loadConfig(root = process.cwd()): Promise<TeamConfig> {
  const file = path.join(root, CONFIG_FILE);
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    throw new InputError(`${file}: not found — every disclose repository has a ${CONFIG_FILE} at its root (see docs/configuration.md)`);
  }
  return parseConfig(file, source);
}

export function parseConfig(file: string, source: string): TeamConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    throw new InputError(`${file}:${pos.line}:${pos.col}: error [yaml] config: ${e.message.split('\n')[0]} — fix the YAML syntax`);
  }
  const result = TeamConfig.safeParse(doc.toJS());
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number, number] } | undefined;
    let offset = node?.range?.[0];
    if (offset === undefined) {
      const parent = doc.getIn(issue.path.slice(0, -1) as (string | number)[], true) as { range?: [number, number] } | undefined;
      offset = parent?.range?.[0] ?? 0;
    }
    const pos = lineCounter.linePos(offset);
    const field = issue.path.join('.') || 'config';
    return `${file}:${pos.line}:${pos.col}: error [config] ${field}: ${issue.message} — see docs/configuration.md`;
  });
  throw new InputError(lines.join('\n'));
}

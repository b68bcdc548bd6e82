// `npm run new`: the next free id for the year and a file with the canonical body (spec §6), so a
// responder starts from the shape every channel expects instead of from a blank page.
import { randomUUID } from 'node:crypto';
import { link, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { RefusedError } from '../errors.ts';
import type { Severity, Status } from './schema.ts';

export interface ScaffoldInput {
  title: string;
  summary?: string;
  severity?: Severity;
  status?: Extract<Status, 'draft' | 'embargoed'>;
  cve?: string[];
  embargo?: string;
  /** Replaces the default `private` notes placeholder (intake records the reporter here). */
  private?: Record<string, unknown>;
}

/** The next id after the highest one of `year` among files and folders in `dir`. */
export async function nextId(dir: string, prefix: string, year: number): Promise<string> {
  let names: string[] = [];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const pattern = new RegExp(`^${prefix}-${year}-(\\d{4,})(?:\\.md)?$`);
  let max = 0;
  for (const n of names) {
    const m = pattern.exec(n);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}-${year}-${String(max + 1).padStart(4, '0')}`;
}

export function scaffoldText(id: string, input: ScaffoldInput, projectName: string): string {
  const data: Record<string, unknown> = {
    id,
    title: input.title,
    summary: input.summary ?? input.title,
    status: input.status ?? 'draft',
  };
  if (input.severity) data.severity = input.severity;
  if (input.cve?.length) data.cve = input.cve;
  if (input.embargo) data.embargo = input.embargo;
  data.private = input.private ?? { triage_notes: 'Who reported it, how to reach them, what was reproduced.' };
  const cves = input.cve ?? [];
  const severity = input.severity ?? 'TODO';
  const cveSentence =
    cves.length === 0 ? 'No CVE has been assigned yet.' : cves.length === 1 ? `This issue has been assigned ${cves[0]}.` : `They have been assigned ${cves.slice(0, -1).join(', ')} and ${cves[cves.length - 1]}.`;
  const overview =
    cves.length > 1
      ? cves.map((c) => `## ${c}: TODO short name\n\nTODO: what is wrong, and how the fix works.\n`).join('\n')
      : '## Overview\n\nTODO: what is wrong, who is affected, and how the fix works.\n';
  const body = [
    `The ${projectName} Security Response team was notified that TODO. An attacker could TODO.`,
    '',
    `The severity of this vulnerability is **${severity}**. ${cveSentence}`,
    '',
    overview,
    '## Affected Versions',
    '',
    'TODO: which versions, platforms and configurations are affected.',
    '',
    '## Mitigations',
    '',
    'TODO: the fixed version, and what to do until users can update ("No action is needed" is fine).',
    '',
    '## Acknowledgments',
    '',
  ].join('\n');
  // Timestamps stay quoted so that YAML never turns them into dates.
  const yamlText = stringify(data, { defaultStringType: 'PLAIN', lineWidth: 0 }).replace(/^(\s*[A-Za-z_]+): (\d{4}-\d{2}-\d{2}T[^\s"']+)$/gm, '$1: "$2"');
  return `---\n${yamlText}---\n${body}`;
}

/**
 * Writes the new advisory without ever replacing a file: the text goes to a temporary file that is
 * then hard-linked to the final name (link fails if the name exists, and the file appears whole).
 */
export async function createAdvisory(dir: string, prefix: string, year: number, input: ScaffoldInput, projectName: string): Promise<{ id: string; file: string }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = await nextId(dir, prefix, year);
    const file = path.join(dir, `${id}.md`);
    const tmp = path.join(dir, `.${id}.md.${randomUUID()}.tmp`);
    await writeFile(tmp, scaffoldText(id, input, projectName), { flag: 'wx' });
    try {
      await link(tmp, file);
      return { id, file };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      await unlink(tmp);
    }
  }
  throw new RefusedError(`could not find a free id in ${dir}: another process keeps taking them — try again`);
}

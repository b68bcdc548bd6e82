// `npm run import`: source files in, advisories out. For each record: read it, skip it when an
// advisory already carries one of its ids, take the next free id of its publication year, build the
// file, validate it with the same validator as `npm run validate`, and only then write it (a temp
// file hard-linked to the final name: never a half-written or overwritten advisory).
import { randomUUID } from 'node:crypto';
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { nextId } from '../advisory/scaffold.ts';
import { validateSource } from '../advisory/validate.ts';
import type { Finding } from '../advisory/finding.ts';
import type { Severity } from '../advisory/schema.ts';
import type { TeamConfig } from '../config/schema.ts';
import { advisoryText, NeedsSeverity } from './advisory-text.ts';
import { aliasIndex } from './existing.ts';
import { readRecord } from './read.ts';
import { UnreadableRecord, type SourceKind } from './record.ts';

export interface ImportOptions {
  root: string;
  config: TeamConfig;
  now: Date;
  dryRun?: boolean;
  missingSeverity?: Severity;
  /** Called after each file (for progress). */
  progress?: (done: number, total: number, file: string) => void;
}

export type ImportOutcome =
  | { source: string; status: 'imported'; kind: SourceKind; sourceId: string; id: string; file: string; ids: string[]; unmapped: string[]; warnings: Finding[] }
  | { source: string; status: 'skipped'; kind: SourceKind; sourceId: string; existing: string; reason: string }
  | { source: string; status: 'failed'; sourceId?: string; kind?: SourceKind; reason: string; findings?: Finding[] };

/** Writes `text` as `<dir>/<id>.md` unless that name exists (then false: the id was taken meanwhile). */
async function writeNew(dir: string, id: string, text: string): Promise<boolean> {
  const file = path.join(dir, `${id}.md`);
  const tmp = path.join(dir, `.${id}.md.${randomUUID()}.tmp`);
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    await link(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp);
  }
}

export async function importSources(files: readonly string[], opts: ImportOptions): Promise<ImportOutcome[]> {
  const dir = path.join(opts.root, 'advisories');
  if (!opts.dryRun) await mkdir(dir, { recursive: true });
  const known = await aliasIndex(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return new Map<string, string>();
    throw e;
  });
  // Ids given out in this run (a dry run writes nothing, so nextId alone would repeat them).
  const taken = new Set<string>();
  const outcomes: ImportOutcome[] = [];
  for (const [i, source] of files.entries()) {
    outcomes.push(await importOne(source, dir, known, taken, opts));
    opts.progress?.(i + 1, files.length, source);
  }
  return outcomes;
}

async function importOne(source: string, dir: string, known: Map<string, string>, taken: Set<string>, opts: ImportOptions): Promise<ImportOutcome> {
  let record;
  try {
    record = await readRecord(source);
  } catch (e) {
    if (e instanceof UnreadableRecord) return { source, status: 'failed', reason: e.message };
    throw e;
  }
  const existing = record.ids.map((i) => [i, known.get(i)] as const).find(([, adv]) => adv !== undefined);
  if (existing) {
    return { source, status: 'skipped', kind: record.kind, sourceId: record.sourceId, existing: existing[1]!, reason: `${existing[0]} is already in ${existing[1]}` };
  }
  const year = new Date(record.published).getUTCFullYear();
  for (let attempt = 0; attempt < 5; attempt++) {
    let id = await nextId(dir, opts.config.id_prefix, year);
    while (taken.has(id)) id = id.replace(/(\d+)$/, (n) => String(Number(n) + 1).padStart(n.length, '0'));
    let built;
    try {
      built = advisoryText(id, record, { missingSeverity: opts.missingSeverity });
    } catch (e) {
      if (e instanceof NeedsSeverity) return { source, status: 'failed', kind: record.kind, sourceId: record.sourceId, reason: e.message };
      throw e;
    }
    const file = path.join(dir, `${id}.md`);
    const result = validateSource(file, built.text, { config: opts.config, now: opts.now, root: opts.root });
    const errors = result.findings.filter((f) => f.severity === 'error');
    if (errors.length) {
      return { source, status: 'failed', kind: record.kind, sourceId: record.sourceId, reason: `the advisory made from it does not validate (${errors.length} error${errors.length > 1 ? 's' : ''})`, findings: errors };
    }
    if (!opts.dryRun && !(await writeNew(dir, id, built.text))) continue;
    taken.add(id);
    for (const alias of built.ids) if (!known.has(alias)) known.set(alias, id);
    return { source, status: 'imported', kind: record.kind, sourceId: record.sourceId, id, file, ids: built.ids, unmapped: [...record.unmapped, ...built.notes], warnings: result.findings };
  }
  return { source, status: 'failed', kind: record.kind, sourceId: record.sourceId, reason: 'could not find a free id: another process keeps taking them — try again' };
}

// The journal of one live send: what has started and finished, per step, on disk, so a run that
// was killed, lost its network or was refused half way is resumed without sending anything twice.
// A step is recorded `started` (with its idempotency key) and fsync'd BEFORE its side effect, and
// `done` (with evidence) after. The file is validated on load: a damaged or foreign journal is
// refused (exit 3), never read as "nothing was sent". States and rules: src/engine/README.md.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RefusedError } from '../errors.ts';

const stepRecord = z.strictObject({
  state: z.enum(['started', 'done', 'failed']),
  key: z.string().min(1),
  startedAt: z.string().min(1),
  finishedAt: z.string().optional(),
  evidence: z.record(z.string(), z.string()).optional(),
  reason: z.string().optional(),
  attempts: z.number().int().positive(),
});

const journalSchema = z.strictObject({
  version: z.literal(1),
  id: z.string().min(1),
  steps: z.record(z.string(), stepRecord),
  log: z.array(z.strictObject({ at: z.string(), event: z.string() })),
});

export type StepRecord = z.infer<typeof stepRecord>;
export type StepState = StepRecord['state'];
export type JournalData = z.infer<typeof journalSchema>;

export function journalPath(root: string, id: string): string {
  return path.join(root, '.disclose', 'journal', `${id}.json`);
}

/** Writes a file so that a crash leaves either the old or the new content, never a mix. */
export async function writeFileDurably(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  // The rename itself must reach the disk too, or a power cut could bring back the old file.
  const dir = await open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

function damaged(file: string, what: string): RefusedError {
  return new RefusedError(
    `${file}: ${what} — a journal is only ever replaced atomically, so this is damage from outside. Nothing was sent. ` +
      'Inspect it (and the remotes) and restore it; move it away only if you know which steps were sent.',
  );
}

/** The journal's content, checked; throws RefusedError naming the file and the first problems. */
export function parseJournal(file: string, id: string, text: string): JournalData {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw damaged(file, `not valid JSON (${(e as Error).message})`);
  }
  const parsed = journalSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw damaged(file, `not a valid disclose journal (${problems.join('; ')})`);
  }
  if (parsed.data.id !== id) throw damaged(file, `it is the journal of ${parsed.data.id}, not of ${id}`);
  // A journal file that exists records at least one event; an empty one was not written by us.
  if (Object.keys(parsed.data.steps).length === 0 && parsed.data.log.length === 0) throw damaged(file, 'it records no step and no event');
  return parsed.data;
}

export class Journal {
  readonly file: string;
  data: JournalData;
  private readonly clock: () => Date;
  /** Called before every write that precedes a side effect (the lock's ownership check). */
  guard?: () => Promise<void>;

  private constructor(file: string, data: JournalData, clock: () => Date) {
    this.file = file;
    this.data = data;
    this.clock = clock;
  }

  /** Opens the journal of `id`; a missing file is an empty journal (not yet written). */
  static async open(root: string, id: string, clock: () => Date = () => new Date()): Promise<Journal> {
    const file = journalPath(root, id);
    let data: JournalData = { version: 1, id, steps: {}, log: [] };
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (text !== undefined) data = parseJournal(file, id, text);
    return new Journal(file, data, clock);
  }

  get exists(): boolean {
    return Object.keys(this.data.steps).length > 0 || this.data.log.length > 0;
  }

  step(id: string): StepRecord | undefined {
    return this.data.steps[id];
  }

  isDone(id: string): boolean {
    return this.data.steps[id]?.state === 'done';
  }

  /** Records the intent before the side effect; returns once it is on disk. */
  async started(id: string, key: string): Promise<void> {
    const prev = this.data.steps[id];
    this.data.steps[id] = {
      state: 'started',
      key,
      startedAt: this.clock().toISOString(),
      attempts: (prev?.attempts ?? 0) + 1,
      // Keep partial evidence (e.g. a GHSA created but not yet published) across attempts.
      ...(prev?.evidence ? { evidence: prev.evidence } : {}),
    };
    await this.save();
  }

  /** Adds evidence of a partial effect (e.g. the GHSA id after create, before publish). */
  async progress(id: string, evidence: Record<string, string>): Promise<void> {
    const rec = this.data.steps[id];
    if (!rec) throw new Error(`journal: progress on step ${id} that was never started`);
    rec.evidence = { ...rec.evidence, ...evidence };
    await this.save();
  }

  async done(id: string, key: string, evidence: Record<string, string>): Promise<void> {
    const prev = this.data.steps[id];
    this.data.steps[id] = {
      state: 'done',
      key,
      startedAt: prev?.startedAt ?? this.clock().toISOString(),
      finishedAt: this.clock().toISOString(),
      evidence: { ...prev?.evidence, ...evidence },
      attempts: prev?.attempts ?? 1,
    };
    await this.save();
  }

  /** A definitive refusal by the remote: nothing was delivered, so a re-run may try again. */
  async failed(id: string, reason: string): Promise<void> {
    const rec = this.data.steps[id];
    if (!rec) throw new Error(`journal: failure on step ${id} that was never started`);
    rec.state = 'failed';
    rec.reason = reason;
    rec.finishedAt = this.clock().toISOString();
    await this.save();
  }

  async note(event: string): Promise<void> {
    this.data.log.push({ at: this.clock().toISOString(), event });
    await this.save();
  }

  async save(): Promise<void> {
    await this.guard?.();
    await writeFileDurably(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
  }
}

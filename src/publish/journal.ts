// The release-day journal: what publish has started and finished, per step, on disk, so a run that
// was killed, lost its network or was refused half way can be resumed without sending anything
// twice. A step is recorded `started` (with its idempotency key) and fsync'd BEFORE its side
// effect, and `done` (with evidence) after. See src/publish/README.md for the states and rules.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';

export type StepState = 'started' | 'done' | 'failed';

export interface StepRecord {
  state: StepState;
  /** What makes the side effect recognisable on the remote (Message-ID, external_id, marker, path). */
  key: string;
  startedAt: string;
  finishedAt?: string;
  /** Proof of the effect: Message-ID, post and topic id, GHSA id, commit sha, URL. */
  evidence?: Record<string, string>;
  /** For `failed`: what the remote said. A definitive refusal (SMTP 5xx) means nothing was sent. */
  reason?: string;
  /** How many times the step was started (a resumed run increments it). */
  attempts: number;
}

export interface JournalData {
  version: 1;
  id: string;
  steps: Record<string, StepRecord>;
  /** Free-form history: run starts, refusals, resumptions; newest last. */
  log: { at: string; event: string }[];
}

export function journalPath(root: string, id: string): string {
  return path.join(root, '.disclose', 'journal', `${id}.json`);
}

/** Writes a file so that a crash leaves either the old or the new content, never a mix. */
export async function writeFileDurably(file: string, content: string): Promise<void> {
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

export class Journal {
  readonly file: string;
  data: JournalData;
  private readonly clock: () => Date;

  private constructor(file: string, data: JournalData, clock: () => Date) {
    this.file = file;
    this.data = data;
    this.clock = clock;
  }

  /** Opens the journal of one advisory; a missing file is an empty journal (not yet written). */
  static async open(root: string, id: string, clock: () => Date = () => new Date()): Promise<Journal> {
    const file = journalPath(root, id);
    let data: JournalData = { version: 1, id, steps: {}, log: [] };
    try {
      const text = await readFile(file, 'utf8');
      try {
        data = JSON.parse(text) as JournalData;
      } catch (e) {
        throw new InputError(`${file}: the journal is not valid JSON (${(e as Error).message}) — it is only ever replaced atomically, so this is damage from outside; inspect it, and move it away only if you know which steps were sent`);
      }
      if (data.version !== 1 || data.id !== id || typeof data.steps !== 'object') {
        throw new InputError(`${file}: not a disclose journal for ${id} (version ${String(data.version)}, id ${String(data.id)})`);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
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
      evidence: prev?.evidence,
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
    await writeFileDurably(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
  }
}

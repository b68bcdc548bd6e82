// `npm run render`: every channel variant and every export of one advisory, written to an outbox
// folder for review (and, on release day, for publish to deliver). The announcement is signed when
// the signing key is available; otherwise it is written unsigned and the result says so.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadAdvisory } from '../advisory/parse.ts';
import type { Advisory, Channel } from '../advisory/schema.ts';
import { isPublic } from '../advisory/visibility.ts';
import type { TeamConfig } from '../config/schema.ts';
import { clearsign, KEY_FILE_ENV, loadSigningKeyFromEnv, signPgpMime, verifyMessage } from '../crypto/index.ts';
import { DiscloseError, InputError, RefusedError } from '../errors.ts';
import type { ExportFormat } from '../exports/types.ts';
import { ANNOUNCEMENT_FILE } from './announce/index.ts';
import { ALL_CHANNELS } from './registry.ts';
import { gateForAdvisory, shareableAttachments } from '../gate/repository.ts';
import { advisoryFile, parseAdvisoryId } from '../advisory/id.ts';
import { formatUtc } from './shared/time.ts';
import type { RenderContext, RenderedChannel } from './types.ts';
import { writeFileAtomic } from './write-atomic.ts';

export interface OutboxOptions {
  /** Repository root (holds disclose.config.yaml and advisories/). */
  root: string;
  config: TeamConfig;
  id: string;
  /** Only this channel (and no exports). */
  channel?: Channel;
  /** Default: <root>/outbox/<ID>. */
  outDir?: string;
  now: Date;
  env: NodeJS.ProcessEnv;
  /** Progress lines (to stderr in the CLI). */
  progress?: (line: string) => void;
  /**
   * Sign with whatever key DISCLOSE_SIGNING_KEY_FILE holds even when it is not the team key
   * (signing.fingerprint): for rehearsals and the demo, which must never touch the real key.
   * The result says so in its notes; publish --live never accepts such a signature.
   */
  rehearsalKey?: boolean;
}

export interface OutboxEntry {
  /** Channel name, "exports/<format>", or "manifest". */
  source: string;
  file: string;
  bytes: number;
  /** true/false for the announcement and its signatures; null where signing does not apply. */
  signed: boolean | null;
  public: boolean;
}

export interface OutboxResult {
  id: string;
  outDir: string;
  status: Advisory['data']['status'];
  entries: OutboxEntry[];
  /** null when no announcement was rendered. */
  signed: boolean | null;
  notes: string[];
  /** Export documents that failed their schema: not written. */
  invalidExports: { name: string; errors: string[] }[];
}

/** Loads the export registry if the exports area exists; otherwise says why not. */
async function loadExportFormats(): Promise<{ formats: ExportFormat[]; note?: string }> {
  // A computed specifier: the render command must keep working while src/exports is being built.
  const specifier = new URL('../exports/registry.ts', import.meta.url).href;
  try {
    const mod = (await import(specifier)) as { EXPORT_FORMATS?: ExportFormat[] };
    if (!Array.isArray(mod.EXPORT_FORMATS)) return { formats: [], note: 'exports skipped: src/exports/registry.ts has no EXPORT_FORMATS list' };
    return { formats: mod.EXPORT_FORMATS };
  } catch (e) {
    return { formats: [], note: `exports skipped: src/exports/registry.ts could not be loaded (${(e as Error).message.split('\n')[0]})` };
  }
}

function bytesOf(content: string | Uint8Array): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
}

async function loadForRender(root: string, config: TeamConfig, rawId: string): Promise<Advisory> {
  const file = advisoryFile(root, parseAdvisoryId(rawId, config.id_prefix));
  try {
    await stat(file);
  } catch {
    throw new InputError(`${file}: not found — check the id (\`ls advisories/\`)`);
  }
  const advisory = await loadAdvisory(file);
  const { status } = advisory.data;
  if (status === 'draft' || status === 'rejected') {
    throw new RefusedError(
      `${file}: status is ${status} — ${status === 'draft' ? 'a draft is not ready for any channel; when the fix and the date are agreed, set `status: embargoed`, `embargo`, `channels` and `affected`, then render again' : 'a rejected report is not a vulnerability and is never published'}`,
    );
  }
  return advisory;
}

export async function renderOutbox(options: OutboxOptions): Promise<OutboxResult> {
  const { root, config, id, now, env } = options;
  const progress = options.progress ?? (() => {});
  const advisory = await loadForRender(root, config, id);
  const outDir = path.resolve(options.outDir ?? path.join(root, 'outbox', id));
  const notes: string[] = [];
  const ctx: RenderContext = { advisory, config, now, links: {}, attachments: await shareableAttachments(path.join(root, 'advisories'), advisory.data.id) };

  const listed = advisory.data.channels ?? [];
  if (options.channel && !listed.includes(options.channel)) {
    notes.push(`${options.channel} is not in the advisory's channels (${listed.join(', ') || 'none'}); rendered because --channel asked for it`);
  }
  const wanted = options.channel ? [options.channel] : listed;
  const modules = ALL_CHANNELS.filter((m) => wanted.includes(m.name));
  if (!isPublic(advisory.data, now) && advisory.data.embargo) {
    notes.push(`embargoed until ${formatUtc(advisory.data.embargo)}: these files are for review; nothing public may be sent before then`);
  }

  const files: { source: string; name: string; content: string | Uint8Array; signed: boolean | null; public: boolean }[] = [];
  const rendered: RenderedChannel[] = [];
  for (const module of modules) {
    progress(`rendering ${module.name}`);
    let r: RenderedChannel;
    try {
      r = module.render(ctx);
    } catch (e) {
      // A renderer's refusal is about the input (a missing date, a body too long for GitHub).
      if (e instanceof Error && !(e instanceof DiscloseError) && !(e instanceof TypeError) && !(e instanceof RangeError)) throw new InputError(`${module.name}: ${e.message}`);
      throw e;
    }
    rendered.push(r);
    for (const n of r.notes ?? []) notes.push(`${module.name}: ${n}`);
    for (const f of [...r.files, ...(r.errata?.files ?? [])]) {
      const isAnnouncement = f.name === ANNOUNCEMENT_FILE || (r.channel === 'announce' && /errata-.*\.txt$/.test(f.name));
      files.push({ source: module.name, name: f.name, content: f.content, signed: isAnnouncement ? false : null, public: r.public });
    }
  }

  const invalidExports: OutboxResult['invalidExports'] = [];
  if (!options.channel) {
    const { formats, note } = await loadExportFormats();
    if (note) notes.push(note);
    for (const format of formats) {
      progress(`exporting ${format.name}`);
      for (const doc of format.render({ advisory, config, now })) {
        for (const n of doc.notes) notes.push(`${format.name}: ${n}`);
        const errors = format.validate(doc.document);
        if (errors.length > 0) {
          invalidExports.push({ name: doc.name, errors });
          continue;
        }
        files.push({ source: `exports/${format.name}`, name: `exports/${doc.name}`, content: JSON.stringify(doc.document, null, 2) + '\n', signed: null, public: true });
      }
    }
  }

  const announce = rendered.find((r) => r.channel === 'announce');
  let signed: boolean | null = announce ? false : null;
  if (announce && announce.payload.kind === 'mail') {
    if (!env[KEY_FILE_ENV]) {
      notes.push(`announcement NOT signed: ${KEY_FILE_ENV} is not set — set it (and DISCLOSE_SIGNING_PASSPHRASE) to sign; publish refuses an unsigned announcement`);
    } else {
      progress('signing the announcement');
      files.push(...(await signAnnouncement(ctx, announce, env, now, options.rehearsalKey === true, notes)));
      for (const f of files) if (f.signed === false) f.signed = true;
      signed = true;
    }
  }

  // Every file passes the outbound gate before any is written: no private value, no attachment the
  // team did not mark shareable, and nothing of another advisory that is not public at `now`.
  const gate = await gateForAdvisory(advisory, now, config.project.name);
  const attachmentFindings = rendered.flatMap((r) => (r.payload.kind === 'mail' ? r.payload.attachments.flatMap((a) => gate.inspectAttachment(r.channel, a.filename)) : []));
  gate.pass(
    files.map((f) => ({ name: f.name, content: f.content, public: f.public })),
    `the render of ${advisory.data.id} (${advisory.file})`,
    attachmentFindings,
  );

  const entries: OutboxEntry[] = [];
  for (const f of files) {
    await writeFileAtomic(path.join(outDir, f.name), f.content);
    entries.push({ source: f.source, file: f.name, bytes: bytesOf(f.content), signed: f.signed, public: f.public });
  }
  const manifest = {
    id,
    status: advisory.data.status,
    renderedAt: now.toISOString(),
    signed,
    files: files.map((f) => ({ file: f.name, source: f.source, bytes: bytesOf(f.content), sha256: createHash('sha256').update(f.content).digest('hex'), public: f.public })),
    notes,
  };
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  await writeFileAtomic(path.join(outDir, 'manifest.json'), manifestText);
  entries.push({ source: 'manifest', file: 'manifest.json', bytes: bytesOf(manifestText), signed: null, public: false });
  return { id, outDir, status: advisory.data.status, entries, signed, notes, invalidExports };
}

/**
 * Clearsigns the announcement (and its errata mail) and builds the PGP/MIME variant, then checks
 * the clearsigned text verifies before anything is written.
 */
async function signAnnouncement(ctx: RenderContext, announce: RenderedChannel, env: NodeJS.ProcessEnv, now: Date, rehearsalKey: boolean, notes: string[]) {
  const payload = announce.payload as Extract<RenderedChannel['payload'], { kind: 'mail' }>;
  const key = await loadSigningKeyFromEnv(env, { expectedFingerprint: rehearsalKey ? undefined : ctx.config.signing.fingerprint, date: now });
  if (rehearsalKey && key.fingerprint !== ctx.config.signing.fingerprint) {
    notes.push(`REHEARSAL: signed with key ${key.fingerprint}, not the team key ${ctx.config.signing.fingerprint}; do not send this announcement`);
  }
  const clearsigned = await clearsign(payload.text, key.key, { date: now });
  const check = await verifyMessage(clearsigned, key.key.toPublic(), { date: now });
  if (!check.valid) throw new Error(`the announcement was signed but does not verify (${check.problem ?? 'unknown problem'}); nothing was written`);
  const attachment = { filename: `${ctx.advisory.data.id}.txt.asc`, content: clearsigned, contentType: 'text/plain' };
  const mime = await signPgpMime(
    { from: payload.from, to: payload.to, subject: payload.subject, messageId: payload.messageId, date: now, text: payload.text, attachments: [attachment] },
    key.key,
    { date: now },
  );
  const out = [
    { source: 'announce', name: `${ANNOUNCEMENT_FILE}.asc`, content: clearsigned, signed: true, public: true },
    { source: 'announce', name: 'announce/announcement.eml', content: mime.raw, signed: true, public: true },
  ];
  const errata = announce.errata?.payload;
  if (errata && errata.kind === 'mail') {
    const name = announce.errata!.files.find((f) => f.name.endsWith('.txt'))?.name;
    if (name) out.push({ source: 'announce', name: `${name}.asc`, content: await clearsign(errata.text, key.key, { date: now }), signed: true, public: true });
  }
  for (const w of key.warnings) process.emitWarning(w);
  return out;
}

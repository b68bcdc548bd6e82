// The gate's rules read from a repository: the private values of an advisory, the embargo index
// of every other advisory that is not public at the given moment, and the advisory's shareable
// attachments. Also the one way to turn a channel payload into the outputs the gate inspects.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { listAdvisoryFiles, parseFrontmatterFast, splitAdvisory } from '../advisory/parse.ts';
import type { Advisory } from '../advisory/schema.ts';
import { isPublic } from '../advisory/visibility.ts';
import { scaffoldText } from '../advisory/scaffold.ts';
import type { ErrataPayload, Payload } from '../channels/types.ts';
import { buildEmbargoIndex, type WithheldAdvisory } from './embargo-index.ts';
import { OutboundGate, type GateFinding, type Outbound } from './index.ts';
import { privateValuesOf, type PrivateValue } from './private-values.ts';

/** The folder a team moves a file into to let it go out (patches for distributors). */
export const SHAREABLE_DIR = 'shareable';

async function filesIn(dir: string): Promise<string[]> {
  try {
    const names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
    const out: string[] = [];
    for (const n of names) if ((await stat(path.join(dir, n))).isFile()) out.push(n);
    return out;
  } catch {
    return [];
  }
}

/** Files the team marked shareable: advisories/<ID>/shareable/*, read. Nothing else is ever attached. */
export async function shareableAttachments(advisoriesDir: string, id: string): Promise<{ name: string; content: Uint8Array }[]> {
  const dir = path.join(advisoriesDir, id, SHAREABLE_DIR);
  return Promise.all((await filesIn(dir)).map(async (name) => ({ name, content: new Uint8Array(await readFile(path.join(dir, name))) })));
}

/** Files stored beside the advisory but not shareable (intake's report, notes): never attached. */
export async function storedNotShareable(advisoriesDir: string, id: string): Promise<Set<string>> {
  const shareable = new Set(await filesIn(path.join(advisoriesDir, id, SHAREABLE_DIR)));
  return new Set((await filesIn(path.join(advisoriesDir, id))).filter((n) => !shareable.has(n)));
}

export interface RepositoryScan {
  withheld: WithheldAdvisory[];
  /** Bodies of the public advisories (house style is told from a quote by how many share it). */
  publicBodies: { id: string; body: string }[];
  /** Private values of every advisory in the folder (the site must show none of them). */
  privateValues: PrivateValue[];
}

/** Reads every advisory file leniently (a broken draft is still withheld, by its file name). */
export async function scanRepository(advisoriesDir: string, at: Date, exceptId?: string): Promise<RepositoryScan> {
  const scan: RepositoryScan = { withheld: [], publicBodies: [], privateValues: [] };
  if (!existsSync(advisoriesDir)) return scan;
  for (const file of await listAdvisoryFiles(advisoriesDir)) {
    const stem = path.basename(file).replace(/\.[^.]+$/, '');
    let data: Record<string, unknown> = {};
    let body = '';
    try {
      const split = splitAdvisory(await readFile(file, 'utf8'));
      if (split) {
        body = split.body;
        const raw = parseFrontmatterFast(split.frontmatter);
        if (raw && typeof raw === 'object') data = raw as Record<string, unknown>;
      }
    } catch {
      // Unreadable frontmatter: withheld by its file name (the validator reports it).
    }
    const id = typeof data.id === 'string' ? data.id : stem;
    scan.privateValues.push(...privateValuesOf(data).map((p) => ({ ...p, field: `${id} ${p.field}` })));
    const status = typeof data.status === 'string' ? data.status : undefined;
    const embargo = typeof data.embargo === 'string' ? data.embargo : undefined;
    // The advisory being rendered or sent counts as public: its own text is not a leak of itself.
    if (id === exceptId || stem === exceptId || isPublic({ status: status as never, embargo }, at)) scan.publicBodies.push({ id, body });
    else scan.withheld.push({ id: stem, data, body, attachmentNames: await filesIn(path.join(advisoriesDir, stem)).then(async (n) => [...n, ...(await filesIn(path.join(advisoriesDir, stem, SHAREABLE_DIR)))]) });
  }
  return scan;
}

/** project.name from the disclose.config.yaml beside the advisories folder, if there is one. */
async function projectNameBeside(advisoriesDir: string): Promise<string | undefined> {
  try {
    const raw = parseFrontmatterFast(await readFile(path.join(path.dirname(advisoriesDir), 'disclose.config.yaml'), 'utf8')) as { project?: { name?: unknown } } | null;
    return typeof raw?.project?.name === 'string' ? raw.project.name : undefined;
  } catch {
    return undefined;
  }
}

/** The scaffold's own sentences (`npm run new`): every advisory starts from them, none is distinctive. */
export function templateText(advisory: Pick<Advisory, 'data'> | null, projectName = 'the project'): string {
  return scaffoldText(advisory?.data.id ?? 'X-0000-0000', { title: 'Template' }, projectName);
}

/**
 * The gate for everything one advisory sends or renders at `at`: its own private values, the
 * embargo index of every other advisory not public at `at`, and its stored files.
 */
export async function gateForAdvisory(advisory: Advisory, at: Date, projectName?: string): Promise<OutboundGate> {
  const dir = path.dirname(advisory.file);
  // The template's sentences name the project; every caller gets the same boilerplate either way.
  projectName ??= await projectNameBeside(dir);
  const scan = await scanRepository(dir, at, advisory.data.id);
  return new OutboundGate({
    privateValues: privateValuesOf(advisory.data as unknown as Record<string, unknown>),
    embargo: buildEmbargoIndex(scan.withheld, { bodies: scan.publicBodies, boilerplate: [templateText(advisory, projectName)] }),
    storedNotShareable: await storedNotShareable(dir, advisory.data.id),
  });
}

/** What the gate inspects of one payload: every text a recipient receives, and attachment names. */
export function payloadOutputs(owner: string, payload: Payload | ErrataPayload, isPublicChannel: boolean): { items: Outbound[]; attachments: string[] } {
  const item = (part: string, content: string | Uint8Array): Outbound => ({ name: `${owner}: ${part}`, content, public: isPublicChannel });
  switch (payload.kind) {
    case 'mail':
      return {
        items: [
          item('mail headers', `${payload.from}\n${payload.to}\n${payload.subject}\n${payload.messageId}\n${payload.inReplyTo ?? ''}`),
          item('mail text', payload.text),
          ...payload.attachments.map((a) => item(`attachment ${a.filename}`, a.content)),
        ],
        attachments: payload.attachments.map((a) => a.filename),
      };
    case 'git-file':
      return { items: [item('post file', `${payload.path}\n${payload.commitMessage}\n${payload.content}`)], attachments: [] };
    default:
      return { items: [item(`${payload.kind} request`, JSON.stringify(payload))], attachments: [] };
  }
}

/** Passes one payload through `gate` (throws RefusedError, exit 3, naming the field, never the value). */
export function passPayload(gate: OutboundGate, owner: string, payload: Payload | ErrataPayload, isPublicChannel: boolean): void {
  const { items, attachments } = payloadOutputs(owner, payload, isPublicChannel);
  const extra: GateFinding[] = attachments.flatMap((a) => gate.inspectAttachment(owner, a));
  gate.pass(items, `${owner}`, extra);
}

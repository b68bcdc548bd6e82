// A CVE or GHSA id belongs to one advisory. When a public advisory names the id of one that is not
// public yet (in its `cve` list, its body, an update, a reference URL…), publishing it announces
// the embargoed issue: a validation error, found across files like the duplicate ids.
// The `cve`/`ghsa` fields themselves are the duplicate-cve/duplicate-ghsa rules' (validate.ts);
// this rule covers every other place of the public advisory, `private` excepted.
import { normaliseForMatch } from '../../gate/normalise.ts';
import type { PendingFinding } from '../error-map.ts';
import { isPublic } from '../visibility.ts';

const CVE_ID = /cve-\d{4}-\d{4,}/g;
const GHSA_ID = /ghsa(?:-[23456789cfghjmpqrvwx]{4}){3}/g;

/** Where one file first names an id: a frontmatter field (located later) or a body line. */
export interface IdMention {
  /** Upper case for CVEs (CVE-2026-1234), GitHub's spelling for GHSA ids (GHSA-xxxx-xxxx-xxxx). */
  id: string;
  path?: (string | number)[];
  line?: number;
  col?: number;
}

/** What the shared-id rule needs from each file (part of validate.ts's FileKeys). */
export interface VisibilityKeys {
  /** Absent when the file could not be read: then it is not public. */
  public?: boolean;
  mentions?: IdMention[];
}

const canonical = (raw: string) => (raw.startsWith('cve') ? raw.toUpperCase() : `GHSA${raw.slice(4)}`);

/** Text that cannot spell an id, escaped or not, is not normalised (validate runs on every file). */
const MAY_NAME_AN_ID = /cve|ghsa|[%&\\]|[^\x00-\x7f]/i;

function idsIn(text: string): string[] {
  if (!MAY_NAME_AN_ID.test(text)) return [];
  const normalised = normaliseForMatch(text);
  return [...(normalised.match(CVE_ID) ?? []), ...(normalised.match(GHSA_ID) ?? [])].map(canonical);
}

function leaves(value: unknown, path: (string | number)[], out: { path: (string | number)[]; text: string }[]): void {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
}

/** Fields that never reach a public output (`private`) or that the duplicate rules already check. */
const NOT_MENTIONS = new Set(['private', 'cve', 'ghsa']);

/** Every CVE and GHSA id a file names outside `private`/`cve`/`ghsa`, each at its first place. */
export function visibilityKeys(raw: Record<string, unknown>, body: string, bodyLine: number, now: Date): VisibilityKeys {
  const status = typeof raw.status === 'string' ? raw.status : undefined;
  const embargo = typeof raw.embargo === 'string' ? raw.embargo : undefined;
  const mentions = new Map<string, IdMention>();
  const fields: { path: (string | number)[]; text: string }[] = [];
  for (const [k, v] of Object.entries(raw)) if (!NOT_MENTIONS.has(k)) leaves(v, [k], fields);
  for (const f of fields) for (const id of idsIn(f.text)) if (!mentions.has(id)) mentions.set(id, { id, path: f.path });
  body.split('\n').forEach((line, i) => {
    for (const id of idsIn(line)) {
      if (mentions.has(id)) continue;
      const col = line.toLowerCase().indexOf(id.toLowerCase());
      mentions.set(id, { id, line: bodyLine + i, col: col >= 0 ? col + 1 : 1 });
    }
  });
  return { public: isPublic({ status: status as never, embargo }, now), mentions: [...mentions.values()] };
}

/** A finding of this rule before it is located: by frontmatter path, or already at a body line. */
export type SharedIdFinding = { file: string } & ({ pending: PendingFinding } | { body: { line: number; col: number; message: string; fix: string; rule: string } });

/** Public files that name a CVE or GHSA id of a file that is not public. */
export function sharedIdFindings(all: readonly ({ file: string; id?: string; cves: string[]; ghsa?: string } & VisibilityKeys)[]): SharedIdFinding[] {
  const owner = new Map<string, { file: string; id: string; kind: 'CVE' | 'GHSA id' }>();
  for (const k of all) {
    if (k.public) continue;
    const id = k.id ?? k.file;
    for (const cve of k.cves) owner.set(cve, { file: k.file, id, kind: 'CVE' });
    if (k.ghsa) owner.set(k.ghsa, { file: k.file, id, kind: 'GHSA id' });
  }
  if (owner.size === 0) return [];
  const out: SharedIdFinding[] = [];
  for (const k of all) {
    if (!k.public) continue;
    for (const m of k.mentions ?? []) {
      const o = owner.get(m.id);
      // Listed in its own `cve`/`ghsa` too: the duplicate rule reports that, once.
      if (!o || o.file === k.file || k.cves.includes(m.id) || k.ghsa === m.id) continue;
      const rule = o.kind === 'CVE' ? 'shared-cve' : 'shared-ghsa';
      const message = `names ${m.id}, the ${o.kind} of ${o.id}, which is not public yet: this public advisory would announce it`;
      const fix = `remove it here until ${o.id} is published (its embargo has passed), or publish both together`;
      if (m.path) out.push({ file: k.file, pending: { severity: 'error', rule, path: m.path, target: 'value', message, fix } });
      else out.push({ file: k.file, body: { line: m.line ?? 1, col: m.col ?? 1, message, fix, rule } });
    }
  }
  return out;
}

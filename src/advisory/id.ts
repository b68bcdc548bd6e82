// The one advisory-id parser. Every command that takes an id from a person (publish, amend,
// notify-distros, render, reply, …) goes through parseAdvisoryId before it touches a file, a
// journal or a lock: an id is the name of exactly one advisory, never a path. A path-like,
// lower-case or look-alike id (Cyrillic "Е", full-width digits) would otherwise open another
// file, or give the same advisory a second journal and lock, and so a second announcement.
import path from 'node:path';
import { UsageError } from '../errors.ts';

/** The shape of every id, whatever the team's prefix: PREFIX-YYYY-NNNN (four or more digits). */
export const ID_SHAPE = /^[A-Z][A-Z0-9]*-\d{4}-\d{4,}$/;

// Latin look-alikes that NFKC does not fold (Cyrillic and Greek capitals, the usual suspects).
const CONFUSABLES: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '−': '-',
};

/** What the person probably meant: the file name without folders and extension, folded to ASCII capitals. */
function likelyMeant(raw: string): string {
  const base = path.basename(raw.trim().replace(/\\/g, '/')).replace(/\.(md|markdown)$/i, '');
  return [...base.normalize('NFKC')].map((c) => CONFUSABLES[c] ?? CONFUSABLES[c.toUpperCase()] ?? c).join('').toUpperCase();
}

function describe(raw: string): string {
  // Shown escaped, so an invisible or look-alike character is visible in the message.
  return JSON.stringify(raw).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The advisory id `raw` names, for a team whose ids start with `prefix`; throws UsageError (exit 2)
 * for anything else, with "did you mean" when the intent is clear.
 */
export function parseAdvisoryId(raw: string, prefix: string): string {
  const pattern = new RegExp(`^${prefix}-\\d{4}-\\d{4,}$`);
  if (pattern.test(raw)) return raw;
  const meant = likelyMeant(raw);
  const hint = meant !== raw && pattern.test(meant) ? ` — did you mean ${meant}?` : ` — an id looks like ${prefix}-2026-0001`;
  let why: string;
  if (/[/\\]/.test(raw) || raw.includes('..')) why = 'is a path; give the id alone (the file is found in advisories/)';
  else if (/[^\x21-\x7e]/.test(raw)) why = 'contains characters outside ASCII (a look-alike letter, a space or an invisible character)';
  else if (raw !== raw.toUpperCase()) why = 'is not in capitals';
  else if (ID_SHAPE.test(raw)) why = `does not start with the team's prefix ${prefix}- (id_prefix in disclose.config.yaml)`;
  else why = `is not an advisory id (${prefix}-YYYY-NNNN)`;
  throw new UsageError(`advisory id ${describe(raw)} ${why}${hint}`);
}

/** The one file an id names: <root>/advisories/<ID>.md. Takes only an id parseAdvisoryId accepted. */
export function advisoryFile(root: string, id: string): string {
  if (!ID_SHAPE.test(id)) throw new UsageError(`advisory id ${describe(id)} is not an advisory id`);
  return path.join(root, 'advisories', `${id}.md`);
}

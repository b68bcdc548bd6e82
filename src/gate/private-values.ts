// What counts as `private` for the gate: every string value under `private`, in any field, kept
// with its path (shown to the user; the value never is) and its normalised spelling.
import { timestampProblem } from '../clock.ts';
import { normaliseForMatch } from './normalise.ts';

export interface PrivateValue {
  /** Where it sits, e.g. "private.reporter_contact". */
  field: string;
  /** Normalised (normaliseForMatch); never printed. */
  needle: string;
}

const EMBEDDED = /[^\s<>()"',;]+@[^\s<>()"',;]+\.[A-Za-z]{2,}|https?:\/\/[^\s<>()"']+/g;

/** Shorter values ("yes", "n/a", "2") would match ordinary text by chance. */
export const MIN_PRIVATE_LENGTH = 5;

function walk(value: unknown, field: string, out: { field: string; raw: string; text: boolean }[]): void {
  if (typeof value === 'string') out.push({ field, raw: value, text: timestampProblem(value.trim()) !== null });
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') out.push({ field, raw: String(value), text: false });
  else if (value instanceof Date) out.push({ field, raw: value.toISOString(), text: false });
  else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${field}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${field}.${k}`, out);
}

/** Every scalar under `data`, normalised: the public side of the "also appears in public fields" rule. */
function publicScalars(data: Record<string, unknown>): Set<string> {
  const out: { field: string; raw: string; text: boolean }[] = [];
  for (const [k, v] of Object.entries(data)) if (k !== 'private') walk(v, k, out);
  return new Set(out.map((s) => normaliseForMatch(s.raw)));
}

/**
 * The private values of one advisory's frontmatter. A non-text value (a timestamp, a number) that
 * also appears in a public field is not a secret: `private.received` may equal a `timeline` event.
 */
export function privateValuesOf(data: Record<string, unknown>): PrivateValue[] {
  const found: { field: string; raw: string; text: boolean }[] = [];
  walk(data.private ?? {}, 'private', found);
  const shared = found.some((f) => !f.text) ? publicScalars(data) : new Set<string>();
  const out: PrivateValue[] = [];
  const seen = new Set<string>();
  const add = (field: string, needle: string) => {
    if (needle.length < MIN_PRIVATE_LENGTH || seen.has(`${field} ${needle}`)) return;
    seen.add(`${field} ${needle}`);
    out.push({ field, needle });
  };
  for (const f of found) {
    const needle = normaliseForMatch(f.raw);
    if (!f.text && shared.has(needle)) continue;
    add(f.field, needle);
    // An address or URL inside a longer note is a secret of its own ("ask bob@corp.example").
    if (f.text) for (const part of f.raw.match(EMBEDDED) ?? []) add(f.field, normaliseForMatch(part));
  }
  return out;
}

// The last check before anything is written: no value from `private` may appear in a rendered
// channel or export. Renderers never read `private`, so this only fires when the body or another
// field repeats private text — exactly the leak the validator's body rule also looks for.
import type { AdvisoryData } from '../advisory/schema.ts';

export interface PrivateValue {
  /** Where it sits, e.g. "private.reporter_contact" (shown to the user; the value never is). */
  field: string;
  value: string;
}

/** Values shorter than this are too common to mean a leak ("yes", "n/a"). */
const MIN_LENGTH = 6;

export function privateValues(data: AdvisoryData): PrivateValue[] {
  const out: PrivateValue[] = [];
  const walk = (value: unknown, field: string) => {
    if (typeof value === 'string') {
      if (value.trim().length >= MIN_LENGTH) out.push({ field, value: value.trim() });
    } else if (typeof value === 'number' || typeof value === 'bigint') {
      walk(String(value), field);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${field}[${i}]`));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, `${field}.${k}`);
    }
  };
  walk(data.private ?? {}, 'private');
  return out;
}

/** The private fields whose value occurs in `content` (empty when the content is clean). */
export function findPrivateLeaks(content: string | Uint8Array, values: PrivateValue[]): string[] {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  // JSON files escape some characters; compare against the escaped spelling too.
  return values.filter((p) => text.includes(p.value) || text.includes(JSON.stringify(p.value).slice(1, -1))).map((p) => p.field);
}

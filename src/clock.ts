// Every command that compares with "now" asks this module, so tests and rehearsals can move the
// clock with DISCLOSE_NOW (an ISO 8601 timestamp with a zone) instead of waiting for a real date.
import { UsageError } from './errors.ts';

const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function now(env: NodeJS.ProcessEnv = process.env): Date {
  const raw = env.DISCLOSE_NOW;
  if (raw === undefined || raw === '') return new Date();
  if (!zoned.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new UsageError(
      `DISCLOSE_NOW is "${raw}", which is not an ISO 8601 timestamp with a zone — set it like DISCLOSE_NOW=2026-12-08T17:00:00Z, or unset it to use the system clock`,
    );
  }
  return new Date(raw);
}

export const zonedTimestamp = zoned;

// The one clock and the one timestamp parser. Every command reads "now" only through this module,
// and every timestamp disclose reads (frontmatter fields, DISCLOSE_NOW, journal entries) is checked
// by parseTimestamp, so "2023-02-30" or "+23:59" is refused the same way everywhere.
//
// Two readings of "now":
// - now(): for rehearsals and read-only commands. DISCLOSE_NOW moves it anywhere, so a team can
//   rehearse release day a week early or check what the archive looked like last month.
// - liveClock(): for anything that sends (publish, amend, notify-distros, and every later live
//   command). It refuses a DISCLOSE_NOW ahead of the system clock by more than LIVE_SKEW_MS: a
//   moved clock is how an embargo would be broken by a hurried responder or a stale shell export.
import { RefusedError, UsageError } from './errors.ts';

/** How far DISCLOSE_NOW may be ahead of the system clock in a live send (NTP drift between hosts). */
export const LIVE_SKEW_MS = 60_000;

/** RFC 3339 with a required zone; seconds and fractions optional. Calendar checks come after. */
const shape = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Kept for callers that only need a fast shape test; parseTimestamp is the authority. */
export const zonedTimestamp = shape;

/** The largest offset any real zone uses (Kiribati, +14:00; the lowest is -12:00). */
const MAX_OFFSET_MINUTES = 14 * 60;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Why `raw` is not an acceptable timestamp, or null when it is. The message names what is wrong
 * and never needs the caller to add the value (a timestamp may sit in `private`).
 */
export function timestampProblem(raw: string): string | null {
  const m = shape.exec(raw);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(raw)) return 'has no zone: add Z for UTC, or an offset such as +01:00';
    if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return 'is a date without a time: write it as YYYY-MM-DDTHH:MM:SSZ';
    return 'is not an ISO 8601 timestamp with a zone, e.g. 2026-12-08T17:00:00Z or 2026-12-08T18:00:00+01:00';
  }
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12) return `has month ${m[2]}, which does not exist (01 to 12)`;
  if (day < 1 || day > daysIn(year, month)) return `has day ${m[3]}, but ${year}-${m[2]} has ${daysIn(year, month)} days`;
  if (hour > 23) return `has hour ${m[4]} (00 to 23)`;
  if (minute > 59) return `has minute ${m[5]} (00 to 59)`;
  if (second > 59) return `has second ${m[6]} (00 to 59; leap seconds are not accepted)`;
  if (m[8] !== 'Z') {
    const offH = Number(m[10]);
    const offM = Number(m[11]);
    if (offM > 59) return `has an offset with minute ${m[11]} (00 to 59)`;
    if (offH * 60 + offM > MAX_OFFSET_MINUTES) return `has offset ${m[8]}, beyond ±14:00, which no time zone uses`;
  }
  return null;
}

/** The instant `raw` names; throws (UsageError, exit 2) naming `what` and the problem. */
export function parseTimestamp(raw: string, what = 'the timestamp'): Date {
  const problem = timestampProblem(raw);
  if (problem) throw new UsageError(`${what} ${problem}`);
  return new Date(raw);
}

function disclosedNow(env: NodeJS.ProcessEnv): Date | undefined {
  const raw = env.DISCLOSE_NOW;
  if (raw === undefined || raw === '') return undefined;
  const problem = timestampProblem(raw);
  if (problem) {
    throw new UsageError(`DISCLOSE_NOW "${raw}" ${problem} — set it like DISCLOSE_NOW=2026-12-08T17:00:00Z, or unset it to use the system clock`);
  }
  return new Date(raw);
}

/** "Now" for rehearsals and read-only commands: DISCLOSE_NOW when set, else the system clock. */
export function now(env: NodeJS.ProcessEnv = process.env): Date {
  return disclosedNow(env) ?? new Date();
}

/** A function reading now(env) each time it is called (for long runs that check the clock again). */
export function clockOf(env: NodeJS.ProcessEnv = process.env): () => Date {
  disclosedNow(env); // a malformed value is refused at once, before any work
  return () => now(env);
}

/**
 * "Now" for a live send. DISCLOSE_NOW is accepted only when it is not ahead of the system clock
 * (beyond LIVE_SKEW_MS): moving the clock back is harmless (the embargo check only gets stricter),
 * moving it forward would send before the embargo. `system` is injectable for tests of this rule.
 */
export function liveNow(env: NodeJS.ProcessEnv = process.env, system: () => Date = () => new Date()): Date {
  const moved = disclosedNow(env);
  const real = system();
  if (moved === undefined) return real;
  if (moved.getTime() - real.getTime() > LIVE_SKEW_MS) {
    throw new RefusedError(
      `DISCLOSE_NOW (${moved.toISOString()}) is ahead of the system clock (${real.toISOString()}) by more than ${LIVE_SKEW_MS / 1000} s: ` +
        'a live send never trusts a clock moved forward — unset DISCLOSE_NOW for the live run (moving the clock is for rehearsals)',
    );
  }
  return moved;
}

/** liveNow as a function, checked at once and again at every call (before every step). */
export function liveClock(env: NodeJS.ProcessEnv = process.env, system: () => Date = () => new Date()): () => Date {
  liveNow(env, system);
  return () => liveNow(env, system);
}

/** ISO 8601 in UTC without milliseconds, as advisory files write timestamps. */
export function stamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

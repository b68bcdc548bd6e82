// Times in channel text: always UTC first (release day happens across zones), the team's zone as
// a convenience where people plan around it (the distros mail).

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "2026-12-08" (UTC). */
export function utcDate(at: string | Date): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "2026-12-08 17:00 UTC". */
export function formatUtc(at: string | Date): string {
  const d = new Date(at);
  return `${utcDate(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

// Building an Intl.DateTimeFormat costs milliseconds; one per zone is enough.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** "2026-12-08 18:00 Europe/Berlin (UTC+01:00)". */
export function formatInZone(at: string | Date, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = get('timeZoneName').replace(/^GMT$/, 'GMT+00:00').replace('GMT', 'UTC');
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${timeZone} (${offset})`;
}

// Which advisories can be exported at all. Exports are public documents dated by the embargo
// (OSV `published`, CVE `datePublic`, CSAF `initial_release_date`), so an advisory without an
// embargo date, or one that will never be public (draft, rejected), has nothing to export: asking
// for it is an error with the reason, never an empty or half-filled document.
import type { Advisory } from '../advisory/schema.ts';
import { InputError } from '../errors.ts';

const EXPORTABLE_STATUSES = ['embargoed', 'published', 'withdrawn'];

/** Why this advisory cannot be exported, or null when it can. */
export function exportRefusal(advisory: Advisory): string | null {
  const { data } = advisory;
  if (!EXPORTABLE_STATUSES.includes(data.status)) {
    return `status is "${data.status}"; only embargoed, published and withdrawn advisories are exported — set the status and an \`embargo\` date once the fix and the date are agreed`;
  }
  if (data.embargo === undefined) {
    return 'no `embargo` date; exports are dated by it — add `embargo: "YYYY-MM-DDTHH:MM:SSZ"`';
  }
  if (!data.affected?.length) return 'no `affected` entries — list the affected packages (spec §3)';
  return null;
}

/** Throws an InputError naming the file when the advisory cannot be exported. */
export function assertExportable(advisory: Advisory, format: string): asserts advisory is Advisory & { data: { embargo: string } } {
  const reason = exportRefusal(advisory);
  if (reason !== null) throw new InputError(`${advisory.file}: cannot make the ${format} export of ${advisory.data.id}: ${reason}`);
}

// What every source format is read into before it becomes an advisory file: the fields disclose
// can carry, each taken from the source as it is (nothing invented), and a list of what the source
// had that disclose cannot carry, each with the reason. One reader per format fills it
// (osv.ts, cve.ts, rustsec.ts); advisory-text.ts turns it into the Markdown file.
import type { AffectedEntry, Credit, REFERENCE_TYPES, Severity } from '../advisory/schema.ts';

export type SourceKind = 'osv' | 'ghsa' | 'cve' | 'rustsec';

export interface ImportedRecord {
  kind: SourceKind;
  /** The file it was read from (as given). */
  file: string;
  /** The source's own id (RUSTSEC-…, GHSA-…, CVE-…). */
  sourceId: string;
  /** Every id the source gives the vulnerability, its own first: kept as `cve`, `ghsa` and reference URLs. */
  ids: string[];
  title: string;
  summary: string;
  /** The source's Markdown (or plain) text, unchanged. */
  details: string;
  /** When the source says it was published: becomes `embargo`. */
  published: string;
  cvss: string[];
  /** A rating the source gives besides CVSS (GitHub's database_specific.severity). */
  rating?: { severity: Severity; by: string };
  cwe: string[];
  affected: AffectedEntry[];
  credits: Credit[];
  references: { url: string; type: (typeof REFERENCE_TYPES)[number] }[];
  timeline: { at: string; event: string }[];
  /** The source's own advice (CVE solutions and workarounds), for the Mitigations section. */
  mitigations?: string;
  /** Fields the source has that disclose does not carry, as "field: reason". */
  unmapped: string[];
}

/** Anything the reader cannot make sense of at all: the record is not imported. */
export class UnreadableRecord extends Error {}

export function emptyRecord(kind: SourceKind, file: string, sourceId: string): ImportedRecord {
  return { kind, file, sourceId, ids: [sourceId], title: '', summary: '', details: '', published: '', cvss: [], cwe: [], affected: [], credits: [], references: [], timeline: [], unmapped: [] };
}

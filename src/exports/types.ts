// Exports are documents for the archive and for upstream databases (OSV, CVE JSON 5, CSAF 2.0).
// Each format is a folder src/exports/<format>/ whose index.ts exports an ExportFormat, listed in
// registry.ts. Exports are public: they never carry `private` and are only made for advisories
// that have an embargo date (the caller decides when they may be published).
import type { Advisory } from '../advisory/schema.ts';
import type { TeamConfig } from '../config/schema.ts';

export interface ExportContext {
  advisory: Advisory;
  config: TeamConfig;
  now: Date;
}

export interface ExportedDocument {
  /** File name relative to the outbox's exports folder, e.g. "osv/RSEC-2026-0001.json". */
  name: string;
  document: unknown;
  /** What could not be carried (e.g. an ecosystem OSV does not know); shown to the user. */
  notes: string[];
}

export interface ExportFormat {
  name: 'osv' | 'cve' | 'csaf';
  /** Zero or more documents (CVE JSON 5 makes one record per CVE). */
  render(ctx: ExportContext): ExportedDocument[];
  /** Validates a document against the official schema; returns readable errors (empty = valid). */
  validate(document: unknown): string[];
}

// A finding is one problem in one file, pointing at the exact YAML node or Markdown line.
// Printed as `file:line:col: error|warning [rule] field: message — fix`.

export type FindingSeverity = 'error' | 'warning';

export interface Finding {
  file: string;
  line: number;
  col: number;
  severity: FindingSeverity;
  rule: string;
  /** Dotted path of the frontmatter field (`affected.0.ranges.1.fixed`), or `body`. */
  field: string;
  message: string;
  fix: string;
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.col}: ${f.severity} [${f.rule}] ${f.field}: ${f.message} — ${f.fix}`;
}

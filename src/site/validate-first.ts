// The site build starts with the full validator, as `npm run validate` runs it: every advisory
// file, the body rules (no raw HTML, no `<script>`, no HTML comment, no private value in the body)
// and the cross-file rules (a public advisory naming an embargoed one's CVE). The loader alone
// reads only what it needs to decide visibility, so without this a body rule never ran on the site.
import path from 'node:path';
import { listAdvisoryFiles } from '../advisory/parse.ts';
import { formatText } from '../advisory/report.ts';
import { countBySeverity, validateFiles } from '../advisory/validate.ts';
import { loadConfig } from '../config/load.ts';
import { InputError } from '../errors.ts';

/** Throws InputError (exit 1) with validate's own report when any advisory has an error. */
export async function refuseInvalidAdvisories(root: string, advisories: string, at: Date): Promise<{ files: number; warnings: number }> {
  const config = await loadConfig(root);
  // Paths as validate prints them: relative to where the command runs.
  const files = (await listAdvisoryFiles(advisories)).map((f) => path.relative(process.cwd(), f) || f);
  const { findings } = await validateFiles(files, { config, now: at, root });
  const { errors, warnings } = countBySeverity(findings);
  if (errors > 0) {
    throw new InputError(
      `site build: the advisories do not validate at ${at.toISOString()}; nothing was built.\n` +
        formatText(files.length, findings) +
        'Fix them (`npm run validate` shows the same findings) and build again.',
    );
  }
  return { files: files.length, warnings };
}

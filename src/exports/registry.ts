// Every export format, in the order `npm run render` writes them. Adding a format is adding a
// folder src/exports/<format>/ and one line here.
import { csaf } from './csaf/index.ts';
import { cve } from './cve/index.ts';
import { osv } from './osv/index.ts';
import type { ExportFormat } from './types.ts';

export const EXPORT_FORMATS: ExportFormat[] = [osv, cve, csaf];

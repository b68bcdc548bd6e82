// `npm run intake`: one reporter's mail → a draft advisory with the reporter in `private`, and the
// original mail stored beside it, still encrypted. The decrypted report exists only in memory and
// in the result's `text`, which the CLI prints only when asked (`--show`).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { nextId, scaffoldText } from '../advisory/scaffold.ts';
import type { TeamConfig } from '../config/schema.ts';
import { encryptToKey, findRepoRoot, loadSigningKeyFromEnv } from '../crypto/index.ts';
import { InputError } from '../errors.ts';
import { createDraftWithReport } from './create-draft.ts';
import { titleFromSubject, type Mailbox } from './headers.ts';
import { readIncomingMail } from './mail.ts';
import { openReport, type ReportFormat, type SignatureState } from './open-report.ts';

export interface IntakeOptions {
  /** Repository root: advisories/ is created under it. */
  root: string;
  config: TeamConfig;
  /** The mail file as given on the command line (used in messages). */
  mailFile: string;
  now: Date;
  env?: NodeJS.ProcessEnv;
  /** Decrypt and report, but write nothing. */
  dryRun?: boolean;
}

export interface IntakeResult {
  id: string;
  /** Paths relative to the root. */
  file: string;
  report: string;
  written: boolean;
  format: ReportFormat;
  title: string;
  reporter: Mailbox;
  reporterKey: string | null;
  signature: SignatureState;
  signatureNote: string;
  received: string;
  messageId: string | null;
  warnings: string[];
  /** The report in clear: print only on request, never store. */
  text: string;
}

export const ACK_HOURS = 48;

export async function intake(options: IntakeOptions): Promise<IntakeResult> {
  const { root, config } = options;
  let bytes: Buffer;
  try {
    bytes = await readFile(options.mailFile);
  } catch (e) {
    throw new InputError(`${options.mailFile}: cannot read the mail (${(e as NodeJS.ErrnoException).code ?? 'error'}) — pass the path of a saved .eml file`);
  }
  const mail = readIncomingMail(bytes, options.mailFile);
  const { key, fingerprint, warnings: keyWarnings } = await loadSigningKeyFromEnv(options.env ?? process.env, {
    expectedFingerprint: config.signing.fingerprint,
    repoRoot: findRepoRoot(root),
    purpose: 'decrypt',
    date: options.now,
  });
  const opened = await openReport(mail, key, options.now);
  const warnings = [...keyWarnings, ...opened.warnings];

  const received = (mail.received ?? options.now).toISOString().replace(/\.000Z$/, 'Z');
  if (!mail.received) warnings.push(`the mail has no readable Received: or Date: header; received is set to now (${received}) — correct private.received if it arrived earlier`);
  const title = titleFromSubject(opened.innerSubject ?? mail.subject) ?? `Untitled report received ${received.slice(0, 10)}`;
  const encryptedAtRest = opened.format !== 'plain-text';
  const reportName = encryptedAtRest ? 'report.eml' : 'report.eml.asc';
  // A report that came in clear is stored encrypted to the team key, so no report is readable at rest.
  const report = encryptedAtRest ? bytes : await encryptToKey(new Uint8Array(bytes), key.toPublic(), options.now);

  const privateFor = (id: string): Record<string, unknown> =>
    withoutNulls({
      reporter_name: mail.from.name,
      reporter_contact: mail.from.address,
      reporter_key: opened.reporterKey,
      signature: opened.signature,
      signature_note: opened.signature === 'unsigned' ? null : opened.signatureNote,
      received,
      message_id: mail.messageId,
      report: `advisories/${id}/${reportName} (${encryptedAtRest ? `as received, ${opened.format}, encrypted to the team key ${fingerprint}` : `arrived UNENCRYPTED; stored encrypted to the team key ${fingerprint}`})`,
      triage_notes: `Not triaged yet. Acknowledge within ${ACK_HOURS} hours of received. Read the report with: ${
        encryptedAtRest ? `npm run intake -- advisories/${id}/${reportName} --dry-run --show` : `gpg --decrypt advisories/${id}/${reportName}`
      }`,
    });
  const draftText = (id: string) =>
    scaffoldText(id, { title, summary: 'TODO: one sentence: what is wrong and what an attacker could do.', status: 'draft', private: privateFor(id) }, config.project.name);

  const dir = path.join(root, 'advisories');
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  let id: string;
  let file: string;
  let reportFile: string;
  if (options.dryRun) {
    id = await nextId(dir, config.id_prefix, options.now.getUTCFullYear());
    file = path.join(dir, `${id}.md`);
    reportFile = path.join(dir, id, reportName);
  } else {
    ({ id, file, reportFile } = await createDraftWithReport(dir, config.id_prefix, options.now.getUTCFullYear(), draftText, reportName, report));
  }
  return {
    id,
    file: rel(file),
    report: rel(reportFile),
    written: !options.dryRun,
    format: opened.format,
    title,
    reporter: mail.from,
    reporterKey: opened.reporterKey,
    signature: opened.signature,
    signatureNote: opened.signatureNote,
    received,
    messageId: mail.messageId,
    warnings,
    text: opened.text,
  };
}

function withoutNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

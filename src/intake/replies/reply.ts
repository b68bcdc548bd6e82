// `npm run reply`: a reply to the reporter rendered from the advisory, as an RFC 5322 .eml for the
// responder's mail client to send (disclose never sends it). When the reporter's public key is
// known the body is an inline PGP message signed by the team key and encrypted to the reporter AND
// the team, so the team can still read what it sent; otherwise it is plain text and the caller
// warns. The reporter's name and address (from `private`) appear only in the To: header.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as openpgp from 'openpgp';
import type { PublicKey } from 'openpgp';
import { advisoryFile, parseAdvisoryId } from '../../advisory/id.ts';
import { loadAdvisory } from '../../advisory/parse.ts';
import { OutboundGate } from '../../gate/index.ts';
import { gateForAdvisory } from '../../gate/repository.ts';
import { writeFileAtomic } from '../../channels/write-atomic.ts';
import type { TeamConfig } from '../../config/schema.ts';
import { findRepoRoot, formatFingerprint, formatMailDate, loadSigningKeyFromEnv, readPublicKeysFile } from '../../crypto/index.ts';
import { InputError, RefusedError, UsageError } from '../../errors.ts';
import { TEMPLATES, TEMPLATE_NAMES, isTemplateName, suggestTemplate, type ReplyContext } from './templates.ts';
import { layout } from './wrap.ts';

/** The private fields that are the reporter's own: a reply to them may carry these. */
const REPORTER_OWN = new Set(['private.reporter_name', 'private.reporter_contact', 'private.reporter_key', 'private.message_id']);

/** Where the team keeps a reporter's public key, when it has one (intake stores only the fingerprint). */
export const REPORTER_KEY_FILE = 'reporter-key.asc';

export interface ReplyOptions {
  root: string;
  config: TeamConfig;
  id: string;
  template: string;
  now: Date;
  /** An armored public key file for the reporter; default advisories/<ID>/reporter-key.asc if present. */
  reporterKeyFile?: string;
  /** Output file; default outbox/<ID>/replies/<template>.eml under root. */
  out?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ReplyResult {
  id: string;
  template: string;
  file: string;
  to: string;
  subject: string;
  encrypted: boolean;
  /** Fingerprints the body is encrypted to (reporter, team), empty when in clear. */
  recipients: string[];
  signedBy: string | null;
  warnings: string[];
}

export function unknownTemplate(name: string): UsageError {
  const guess = suggestTemplate(name);
  return new UsageError(`unknown template "${name}"${guess ? ` — did you mean "${guess}"?` : ''} Templates: ${TEMPLATE_NAMES.join(', ')}`);
}

export async function renderReply(options: ReplyOptions): Promise<ReplyResult> {
  const { root, config, id, now } = options;
  if (!isTemplateName(options.template)) throw unknownTemplate(options.template);
  const template = TEMPLATES[options.template];
  const file = advisoryFile(root, parseAdvisoryId(id, config.id_prefix));
  if (!existsSync(file)) throw new InputError(`${path.relative(root, file)}: no such advisory — check the id (npm run status lists open ones)`);
  const advisory = await loadAdvisory(file);
  const data = advisory.data;
  const ctx: ReplyContext = { data, config, now };
  const refusal = template.refuse(ctx);
  if (refusal) throw new RefusedError(`the ${options.template} reply does not fit ${id}: ${refusal}`);

  const priv = (data.private ?? {}) as Record<string, unknown>;
  const address = typeof priv.reporter_contact === 'string' ? priv.reporter_contact.trim() : '';
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address)) {
    throw new InputError(`${path.relative(root, file)}: private.reporter_contact ${address ? 'is not a mail address' : 'is missing'} — set it to the reporter's address (e.g. ada@example.net)`);
  }
  const name = typeof priv.reporter_name === 'string' ? priv.reporter_name.trim() : '';
  const to = name ? `${/^[\x20-\x7e]*$/.test(name) ? quoteName(name) : encodeWords(name)} <${address}>` : address;

  const text = template.render(ctx);
  const body = layout(text.blocks);
  // The reply goes outside the team: through the gate like every other output. The reporter's own
  // name, address, key and thread id are theirs to receive; nothing else from `private` is, nor
  // anything of another advisory that is not public.
  const gate = await gateForAdvisory(advisory, now, config.project.name);
  const forReporter = new OutboundGate({ ...gate.rules, privateValues: gate.rules.privateValues.filter((v) => !REPORTER_OWN.has(v.field)) });
  forReporter.pass([{ name: `reply ${options.template}`, content: `${text.subject}\n${body}`, public: true }], `the ${options.template} reply for ${id}`);
  const warnings: string[] = [];
  const reporterKey = await findReporterKey(options, root, id, priv, warnings);

  let bodyPart: string;
  let recipients: string[] = [];
  let signedBy: string | null = null;
  if (reporterKey) {
    const team = await loadSigningKeyFromEnv(options.env ?? process.env, { expectedFingerprint: config.signing.fingerprint, repoRoot: findRepoRoot(root), date: now });
    warnings.push(...team.warnings);
    const message = await openpgp.createMessage({ text: body });
    let armored: string;
    try {
      armored = await openpgp.encrypt({ message, encryptionKeys: [reporterKey, team.key.toPublic()], signingKeys: team.key, date: now, format: 'armored' });
    } catch {
      throw new InputError(`cannot encrypt to the reporter's key ${formatFingerprint(reporterKey.getFingerprint())}: it has no valid encryption subkey at ${now.toISOString()} (expired or revoked?) — ask the reporter for a current key`);
    }
    bodyPart = armored;
    recipients = [formatFingerprint(reporterKey.getFingerprint()), team.fingerprint];
    signedBy = team.fingerprint;
  } else {
    bodyPart = body;
    warnings.push(`no public key for the reporter of ${id}: the reply is NOT encrypted — pass --reporter-key <file> or save their key as advisories/${id}/${REPORTER_KEY_FILE} to encrypt it`);
  }

  const headers = [
    `From: ${config.mail.from}`,
    `To: ${to}`,
    `Subject: ${encodeWords(text.subject)}`,
    `Date: ${formatMailDate(now)}`,
    `Message-ID: <${id}.reply.${randomBytes(6).toString('hex')}@${config.mail.message_id_domain}>`,
    ...(typeof priv.message_id === 'string' && /^<[^<>\s]+>$/.test(priv.message_id) ? [`In-Reply-To: ${priv.message_id}`, `References: ${priv.message_id}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${/^[\x00-\x7f]*$/.test(bodyPart) ? '7bit' : '8bit'}`,
  ];
  const eml = `${headers.join('\r\n')}\r\n\r\n${bodyPart.replace(/\r?\n/g, '\r\n')}`;
  const out = path.resolve(root, options.out ?? path.join('outbox', id, 'replies', `${options.template}.eml`));
  await writeFileAtomic(out, eml);
  return { id, template: options.template, file: out, to, subject: text.subject, encrypted: reporterKey !== null, recipients, signedBy, warnings };
}

async function findReporterKey(options: ReplyOptions, root: string, id: string, priv: Record<string, unknown>, warnings: string[]): Promise<PublicKey | null> {
  const stored = path.join(root, 'advisories', id, REPORTER_KEY_FILE);
  const keyFile = options.reporterKeyFile ?? (existsSync(stored) ? stored : null);
  const expected = typeof priv.reporter_key === 'string' ? formatFingerprint(priv.reporter_key) : null;
  if (!keyFile) {
    if (expected) warnings.push(`private.reporter_key names ${expected}, but the key itself is not available`);
    return null;
  }
  const keys = await readPublicKeysFile(keyFile);
  const key = expected ? keys.find((k) => formatFingerprint(k.getFingerprint()) === expected) : keys[0];
  if (!key) {
    // Encrypting to a key other than the one the reporter signed with would hand the issue to whoever holds it.
    throw new InputError(
      `${keyFile} holds ${keys.map((k) => formatFingerprint(k.getFingerprint())).join(', ')}, not the reporter's key ${expected} recorded in private.reporter_key — use the reporter's key, or correct private.reporter_key if they changed keys`,
    );
  }
  if (keys.length > 1 && !expected) throw new InputError(`${keyFile} holds ${keys.length} keys — keep only the reporter's, or set private.reporter_key to its fingerprint`);
  return key;
}

/** A display name as an RFC 5322 phrase: quoted unless it is plain words. */
function quoteName(name: string): string {
  return /^[A-Za-z0-9 '-]*$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}

/** RFC 2047 encoded-word for a header value that is not plain ASCII. */
function encodeWords(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

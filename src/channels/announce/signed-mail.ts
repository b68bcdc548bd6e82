// What the announcement and its follow-ups share: the archive lookup by Message-ID, and the
// signature checked on the exact bytes about to be sent (not only on the text preflight signed).
import type { TeamConfig } from '../../config/schema.ts';
import { RefusedError } from '../../errors.ts';
import type { Evidence } from '../../publish/step-context.ts';
import type { SigningKey } from '../../publish/signing.ts';
import { verifySignedMail } from '../../publish/verify-mail.ts';
import { findArchived } from './deliver.ts';

/** The list archive's copy of `messageId`, or 'unknown' (no archive, or not there: perhaps not yet). */
export async function archivedMail(config: TeamConfig, messageId: string, timeoutMs: number | undefined): Promise<Evidence | 'unknown'> {
  const template = config.mail.archive_url;
  if (!template) return 'unknown';
  const url = await findArchived(template, messageId, timeoutMs);
  return url ? { messageId, archived: url, foundBy: 'list archive' } : 'unknown';
}

/** Refuses (exit 3) unless `raw` carries a signature by `key` that verifies; `what` names the mail. */
export async function verifiedBeforeSending(raw: Buffer, key: SigningKey | undefined, at: Date, what: 'the announcement' | 'the follow-up to the announcement'): Promise<void> {
  if (!key) throw new RefusedError(`${what} must be signed: no signing key is loaded`);
  const check = await verifySignedMail(raw, key.publicKey, at);
  if (!check.body.valid || check.attachment?.valid === false) {
    const short = what === 'the announcement' ? "the announcement's" : "the follow-up's";
    throw new RefusedError(`${short} signature does not verify on the bytes to be sent (${check.body.error ?? check.attachment?.error}); nothing was sent`);
  }
}

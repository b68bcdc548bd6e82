// Delivery of the announcement mail, and finding an already-sent announcement in the list's public
// archive. The other mail channels (oss-security, distros) deliver through the same SMTP path.
// Composing and sending live in src/mail/smtp.ts (one SMTP path for every mail channel); they are
// re-exported here so the channel keeps its small interface (render, deliver, find-existing).
export { composeMail, sendMail, verifySmtp, MailError, type MailPayload, type MailSent, type SmtpOptions } from '../../mail/smtp.ts';

/** The public archive URL of a Message-ID, from config.mail.archive_url ({message_id} placeholder). */
export function archiveUrl(template: string, messageId: string): string {
  return template.replace('{message_id}', encodeURIComponent(messageId.replace(/^<|>$/g, '')));
}

/**
 * Looks a Message-ID up in the list archive: the URL when the archive has it, null when it answers
 * 404. Any other answer is an error: "cannot tell" must never be read as "not sent".
 */
export async function findArchived(template: string, messageId: string, timeoutMs = 30_000): Promise<string | null> {
  const url = archiveUrl(template, messageId);
  let res: Response;
  try {
    res = await fetch(url, { method: 'GET', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new Error(`the list archive at ${new URL(url).origin} did not answer (${(e as Error).message})`);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.status === 200) return url;
  if (res.status === 404) return null;
  throw new Error(`the list archive answered ${res.status} for ${url}`);
}

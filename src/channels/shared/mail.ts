// The mail payload and its outbox files, the same for every mail channel.
import type { MailAttachment, Payload, RenderContext } from '../types.ts';

type MailPayload = Extract<Payload, { kind: 'mail' }>;

export function mailPayload(
  ctx: RenderContext,
  fields: { to: string; subject: string; messageId: string; text: string; attachments?: MailAttachment[]; inReplyTo?: string },
): MailPayload {
  return {
    kind: 'mail',
    from: ctx.config.mail.from,
    to: fields.to,
    subject: fields.subject,
    messageId: fields.messageId,
    text: fields.text,
    attachments: fields.attachments ?? [],
    ...(fields.inReplyTo ? { inReplyTo: fields.inReplyTo } : {}),
  };
}

/** The mail's envelope and headers as JSON (the text is written next to it). */
export function mailHeadersFile(payload: MailPayload): string {
  const { text: _text, attachments, ...headers } = payload;
  return (
    JSON.stringify(
      { ...headers, attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, bytes: byteLength(a.content) })) },
      null,
      2,
    ) + '\n'
  );
}

/** The two outbox files of a mail: `<base>.txt` (the text) and `<base>.json` (headers, attachments). */
export function mailFiles(base: string, payload: MailPayload): { name: string; content: string }[] {
  return [
    { name: `${base}.txt`, content: payload.text },
    { name: `${base}.json`, content: mailHeadersFile(payload) },
  ];
}

function byteLength(content: string | Uint8Array): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
}

/** The bare address of a "Name <address>" mailbox. */
export function address(mailbox: string): string {
  return /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox;
}

/** The CVE ids joined, or the advisory id when there is none (subjects always name the issue). */
export function issueIds(ctx: RenderContext): string {
  const cves = ctx.advisory.data.cve ?? [];
  return cves.length > 0 ? cves.join(', ') : ctx.advisory.data.id;
}

// announce, amended: a signed follow-up to the list, In-Reply-To the announcement. Its body is the
// clearsigned errata text; the full updated advisory is attached, clearsigned too.
import { amendSmtp, errataOf, type AmendContext, type AmendStep } from '../../publish/amend-context.ts';
import { writeOut } from '../../publish/step-context.ts';
import type { MailAttachment } from '../types.ts';
import { composeMail, sendMail, type MailPayload } from './deliver.ts';
import { archivedMail, verifiedBeforeSending } from './signed-mail.ts';

export async function signedErrata(ctx: AmendContext): Promise<{ payload: MailPayload; raw: Buffer; signed: string | null; attachments: MailAttachment[] }> {
  const mail = errataOf(ctx, 'announce', 'mail');
  const at = ctx.clock();
  const signed = ctx.key ? await ctx.key.clearsign(mail.text, at) : null;
  const asc: MailAttachment[] = [];
  for (const a of mail.attachments) {
    if (ctx.key && typeof a.content === 'string' && a.filename.endsWith('.txt')) {
      asc.push({ filename: `${a.filename}.asc`, content: await ctx.key.clearsign(a.content, at), contentType: a.contentType });
    }
  }
  // Signed copies replace the plain ones they were made from (as the announcement does).
  const payload: MailPayload = ctx.key ? { ...mail, attachments: mail.attachments.filter((a) => !asc.some((s) => s.filename === `${a.filename}.asc`)) } : mail;
  return { payload, raw: await composeMail(payload, signed ?? mail.text, asc), signed, attachments: asc };
}

const followUpId = (ctx: AmendContext) => errataOf(ctx, 'announce', 'mail').messageId;

export const announceAmend: AmendStep = {
  key: followUpId,
  find: (ctx) => archivedMail(ctx.config, followUpId(ctx), ctx.timeoutMs),
  async perform(ctx) {
    const { payload, raw } = await signedErrata(ctx);
    await verifiedBeforeSending(raw, ctx.key, ctx.clock(), 'the follow-up to the announcement');
    const sent = await sendMail(payload, raw, amendSmtp(ctx));
    return { messageId: sent.messageId, inReplyTo: payload.inReplyTo ?? '', response: sent.response };
  },
  async rehearse(ctx, outbox) {
    const { raw, signed, attachments } = await signedErrata(ctx);
    const files = [await writeOut(outbox, '01-announce-followup.eml', raw)];
    if (signed) for (const a of attachments) files.push(await writeOut(outbox, `01-${a.filename}`, a.content));
    else ctx.reporter.warn('no signing key: the rehearsal follow-up is NOT signed (a live run refuses without the key)');
    return files;
  },
};

// oss-security, amended: a plain follow-up mail, In-Reply-To the original.
import { amendSmtp, errataOf, type AmendStep } from '../../publish/amend-context.ts';
import { writeOut } from '../../publish/step-context.ts';
import { composeMail, sendMail } from './deliver.ts';

export const ossSecurityAmend: AmendStep = {
  key: (ctx) => errataOf(ctx, 'oss-security', 'mail').messageId,
  find: async () => 'unknown',
  async perform(ctx) {
    const payload = errataOf(ctx, 'oss-security', 'mail');
    const sent = await sendMail(payload, await composeMail(payload), amendSmtp(ctx));
    return { messageId: sent.messageId, inReplyTo: payload.inReplyTo ?? '', response: sent.response };
  },
  async rehearse(ctx, outbox) {
    return [await writeOut(outbox, '05-oss-security-followup.eml', await composeMail(errataOf(ctx, 'oss-security', 'mail')))];
  },
};

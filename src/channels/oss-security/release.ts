// oss-security on release day: a plain mail to the public list, sent last.
import { outgoingOf, renderedPayload, smtpTarget, writeOut, type ChannelStepImpl, type StepContext } from '../../publish/step-context.ts';
import { composeMail, sendMail, type MailPayload } from './deliver.ts';

const ossPayload = (ctx: StepContext): Promise<MailPayload> => renderedPayload(ctx, 'oss-security', 'mail');

const ossSecurityStep: ChannelStepImpl = {
  outgoing: outgoingOf('oss-security'),
  key: async (ctx) => (await ossPayload(ctx)).messageId,
  // openwall's archive cannot be searched by Message-ID: an unknown outcome needs a person.
  find: async () => 'unknown',
  async perform(ctx) {
    const payload = await ossPayload(ctx);
    const sent = await sendMail(payload, await composeMail(payload), smtpTarget(ctx.secrets.smtpUrl, ctx.options.timeoutMs));
    return { messageId: sent.messageId, response: sent.response };
  },
  async rehearse(ctx, outbox) {
    return [await writeOut(outbox, '06-oss-security.eml', await composeMail(await ossPayload(ctx)))];
  },
};

export const ossSecurityRelease = { 'oss-security': ossSecurityStep };

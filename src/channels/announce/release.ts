// announce on release day: the signed mail (found again in the list archive by its Message-ID),
// then its archive URL, recorded for the blog, forum and oss-security texts to link to.
import { RefusedError } from '../../errors.ts';
import { outgoingOf, renderedPayload, smtpTarget, writeOut, type Evidence, type ChannelStepImpl, type StepContext } from '../../publish/step-context.ts';
import type { MailAttachment } from '../types.ts';
import { archiveUrl, composeMail, findArchived, sendMail, type MailPayload } from './deliver.ts';
import { archivedMail, verifiedBeforeSending } from './signed-mail.ts';

/**
 * The announcement as it goes out: the signed text as body, and the same signed text attached in
 * place of the plain copy the renderer lists (`<ID>.txt` becomes `<ID>.txt.asc`, as `npm run render`
 * names it). `readdress` changes the envelope (--test-to: one teammate, its own Message-ID).
 */
export async function signedAnnouncement(
  ctx: StepContext,
  readdress: (p: MailPayload) => MailPayload = (p) => p,
): Promise<{ payload: MailPayload; signed: string | null; raw: Buffer; signedName: string }> {
  const mail = await renderedPayload(ctx, 'announce', 'mail');
  const signed = ctx.key ? await ctx.key.clearsign(mail.text) : null;
  const plain = mail.attachments.find((a) => a.content === mail.text);
  const signedName = `${plain?.filename ?? `${ctx.advisory.data.id}.txt`}.asc`;
  const asc: MailAttachment[] = signed ? [{ filename: signedName, content: signed, contentType: 'text/plain; charset=utf-8' }] : [];
  const payload = readdress({ ...mail, attachments: mail.attachments.filter((a) => a !== plain) });
  if (ctx.key && ctx.options.pgpMime) {
    // PGP/MIME: the plain text is the signed part, with the clearsigned copy attached inside it.
    const raw = await ctx.key.pgpMime({
      from: payload.from,
      to: payload.to,
      subject: payload.subject,
      messageId: payload.messageId,
      date: ctx.clock(),
      text: mail.text,
      attachments: [...payload.attachments, ...asc],
    });
    return { payload, signed, raw: Buffer.from(raw), signedName };
  }
  return { payload, signed, raw: await composeMail(payload, signed ?? mail.text, asc), signedName };
}

const messageIdOf = async (ctx: StepContext) => (await renderedPayload(ctx, 'announce', 'mail')).messageId;

const announceStep: ChannelStepImpl = {
  outgoing: outgoingOf('announce'),
  key: messageIdOf,
  find: async (ctx) => archivedMail(ctx.config, await messageIdOf(ctx), ctx.options.timeoutMs),
  unknownNote: (ctx) => (ctx.config.mail.archive_url ? 'the list archive does not have it, perhaps not yet' : undefined),
  async perform(ctx) {
    const { payload, raw } = await signedAnnouncement(ctx);
    // The bytes about to go out are checked, not only the text preflight signed.
    await verifiedBeforeSending(raw, ctx.key, ctx.clock(), 'the announcement');
    const sent = await sendMail(payload, raw, smtpTarget(ctx.secrets.smtpUrl, ctx.options.timeoutMs));
    return { messageId: sent.messageId, response: sent.response };
  },
  async rehearse(ctx, outbox) {
    const { signed, raw, signedName } = await signedAnnouncement(ctx);
    const files = [await writeOut(outbox, '01-announce.eml', raw)];
    if (signed) files.push(await writeOut(outbox, `01-${signedName}`, signed));
    else ctx.reporter.warn('no signing key: the rehearsal announcement is NOT signed (a live run refuses without the key)');
    return files;
  },
};

// announce-url: no side effect, only a decision that later steps render with.

async function announcementUrl(ctx: StepContext, live: boolean): Promise<Evidence> {
  if (ctx.options.announceUrl) return { url: ctx.options.announceUrl, source: '--announce-url' };
  const template = ctx.config.mail.archive_url;
  const messageId = await messageIdOf(ctx);
  if (template) {
    const url = archiveUrl(template, messageId);
    if (live) {
      const found = await findArchived(template, messageId, ctx.options.timeoutMs).catch((e: Error) => {
        ctx.reporter.warn(`the list archive could not be asked (${e.message}); recording ${url} anyway`);
        return url;
      });
      if (!found) ctx.reporter.warn(`the list archive does not show ${messageId} yet; recording ${url}, which is where it will appear`);
    }
    return { url, source: 'mail.archive_url' };
  }
  if (live && ctx.options.prompt) {
    const answer = (await ctx.options.prompt(`Archive URL of the announcement ${messageId}: `)).trim();
    if (/^https?:\/\//.test(answer)) return { url: answer, source: 'prompt' };
  }
  if (!live) return { url: `<archive URL of ${messageId}: pass --announce-url on the day>`, source: 'placeholder' };
  throw new RefusedError(
    `the announcement's archive URL is unknown: config mail.archive_url is not set and no URL was given — find ${messageId} in the list archive and re-run with --announce-url <url> (the mail is not sent again)`,
  );
}

const announceUrlStep: ChannelStepImpl = {
  key: async () => 'announce-url',
  find: async () => null,
  perform: (ctx) => announcementUrl(ctx, true),
  async rehearse(ctx, outbox) {
    const ev = await announcementUrl(ctx, false);
    ctx.links.announce = ev.url;
    return [await writeOut(outbox, '02-announce-url.txt', `${ev.url}\n`)];
  },
  links: (ev) => ({ announce: ev.url }),
};

export const announceRelease = { announce: announceStep, 'announce-url': announceUrlStep };

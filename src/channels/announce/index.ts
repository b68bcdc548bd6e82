// `announce`: the official advisory, a plain-text mail to the announcements list, wrapped at 72
// columns here so the text that is signed is the text that is read. Rendering produces the plain
// text; `npm run render` / publish sign it (clearsigned inline, or PGP/MIME) and attach the SIGNED
// text in place of the plain copy listed here.
import { completeBody } from '../shared/body.ts';
import { joinMarkdown, plainMail } from '../shared/compose.ts';
import { messageId } from '../shared/links.ts';
import { issueIds, mailFiles, mailHeadersFile, mailPayload } from '../shared/mail.ts';
import { signedAttachmentNote, teamName } from '../shared/notes.ts';
import { formatUtc } from '../shared/time.ts';
import { latestUpdate, updateStamp, updatesSection, withdrawnNotice } from '../shared/updates.ts';
import type { ChannelModule, RenderContext, RenderedChannel, RenderedErrata } from '../types.ts';
import { defineChannel } from '../define.ts';
import { announceAmend } from './amend.ts';
import { announceRelease } from './release.ts';
import { announceSpec } from './spec.ts';

export const ANNOUNCEMENT_FILE = 'announce/announcement.txt';

export function announceSubject(ctx: RenderContext): string {
  return `${ctx.config.mail.subject_prefix} ${ctx.advisory.data.title} (${issueIds(ctx)})`;
}

/** The announcement text, exactly as it will be signed. */
export function announcementText(ctx: RenderContext): string {
  const { advisory } = ctx;
  return plainMail(ctx, {
    title: advisory.data.title,
    header: true,
    markdown: joinMarkdown([withdrawnNotice(advisory), completeBody(advisory, ctx.now), updatesSection(advisory), signedAttachmentNote(ctx)]),
  });
}

function errata(ctx: RenderContext, announcement: string): RenderedErrata | undefined {
  const update = latestUpdate(ctx.advisory);
  if (!update) return undefined;
  const stamp = updateStamp(update.at);
  const text = plainMail(ctx, {
    title: `Update to ${ctx.advisory.data.id}: ${ctx.advisory.data.title}`,
    header: true,
    markdown: joinMarkdown([
      `The ${teamName(ctx)} has updated advisory ${ctx.advisory.data.id}, announced on ${formatUtc(ctx.advisory.data.embargo!)}.`,
      updatesSection(ctx.advisory),
      signedAttachmentNote(ctx, 'updated-advisory'),
    ]),
  });
  const payload = mailPayload(ctx, {
    to: ctx.config.mail.announce,
    subject: `Re: ${announceSubject(ctx)}`,
    messageId: messageId(ctx, `announce.update-${stamp}`),
    inReplyTo: messageId(ctx, 'announce'),
    text,
    attachments: [{ filename: `${ctx.advisory.data.id}.txt`, content: announcement, contentType: 'text/plain; charset=utf-8' }],
  });
  return {
    at: update.at,
    payload,
    files: mailFiles(`announce/errata-${stamp}`, payload),
  };
}

export const announce: ChannelModule = defineChannel(announceSpec, {
  render(ctx: RenderContext): RenderedChannel {
    const text = announcementText(ctx);
    const payload = mailPayload(ctx, {
      to: ctx.config.mail.announce,
      subject: announceSubject(ctx),
      messageId: messageId(ctx, 'announce'),
      text,
      attachments: [{ filename: `${ctx.advisory.data.id}.txt`, content: text, contentType: 'text/plain; charset=utf-8' }],
    });
    return {
      channel: 'announce',
      public: true,
      payload,
      files: [
        { name: ANNOUNCEMENT_FILE, content: text },
        { name: 'announce/mail.json', content: mailHeadersFile(payload) },
      ],
      errata: errata(ctx, text),
    };
  },
  release: announceRelease,
  amend: announceAmend,
});

export default announce;

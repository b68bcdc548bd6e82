// `oss-security`: the public list wants the details in the mail itself (it rejects bare links),
// so this is the full advisory as plain text, with a pointer to the signed original. Its own mail,
// never a cross-post of the announcement.
import { completeBody } from '../shared/body.ts';
import { joinMarkdown, plainMail } from '../shared/compose.ts';
import { messageId } from '../shared/links.ts';
import { issueIds, mailFiles, mailPayload } from '../shared/mail.ts';
import { officialAdvisoryNote, teamName } from '../shared/notes.ts';
import { latestUpdate, updateStamp, updatesSection, withdrawnNotice } from '../shared/updates.ts';
import type { ChannelModule, RenderContext, RenderedChannel, RenderedErrata } from '../types.ts';
import { defineChannel } from '../define.ts';
import { ossSecurityAmend } from './amend.ts';
import { ossSecurityRelease } from './release.ts';
import { ossSecuritySpec } from './spec.ts';

export function ossSecuritySubject(ctx: RenderContext): string {
  return `${issueIds(ctx)}: ${ctx.advisory.data.title}`;
}

function errata(ctx: RenderContext): RenderedErrata | undefined {
  const update = latestUpdate(ctx.advisory);
  if (!update) return undefined;
  const stamp = updateStamp(update.at);
  const text = plainMail(ctx, {
    title: `Update: ${ctx.advisory.data.title}`,
    header: false,
    markdown: joinMarkdown([`The ${teamName(ctx)} has updated advisory ${ctx.advisory.data.id} (${issueIds(ctx)}).`, updatesSection(ctx.advisory), officialAdvisoryNote(ctx)]),
  });
  const payload = mailPayload(ctx, {
    to: ctx.config.mail.oss_security,
    subject: `Re: ${ossSecuritySubject(ctx)}`,
    messageId: messageId(ctx, `oss-security.update-${stamp}`),
    inReplyTo: messageId(ctx, 'oss-security'),
    text,
  });
  return {
    at: update.at,
    payload,
    files: mailFiles(`oss-security/errata-${stamp}`, payload),
  };
}

export const ossSecurity: ChannelModule = defineChannel(ossSecuritySpec, {
  render(ctx: RenderContext): RenderedChannel {
    const text = plainMail(ctx, {
      title: ctx.advisory.data.title,
      header: true,
      markdown: joinMarkdown([withdrawnNotice(ctx.advisory), officialAdvisoryNote(ctx), completeBody(ctx.advisory, ctx.now), updatesSection(ctx.advisory)]),
    });
    const payload = mailPayload(ctx, {
      to: ctx.config.mail.oss_security,
      subject: ossSecuritySubject(ctx),
      messageId: messageId(ctx, 'oss-security'),
      text,
    });
    return {
      channel: 'oss-security',
      public: true,
      payload,
      files: mailFiles('oss-security/mail', payload),
      errata: errata(ctx),
    };
  },
  release: ossSecurityRelease,
  amend: ossSecurityAmend,
});

export default ossSecurity;

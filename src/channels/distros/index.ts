// `distros`: the private advance notice to the distros list (3–14 days before the embargo). It
// states the tentative public date and time in UTC (and in the team's zone), what distributors
// should do, attaches the patches from advisories/<ID>/, and reminds that the list's policy makes
// everything sent here public on that date. Private, but never carries `private` either.
import { platformName } from '../../advisory/ranges.ts';
import { completeBody } from '../shared/body.ts';
import { joinMarkdown, plainMail } from '../shared/compose.ts';
import { messageId } from '../shared/links.ts';
import { address, issueIds, mailFiles, mailPayload } from '../shared/mail.ts';
import { teamName } from '../shared/notes.ts';
import { formatInZone, formatUtc } from '../shared/time.ts';
import { updatesSection } from '../shared/updates.ts';
import type { ChannelModule, MailAttachment, RenderContext, RenderedChannel } from '../types.ts';
import { defineChannel } from '../define.ts';
import { distrosSpec } from './spec.ts';

export function distrosSubject(ctx: RenderContext): string {
  return `[vs] ${ctx.advisory.data.title} (${issueIds(ctx)})`;
}

function contentType(name: string): string {
  if (/\.(patch|diff)$/.test(name)) return 'text/x-diff; charset=utf-8';
  if (/\.(txt|md)$/.test(name)) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

function embargoNotice(ctx: RenderContext): string {
  const { data } = ctx.advisory;
  const at = data.embargo!;
  return joinMarkdown([
    `This is an advance notice from the ${teamName(ctx)} of a security issue in ${ctx.config.project.name}, for the members of the distros list. It is under embargo: please do not share it beyond the people who need it to prepare updates. The tentative public date and time is:`,
    `- ${formatUtc(at)}\n- ${formatInZone(at, ctx.config.timezone)}`,
    `If the date moves, we will tell the list. As the list's policy requires, everything sent to the list about this issue, this message and its attachments included, becomes public on that date: we post it to oss-security when the advisory is published.`,
  ]);
}

function suggestedActions(ctx: RenderContext): string {
  const { data } = ctx.advisory;
  const when = formatUtc(data.embargo!);
  const patches = ctx.attachments.map((a) => a.name);
  const actions: string[] = [];
  for (const a of data.affected ?? []) {
    if (a.ecosystem === 'service') {
      actions.push(`${a.package} is a service we run: there is nothing to package.`);
      continue;
    }
    const fixed = (a.ranges ?? []).map((r) => r.fixed).filter((v): v is string => v !== undefined);
    const only = a.platforms?.length ? ` Only ${a.platforms.map(platformName).join(', ')} builds are affected.` : '';
    if (fixed.length) {
      const patch = patches.length ? `, or apply the attached ${patches.length > 1 ? 'patches' : 'patch'} (${patches.join(', ')}) to the versions you ship` : '';
      actions.push(`Prepare updated packages of ${a.package} ${fixed.join(' / ')}${patch}.${only}`);
    } else {
      actions.push(`No fixed version of ${a.package} exists yet: apply the mitigations below.${only}`);
    }
  }
  actions.push(`Publish fixed packages, commits and changelogs no earlier than ${when}.`);
  actions.push(`Send questions to ${address(ctx.config.mail.from)}, or reply on the list.`);
  return `## Suggested actions for distributors\n\n${actions.map((a) => `- ${a}`).join('\n')}`;
}

function attachmentsSection(ctx: RenderContext): string | null {
  if (ctx.attachments.length === 0) return null;
  return `## Attached files\n\n${ctx.attachments.map((a) => `- ${a.name} (${a.content.byteLength} bytes)`).join('\n')}`;
}

export const distros: ChannelModule = defineChannel(distrosSpec, {
  render(ctx: RenderContext): RenderedChannel {
    if (ctx.advisory.data.embargo === undefined) {
      throw new Error(`${ctx.advisory.file}: embargo: the distros mail states the public date; set it first`);
    }
    const text = plainMail(ctx, {
      title: ctx.advisory.data.title,
      preface: embargoNotice(ctx),
      header: true,
      markdown: joinMarkdown([suggestedActions(ctx), completeBody(ctx.advisory, ctx.now), updatesSection(ctx.advisory), attachmentsSection(ctx)]),
    });
    const attachments: MailAttachment[] = ctx.attachments.map((a) => ({ filename: a.name, content: a.content, contentType: contentType(a.name) }));
    const payload = mailPayload(ctx, { to: ctx.config.mail.distros, subject: distrosSubject(ctx), messageId: messageId(ctx, 'distros'), text, attachments });
    return {
      channel: 'distros',
      public: false,
      payload,
      files: [
        ...mailFiles('distros/mail', payload),
        ...ctx.attachments.map((a) => ({ name: `distros/attachments/${a.name}`, content: a.content })),
      ],
    };
  },
  release: {},
  amend: undefined,
});

export default distros;

// The replies the team sends a reporter (spec §9), one function per template. Each states when it
// fits the advisory (`refuse` returns the reason it does not) and renders a subject and body from
// the advisory's public fields and the config. No template reads `private`: the only private
// values a reply carries are the reporter's own name and address, in the To: header (reply.ts).
import { isPublic } from '../../advisory/visibility.ts';
import type { AdvisoryData, Credit } from '../../advisory/schema.ts';
import type { TeamConfig } from '../../config/schema.ts';
import { formatInZone, formatUtc } from '../../channels/shared/time.ts';
import type { Block } from './wrap.ts';

export interface ReplyContext {
  data: AdvisoryData;
  config: TeamConfig;
  now: Date;
}

export interface ReplyText {
  subject: string;
  blocks: Block[];
}

export interface ReplyTemplate {
  /** One line for --help. */
  purpose: string;
  /** Why this reply does not fit the advisory now, or null when it does. */
  refuse(ctx: ReplyContext): string | null;
  render(ctx: ReplyContext): ReplyText;
}

const OPEN = ['draft', 'embargoed'];

function subject(ctx: ReplyContext, what: string): string {
  // The subject crosses the network in clear even when the body is encrypted: id and purpose only,
  // never the title of an unpublished issue.
  return `${ctx.config.mail.subject_prefix} ${ctx.data.id}: ${what}`;
}

function about(ctx: ReplyContext): string {
  return `This is about your report "${ctx.data.title}", which we track as ${ctx.data.id}.`;
}

function signoff(ctx: ReplyContext): Block {
  const from = ctx.config.mail.from;
  const name = /^\s*"?([^"<]*?)"?\s*</.exec(from)?.[1] || `the ${ctx.config.project.name} security team`;
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return `Regards, ${name} (${address})`;
}

/** "2026-12-08 17:00 UTC (2026-12-08 18:00 Europe/Berlin (UTC+01:00))". */
export function embargoTime(ctx: ReplyContext): string {
  const at = ctx.data.embargo as string;
  return ctx.config.timezone === 'UTC' ? formatUtc(at) : `${formatUtc(at)}, which is ${formatInZone(at, ctx.config.timezone)}`;
}

export function creditLine(c: Credit): string {
  const extra = [c.role.replaceAll('_', ' '), c.org, c.github && `GitHub @${c.github}`].filter(Boolean);
  return `${c.name} (${extra.join(', ')})`;
}

function facts(ctx: ReplyContext): string[] {
  const d = ctx.data;
  const list = [`Advisory: ${d.id}`];
  if (d.severity) list.push(`Severity: ${d.severity}`);
  if (d.cve && d.cve.length > 0) list.push(`CVE: ${d.cve.join(', ')}`);
  if (d.embargo) list.push(`Disclosure: ${embargoTime(ctx)}`);
  return list;
}

function needsOpen(ctx: ReplyContext, template: string): string | null {
  return OPEN.includes(ctx.data.status) ? null : `${template} is for an open report, and ${ctx.data.id} is ${ctx.data.status}`;
}

export const TEMPLATES = {
  acknowledge: {
    purpose: 'we received the report and are looking at it',
    refuse: (ctx) => needsOpen(ctx, 'acknowledge'),
    render: (ctx) => ({
      subject: subject(ctx, 'we received your report'),
      blocks: [
        'Hello,',
        `Thank you for reporting a security issue to the ${ctx.config.project.name} project. ${about(ctx)} Please mention this id in your messages.`,
        'We are triaging the report now and will tell you what we find. Please keep the issue private until we have agreed on a disclosure date with you.',
        signoff(ctx),
      ],
    }),
  },
  'need-info': {
    purpose: 'we need more information to reproduce or assess the issue',
    refuse: (ctx) => needsOpen(ctx, 'need-info'),
    render: (ctx) => ({
      subject: subject(ctx, 'more information needed'),
      blocks: [
        'Hello,',
        `${about(ctx)} To reproduce and assess it we need more information:`,
        ['TODO: the questions for the reporter (edit before sending).'],
        'Please reply to this message, encrypted to our key if you can.',
        signoff(ctx),
      ],
    }),
  },
  accepted: {
    purpose: 'we confirmed the issue and will fix it',
    refuse: (ctx) => needsOpen(ctx, 'accepted'),
    render: (ctx) => ({
      subject: subject(ctx, 'confirmed as a vulnerability'),
      blocks: [
        'Hello,',
        `${about(ctx)} We have confirmed it as a security vulnerability and are preparing a fix.`,
        facts(ctx),
        ctx.data.embargo
          ? 'Please keep the issue private until the disclosure time above.'
          : 'We will propose a disclosure date soon. Please keep the issue private until then.',
        signoff(ctx),
      ],
    }),
  },
  'not-a-vulnerability': {
    purpose: 'after triage, the report is not a security vulnerability',
    refuse: (ctx) =>
      ctx.data.status === 'draft' || ctx.data.status === 'rejected' ? null : `not-a-vulnerability is for a draft or rejected report, and ${ctx.data.id} is ${ctx.data.status} (it was accepted)`,
    render: (ctx) => ({
      subject: subject(ctx, 'not treated as a vulnerability'),
      blocks: [
        'Hello,',
        `${about(ctx)} After triage we do not consider it a security vulnerability in ${ctx.config.project.name}, so there will be no advisory.`,
        'TODO: the reason (edit before sending).',
        'You are free to discuss or file it as a regular bug. If you disagree or have more information, please reply: we will look again.',
        signoff(ctx),
      ],
    }),
  },
  'date-proposed': {
    purpose: 'we propose a disclosure date and time',
    refuse: (ctx) => {
      if (!OPEN.includes(ctx.data.status)) return `date-proposed is for an open report, and ${ctx.data.id} is ${ctx.data.status}`;
      if (!ctx.data.embargo) return `${ctx.data.id} has no embargo: set embargo: (e.g. "2026-12-08T17:00:00Z") in its frontmatter first`;
      if (Date.parse(ctx.data.embargo) <= ctx.now.getTime()) return `the embargo of ${ctx.data.id} (${ctx.data.embargo}) is already past: set a future embargo first`;
      return null;
    },
    render: (ctx) => ({
      subject: subject(ctx, 'proposed disclosure date'),
      blocks: [
        'Hello,',
        `${about(ctx)} We propose to disclose it publicly, together with the fixed release, at ${embargoTime(ctx)}.`,
        facts(ctx),
        'Please tell us if this date does not work for you. Until then, please keep the issue private.',
        signoff(ctx),
      ],
    }),
  },
  'credit-consent': {
    purpose: 'how we intend to credit the reporter; asks for consent',
    refuse: (ctx) => {
      if (!OPEN.includes(ctx.data.status)) return `credit-consent is asked before publication, and ${ctx.data.id} is ${ctx.data.status}`;
      if (!ctx.data.credits || ctx.data.credits.length === 0) return `${ctx.data.id} has no credits: add the credits: you propose (name, role) to its frontmatter first`;
      return null;
    },
    render: (ctx) => ({
      subject: subject(ctx, 'how would you like to be credited?'),
      blocks: [
        'Hello,',
        `${about(ctx)} The advisory will credit:`,
        (ctx.data.credits ?? []).map(creditLine),
        'Is this how you would like to be credited? Tell us if you prefer another name, an affiliation, a GitHub account, or no credit at all.',
        signoff(ctx),
      ],
    }),
  },
  published: {
    purpose: 'the advisory is public; links to it',
    refuse: (ctx) =>
      isPublic(ctx.data, ctx.now)
        ? null
        : `${ctx.data.id} is not public yet (status ${ctx.data.status}${ctx.data.embargo ? `, embargo ${ctx.data.embargo}` : ''}): send published only after the embargo has passed and the advisory is published`,
    render: (ctx) => {
      const d = ctx.data;
      const links = [`Advisory: ${ctx.config.site.base_url.replace(/\/$/, '')}/advisories/${d.id}/`];
      const names: Record<string, string> = { announce: 'Announcement', blog: 'Blog post', forum: 'Forum', ghsa: 'GitHub advisory', 'oss-security': 'oss-security' };
      for (const [k, url] of Object.entries(d.links ?? {})) if (url) links.push(`${names[k] ?? k}: ${url}`);
      for (const cve of d.cve ?? []) links.push(`${cve}: https://www.cve.org/CVERecord?id=${cve}`);
      return {
        subject: subject(ctx, 'advisory published'),
        blocks: [
          'Hello,',
          `The advisory for your report is now public: "${d.title}" (${d.id}). It was published at ${embargoTime(ctx)}.`,
          facts(ctx),
          links,
          ...(d.credits && d.credits.length > 0 ? ['Credits in the advisory:', d.credits.map(creditLine)] : []),
          'The issue is no longer under embargo: you may now discuss or write about it. Thank you for reporting it responsibly.',
          signoff(ctx),
        ],
      };
    },
  },
} satisfies Record<string, ReplyTemplate>;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}

/** The closest template name (edit distance ≤ 3, or a prefix), for "did you mean". */
export function suggestTemplate(name: string): TemplateName | null {
  let best: TemplateName | null = null;
  let bestDistance = Infinity;
  for (const t of TEMPLATE_NAMES) {
    const d = t.startsWith(name.toLowerCase()) ? 0 : distance(name.toLowerCase(), t);
    if (d < bestDistance) [best, bestDistance] = [t, d];
  }
  return bestDistance <= 3 ? best : null;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length];
}

// Assembling a channel's text from the shared parts, so each channel only says which parts it
// wants and in which order. Markdown parts are joined first and rendered once, so link numbers
// run through the whole mail and the link list comes last.
import { formatLinkList, toPlainText } from '../../markdown/plain-text.ts';
import { columns, wrap } from '../../markdown/wrap.ts';
import type { RenderContext } from '../types.ts';
import { completeBody } from './body.ts';
import { headerFields, headerMarkdown, headerPlain } from './header.ts';
import { copyNote } from './notes.ts';
import { updatedFooter, withdrawnNotice } from './updates.ts';

export const MAIL_WIDTH = 72;

/** Joins Markdown blocks with blank lines, skipping absent ones. */
export function joinMarkdown(parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim().length > 0).map((p) => p.trim()).join('\n\n') + '\n';
}

/** The advisory title, wrapped and underlined: the first thing a mail says. */
export function titleBlock(title: string, width = MAIL_WIDTH): string {
  const lines = wrap(title, width);
  return [...lines, '='.repeat(Math.max(...lines.map(columns)))].join('\n');
}

export interface PlainMailParts {
  title: string;
  /** Markdown before the facts block (e.g. the distros embargo notice). */
  preface?: string;
  /** Whether to show the facts block (CVE, severity, affected, …). */
  header: boolean;
  /** Markdown after the facts block: body, updates, notes. */
  markdown: string;
}

/**
 * A plain-text mail body: title, preface, facts, then the Markdown rendered to text, then the
 * numbered links. Preface and main text share one link numbering.
 */
export function plainMail(ctx: RenderContext, parts: PlainMailParts): string {
  const marker = '\n\nDISCLOSE-FACTS-BLOCK\n\n';
  const source = parts.preface ? `${parts.preface.trim()}${marker}${parts.markdown}` : parts.markdown;
  const rendered = toPlainText(source, { width: MAIL_WIDTH });
  const facts = parts.header ? headerPlain(headerFields(ctx.advisory), MAIL_WIDTH) : '';
  const text = parts.preface
    ? rendered.text.replace('DISCLOSE-FACTS-BLOCK', facts)
    : [facts, rendered.text].filter(Boolean).join('\n\n');
  const blocks = [titleBlock(parts.title), text];
  if (rendered.links.length > 0) blocks.push(formatLinkList(rendered.links));
  return blocks.join('\n\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

/** The facts block as Markdown, for the blog and the forum. */
export function markdownFacts(ctx: RenderContext): string {
  return headerMarkdown(headerFields(ctx.advisory));
}

/**
 * The Markdown copy the blog and the forum publish: the note that the signed mail is the official
 * advisory, the facts, the body, and an "Updated on … UTC" footer per amendment.
 */
export function markdownCopy(ctx: RenderContext): string {
  return joinMarkdown([copyNote(ctx), withdrawnNotice(ctx.advisory), markdownFacts(ctx), completeBody(ctx.advisory, ctx.now), updatedFooter(ctx.advisory)]);
}

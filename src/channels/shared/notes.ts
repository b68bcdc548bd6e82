// Sentences several channels share, written once here.
import type { RenderContext } from '../types.ts';
import { GLUE } from '../../markdown/wrap.ts';
import { linkTo } from './links.ts';

/** "Rivet Security Response team": the display name of the team's From address, else "<project> security team". */
export function teamName(ctx: RenderContext): string {
  const display = /^\s*"?([^"<]+?)"?\s*</.exec(ctx.config.mail.from)?.[1];
  return display ? `${display} team` : `${ctx.config.project.name} security team`;
}

/**
 * Blog, forum (and, pointing to the blog, GHSA) are copies. Only the signed mail proves it came
 * from the team, so every copy says where the original is.
 */
export function copyNote(ctx: RenderContext): string {
  const { id } = ctx.advisory.data;
  return (
    `*This is a copy of security advisory ${id} from the ${teamName(ctx)}. ` +
    `The official advisory is the [OpenPGP-signed announcement](${linkTo(ctx, 'announce')}).*`
  );
}

/** GHSA points readers to the blog post, which carries the note above. */
export function ghsaNote(ctx: RenderContext): string {
  return `This advisory is also published on the [${ctx.config.project.name} blog](${linkTo(ctx, 'blog')}); the official advisory is the [OpenPGP-signed announcement](${linkTo(ctx, 'announce')}).`;
}

/** The announce mail explains its attachment (spec §7: list web interfaces may break inline signatures). */
export function signedAttachmentNote(ctx: RenderContext, attachment: 'same-text' | 'updated-advisory' = 'same-text'): string {
  // Glued groups: the fingerprint stays on one line when the mail is wrapped.
  const fpr = ctx.config.signing.fingerprint.replace(/(.{4})(?=.)/g, `$1${GLUE}`);
  const signedBy = `This mail is signed with the OpenPGP key of the ${teamName(ctx)} (fingerprint \`${fpr}\`).`;
  return attachment === 'same-text'
    ? `${signedBy} The same signed text is attached as a file, because the web interfaces of mailing list archives may break an inline signature.`
    : `${signedBy} The full advisory, as updated, is attached.`;
}

/** For oss-security: where the signed original is (the list takes full text, not a bare link). */
export function officialAdvisoryNote(ctx: RenderContext): string {
  return `The official advisory is the [OpenPGP-signed announcement](${linkTo(ctx, 'announce')}) on the announcements list of the ${teamName(ctx)}.`;
}

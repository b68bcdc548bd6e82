// Body rules (spec §5, §6): the canonical sections, numbered links that resolve both ways, no raw
// HTML (the plain-text mails cannot carry it and the site would have to trust it), and nothing
// from `private` repeated in text that will be published.
import { closest } from '../error-map.ts';
import { lineStarts, positionOf } from '../locate.ts';
import { markdownNestingProblem, type NestingProblem } from '../../markdown/nesting.ts';
import type { BodyFinding, Rule, RuleContext } from './context.ts';

export const REQUIRED_SECTIONS = ['Affected Versions', 'Mitigations', 'Acknowledgments'] as const;

function at(ctx: RuleContext, rule: string, line: number, col: number, message: string, fix: string, severity: 'error' | 'warning' = 'error'): BodyFinding {
  return { severity, rule, path: ['body'], line: ctx.bodyLine + line - 1, col, message, fix };
}

// The last body checked, so that the rules below scan it once, not once each.
let lastNesting: { body: string; problem: NestingProblem | null } | undefined;
function nestingProblem(body: string): NestingProblem | null {
  if (lastNesting?.body !== body) lastNesting = { body, problem: markdownNestingProblem(body) };
  return lastNesting.problem;
}

/** A body nested too deep for the Markdown parser: the only body finding, since nothing else can be read. */
export const bodyNesting: Rule = (ctx) => {
  const deep = nestingProblem(ctx.body);
  return deep ? [at(ctx, 'body-nesting', deep.line, deep.col, deep.message, deep.fix)] : [];
};

export const bodySections: Rule = (ctx) => {
  if (nestingProblem(ctx.body)) return [];
  // A rejected report is never published; a draft is being written, so say what is missing
  // without failing the check.
  if (ctx.data.status === 'rejected') return [];
  const { headings } = ctx.facts();
  const severity = ctx.data.status === 'draft' ? 'warning' : 'error';
  const has = (name: string) => headings.some((h) => h.text.trim().toLowerCase() === name.toLowerCase());
  const names = headings.map((h) => h.text.trim());
  const found: BodyFinding[] = [];
  const missing = (name: string, extra = '') => {
    const near = closest(name, names);
    const heading = near !== undefined ? headings[names.indexOf(near)] : undefined;
    if (heading) {
      found.push(at(ctx, 'body-section', heading.line, heading.col, `"## ${near}" is not the section "## ${name}"${extra}`, `rename the heading to "## ${name}"`, severity));
    } else {
      found.push(at(ctx, 'body-section', 1, 1, `the section "## ${name}" is missing${extra}`, `add a "## ${name}" section (see docs/advisory-format.md, Body)`, severity));
    }
  };
  if (!has('Overview')) {
    const cves = ctx.data.cve ?? [];
    const uncovered = cves.filter((c) => !headings.some((h) => h.text.includes(c)));
    if (cves.length === 0 || uncovered.length > 0) {
      missing('Overview', cves.length > 1 ? ` (or one "## ${uncovered[0]}: …" section per CVE)` : '');
    }
  }
  for (const name of REQUIRED_SECTIONS) if (!has(name)) missing(name);
  return found;
};

export const bodyLinks: Rule = (ctx) => {
  if (nestingProblem(ctx.body)) return [];
  const facts = ctx.facts();
  const found: BodyFinding[] = [];
  for (const u of facts.unresolved) {
    found.push(at(ctx, 'body-reference', u.line, u.col, `the reference [${u.label}] has no definition`, `add a line "[${u.label}]: https://…" at the end of the body, or remove the reference`));
  }
  const used = new Set(facts.references);
  const seen = new Set<string>();
  for (const d of facts.definitions) {
    if (seen.has(d.id)) {
      found.push(at(ctx, 'body-definition', d.line, d.col, `[${d.label}] is defined twice; only the first definition is used`, 'give each link its own number'));
    } else if (!used.has(d.id)) {
      found.push(at(ctx, 'body-definition', d.line, d.col, `[${d.label}] is defined but never referenced`, `cite it in the text as [${d.label}], or remove the definition`));
    }
    seen.add(d.id);
  }
  return found;
};

export const bodyNoHtml: Rule = (ctx) =>
  // One finding per line: `<b>x</b>` is one mistake, not two.
  ctx.facts().html.filter((h, i, all) => i === 0 || all[i - 1].line !== h.line).map((h) => at(ctx, 'body-html', h.line, h.col, 'raw HTML in the body (also HTML comments): the mail channels would send it as text and the site would publish it', 'use Markdown instead; keep internal notes in `private`'));

// `npm run new` fills the skeleton with TODO; none of it may reach a published text.
export const bodyNoTodo: Rule = (ctx) => {
  if (ctx.data.status === 'draft' || ctx.data.status === 'rejected') return [];
  const m = /\bTODO\b/.exec(ctx.body);
  if (!m) return [];
  const p = positionOf(lineStarts(ctx.body), m.index);
  return [at(ctx, 'body-todo', p.line, p.col, `placeholder "TODO" left in an advisory that is ${ctx.data.status}`, 'write the text (every channel publishes the body as it is)')];
};


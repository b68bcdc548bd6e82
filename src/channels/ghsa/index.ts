// `ghsa`: the body of GitHub's "create a repository security advisory" request
// (POST /repos/{owner}/{repo}/security-advisories), then published with `state: published`.
// GitHub takes one CVE, `severity` or a CVSS vector (not both), and credits only for GitHub
// accounts; whatever does not fit is said in `notes` and stays in the description.
import { scoreCvss } from '../../advisory/cvss.ts';
import { ghsaPatched, ghsaRange } from '../../advisory/ranges.ts';
import { completeBody } from '../shared/body.ts';
import { joinMarkdown } from '../shared/compose.ts';
import { ghsaNote } from '../shared/notes.ts';
import { latestUpdate, updatesSection, withdrawnNotice } from '../shared/updates.ts';
import type { ChannelModule, RenderContext, RenderedChannel } from '../types.ts';
import { githubEcosystem } from './ecosystems.ts';
import { defineChannel } from '../define.ts';
import { ghsaAmend } from './amend.ts';
import { ghsaRelease } from './release.ts';
import { ghsaSpec } from './spec.ts';

/** GitHub's maxLength for `description` (OpenAPI). */
export const GHSA_DESCRIPTION_MAX = 65535;

export interface GhsaBody {
  summary: string;
  description: string;
  cve_id?: string;
  cwe_ids?: string[];
  severity?: 'critical' | 'high' | 'medium' | 'low';
  cvss_vector_string?: string;
  credits?: { login: string; type: string }[];
  vulnerabilities: {
    package: { ecosystem: string; name: string };
    vulnerable_version_range: string | null;
    patched_versions: string | null;
    vulnerable_functions?: string[];
  }[];
}

/**
 * When the team's severity differs from the CVSS band, GitHub gets `severity` only (see below), so
 * the description carries the vector and the team's reasoning, or readers would see neither.
 */
function severityNote(ctx: RenderContext): string {
  const d = ctx.advisory.data;
  if (!d.severity || !d.severity_rationale || !d.cvss?.length) return '';
  const scored = d.cvss.map(scoreCvss);
  if (scored.every((s) => s.band === d.severity)) return '';
  const vectors = scored.map((s) => `\`${s.vector}\` (${s.score.toFixed(1)}, ${s.band})`).join(', ');
  return `## Severity\n\nWe rate this issue **${d.severity}**; CVSS: ${vectors}. ${d.severity_rationale}`;
}

export function ghsaBody(ctx: RenderContext, notes: string[] = []): GhsaBody {
  const d = ctx.advisory.data;
  const body: GhsaBody = {
    summary: d.summary,
    description: joinMarkdown([withdrawnNotice(ctx.advisory), completeBody(ctx.advisory, ctx.now), severityNote(ctx), updatesSection(ctx.advisory), ghsaNote(ctx)]),
    vulnerabilities: [],
  };
  if (body.description.length > GHSA_DESCRIPTION_MAX) {
    throw new Error(`${ctx.advisory.file}: body: the GHSA description would be ${body.description.length} characters; GitHub takes at most ${GHSA_DESCRIPTION_MAX} — shorten the body or move appendices to a linked page`);
  }

  if (d.cve?.length) {
    body.cve_id = d.cve[0];
    if (d.cve.length > 1) {
      notes.push(`GitHub takes one CVE per advisory: cve_id is ${d.cve[0]}; ${d.cve.slice(1).join(', ')} appear in the description only (or file one GHSA per CVE)`);
    }
  }
  if (d.cwe?.length) body.cwe_ids = d.cwe;

  // GitHub documents `cvss_vector_string` for CVSS 3.x and then derives the severity from it. When
  // the team rates the issue differently (the validator has made it give a rationale), the team's
  // rating is what GitHub must show: send `severity`, and keep the vector in the description.
  const v31 = d.cvss?.find((v) => v.startsWith('CVSS:3.1/'));
  const band = v31 ? scoreCvss(v31).band : undefined;
  if (v31 && (!d.severity || band === d.severity)) {
    body.cvss_vector_string = v31;
  } else if (d.severity) {
    body.severity = d.severity;
    if (v31) notes.push(`the team rates this ${d.severity} while the CVSS 3.1 vector scores ${band}: GitHub gets severity "${d.severity}", the vector and the rationale stay in the description`);
    else if (d.cvss?.length) notes.push(`only a CVSS 4.0 vector is given; GitHub gets severity "${d.severity}" instead of a vector`);
  }

  const credits = d.credits ?? [];
  const withLogin = credits.filter((c) => c.github);
  // Our credit roles are spelled as GitHub's credit types, one to one.
  if (withLogin.length) body.credits = withLogin.map((c) => ({ login: c.github!, type: c.role }));
  const without = credits.filter((c) => !c.github).map((c) => c.name);
  if (without.length) notes.push(`GitHub credits need a GitHub login; ${without.join(', ')} ${without.length > 1 ? 'are' : 'is'} credited in the description only`);

  for (const a of d.affected ?? []) {
    if (a.ecosystem === 'service') {
      notes.push(`${a.package} is a service: left out of vulnerabilities (GitHub lists packages only)`);
      continue;
    }
    const ecosystem = githubEcosystem(a.ecosystem);
    if (ecosystem === 'other') notes.push(`ecosystem "${a.ecosystem}" is unknown to GitHub: ${a.package} is listed under "other"`);
    const ranges = a.ranges?.length ? a.ranges : [null];
    for (const r of ranges) {
      body.vulnerabilities.push({
        package: { ecosystem, name: a.package },
        vulnerable_version_range: r ? ghsaRange(r) : null,
        patched_versions: r ? ghsaPatched(r) : null,
        ...(a.functions?.length ? { vulnerable_functions: a.functions } : {}),
      });
    }
  }
  return body;
}

export const ghsa: ChannelModule = defineChannel(ghsaSpec, {
  render(ctx: RenderContext): RenderedChannel {
    const notes: string[] = [];
    const body = ghsaBody(ctx, notes);
    const update = latestUpdate(ctx.advisory);
    return {
      channel: 'ghsa',
      public: true,
      payload: { kind: 'ghsa', body: body as unknown as Record<string, unknown> },
      files: [{ name: 'ghsa/create.json', content: JSON.stringify(body, null, 2) + '\n' }],
      notes,
      // An amendment PATCHes the same fields (GitHub's update body accepts them all).
      errata: update ? { at: update.at, payload: { kind: 'ghsa-update', body: body as unknown as Record<string, unknown> }, files: [] } : undefined,
    };
  },
  release: ghsaRelease,
  amend: ghsaAmend,
});

export default ghsa;

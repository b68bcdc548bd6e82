// Structural rules of each channel (spec §7), checked on every renderable sample: what a list,
// a mail reader, a blog generator, Discourse or GitHub would reject or mangle.
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { scoreCvss } from '../../src/advisory/cvss.ts';
import { channelModule } from '../../src/channels/registry.ts';
import { formatUtc } from '../../src/channels/shared/time.ts';
import type { Payload, RenderContext } from '../../src/channels/types.ts';
import { discourseRequestValidator, githubRequestValidator } from '../../src/schemas/index.ts';
import { columns, RENDERABLE_SAMPLES, sampleAdvisory, sampleContext, splitLinkList } from './support.ts';

type Mail = Extract<Payload, { kind: 'mail' }>;

function mailOf(channel: 'announce' | 'oss-security' | 'distros', ctx: RenderContext): Mail {
  const p = channelModule(channel).render(ctx).payload;
  if (p.kind !== 'mail') throw new Error(`${channel} did not render a mail`);
  return p;
}

/** Lines a 72-column reader would see wrapped: only an unbreakable URL in the link list may be longer. */
function tooLong(text: string): string[] {
  const { body } = splitLinkList(text);
  return body.filter((l) => columns(l) > 72);
}

function checkLinks(text: string) {
  const { body, list } = splitLinkList(text);
  const cited = new Set([...body.join('\n').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  for (const n of cited) expect(list.has(n), `[${n}] is cited but not in the link list`).toBe(true);
  for (const n of list.keys()) expect(cited.has(n), `[${n}] is listed but never cited`).toBe(true);
  for (const url of list.values()) expect(() => new URL(url)).not.toThrow();
}

const ghsaValidator = githubRequestValidator('POST', '/repos/{owner}/{repo}/security-advisories');
const discourseValidator = discourseRequestValidator('POST', '/posts.json');

for (const id of RENDERABLE_SAMPLES) {
  const advisory = await sampleAdvisory(id);
  const channels = advisory.data.channels ?? [];
  const has = (c: string) => channels.includes(c as never);

  describe(`${id}`, () => {
    if (has('announce')) it('announce: ≤ 72 columns, no line starting with "-" or "From ", no trailing space, links resolve', async () => {
      const ctx = await sampleContext(id);
      const mail = mailOf('announce', ctx);
      expect(tooLong(mail.text)).toEqual([]);
      const lines = mail.text.split('\n');
      expect(lines.filter((l) => l.startsWith('-'))).toEqual([]);
      expect(lines.filter((l) => l.startsWith('From '))).toEqual([]);
      expect(lines.filter((l) => /[ \t]$/.test(l))).toEqual([]);
      checkLinks(mail.text);
      expect(mail.subject).toBe(`[Rivet security] ${advisory.data.title} (${advisory.data.cve?.join(', ') ?? id})`);
      expect(mail.messageId).toBe(`<${id}.announce@security.rivet-lang.org>`);
      expect(mail.attachments.map((a) => a.content)).toEqual([mail.text]);
      // Every section of the body made it into the mail, underlined with "=" (never "-").
      for (const heading of advisory.body.matchAll(/^## (.+)$/gm)) {
        expect(mail.text).toContain(`${heading[1]}\n${'='.repeat(columns(heading[1]))}\n`);
      }
    });

    if (has('oss-security')) it('oss-security: CVE subject, details in the mail, link to the signed announcement', async () => {
      const ctx = await sampleContext(id);
      const mail = mailOf('oss-security', ctx);
      expect(mail.subject).toBe(`${advisory.data.cve?.join(', ') ?? id}: ${advisory.data.title}`);
      expect(tooLong(mail.text)).toEqual([]);
      checkLinks(mail.text);
      for (const section of ['Affected Versions', 'Mitigations']) expect(mail.text).toContain(`${section}\n====`);
      const { list } = splitLinkList(mail.text);
      const announce = channelModule('announce').render(ctx);
      const archive = [...list.values()].find((u) => u.includes(encodeURIComponent(announce.payload.kind === 'mail' ? announce.payload.messageId.slice(1, -1) : '')));
      expect(archive, 'the signed announcement is linked').toBeDefined();
      expect(mail.to).toBe('oss-security@lists.openwall.com');
    });

    if (has('distros')) it('distros: [vs] subject, date and time in UTC and team zone, patches attached, "becomes public" reminder', async () => {
      const ctx = await sampleContext(id);
      const mail = mailOf('distros', ctx);
      expect(mail.subject).toMatch(/^\[vs\] /);
      expect(tooLong(mail.text)).toEqual([]);
      checkLinks(mail.text);
      const flat = mail.text.replace(/\s+/g, ' ');
      expect(flat).toContain(formatUtc(advisory.data.embargo!));
      expect(flat).toMatch(/Europe\/Berlin \(UTC\+0[12]:00\)/);
      expect(flat).toContain('becomes public on that date');
      expect(flat).toContain('Suggested actions for distributors');
      expect(mail.attachments.map((a) => a.filename)).toEqual(ctx.attachments.map((a) => a.name));
      for (const a of mail.attachments) expect(Buffer.from(a.content as Uint8Array)).toEqual(Buffer.from(ctx.attachments.find((x) => x.name === a.filename)!.content));
    });

    if (has('blog')) it('blog: TOML frontmatter parses with path, title and authors; the note links the signed mail', async () => {
      const ctx = await sampleContext(id);
      const r = channelModule('blog').render(ctx);
      if (r.payload.kind !== 'git-file') throw new Error('blog must render a git file');
      const m = /^\+\+\+\n([\s\S]*?)\n\+\+\+\n\n([\s\S]*)$/.exec(r.payload.content);
      expect(m).not.toBeNull();
      const fm = parseToml(m![1]) as Record<string, unknown>;
      const day = new Date(advisory.data.embargo!).toISOString().slice(0, 10);
      expect(fm.path).toBe(`${day.replaceAll('-', '/')}/${id.toLowerCase()}`);
      expect(fm.title).toBe(advisory.data.title);
      expect(fm.authors).toEqual(['The Rivet Security Response Team']);
      expect(r.payload.path).toBe(`content/posts/${day}-${id.toLowerCase()}.md`);
      const firstParagraph = m![2].split('\n\n')[0];
      expect(firstParagraph).toMatch(/official advisory is the \[OpenPGP-signed announcement\]\(https:\/\/lists\.rivet-lang\.org\//);
      if (advisory.data.links?.blog) expect(advisory.data.links.blog).toBe(`https://blog.rivet-lang.org/${fm.path}/`);
    });

    if (has('forum')) it('forum: the body validates against Discourse\'s POST /posts.json schema', async () => {
      const ctx = await sampleContext(id);
      const r = channelModule('forum').render(ctx);
      if (r.payload.kind !== 'discourse-topic') throw new Error('forum must render a Discourse topic');
      expect(discourseValidator(r.payload.body)).toEqual([]);
      expect(r.payload.body.external_id).toBe(id);
      expect(r.payload.body.category).toBe(4);
      expect(r.payload.body.raw.split('\n\n')[0]).toContain('OpenPGP-signed announcement');
    });

    if (has('ghsa')) it('ghsa: the body validates against GitHub\'s OpenAPI request schema, severity XOR vector', async () => {
      const ctx = await sampleContext(id);
      const r = channelModule('ghsa').render(ctx);
      if (r.payload.kind !== 'ghsa') throw new Error('ghsa must render a GHSA body');
      const body = r.payload.body;
      expect(ghsaValidator(body)).toEqual([]);
      expect(('severity' in body) !== ('cvss_vector_string' in body)).toBe(true);
      if ('cvss_vector_string' in body) expect(scoreCvss(body.cvss_vector_string as string).version).toBe('3.1');
      expect(body.cve_id).toBe(advisory.data.cve?.[0]);
      expect(body.description as string).toContain(ctx.advisory.data.links?.blog ?? 'https://blog.rivet-lang.org/');
    });
  });
}

describe('schema checks are live', () => {
  it('rejects a GHSA body with an ecosystem GitHub does not know', async () => {
    const r = channelModule('ghsa').render(await sampleContext('RSEC-2026-0001'));
    const body = structuredClone(r.payload.kind === 'ghsa' ? r.payload.body : {}) as { vulnerabilities: { package: { ecosystem: string } }[] };
    body.vulnerabilities[0].package.ecosystem = 'crates.io';
    expect(ghsaValidator(body).join('\n')).toMatch(/ecosystem/);
  });

  it('rejects a Discourse body with a string category', async () => {
    const r = channelModule('forum').render(await sampleContext('RSEC-2026-0001'));
    const body = { ...(r.payload.kind === 'discourse-topic' ? r.payload.body : {}), category: 'security' };
    expect(discourseValidator(body).join('\n')).toMatch(/category/);
  });
});

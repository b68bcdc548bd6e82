// The advisory frontmatter, as one zod schema. It is the single definition of the format: the
// validator, the renderers, the exports and the Astro content collection all use it.
// Structural rules live here; rules that need other files, the clock or the body live in rules/.
import { z } from 'zod';
import { CHANNEL_NAMES, PUBLIC_CHANNEL_NAMES } from '../channels/catalog.ts';
import { timestampProblem } from '../clock.ts';
import { CvssError, scoreCvss } from './cvss.ts';
import { parseVersion } from './ranges.ts';

export const STATUSES = ['draft', 'embargoed', 'published', 'rejected', 'withdrawn'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
// The channel names come from the channels' data-only catalog (no channel code is imported):
// adding a channel there makes it a valid `channels` value here.
export const CHANNELS = CHANNEL_NAMES;
export const CREDIT_ROLES = [
  'reporter',
  'finder',
  'coordinator',
  'remediation_developer',
  'remediation_reviewer',
  'remediation_verifier',
  'analyst',
  'tool',
  'sponsor',
  'other',
] as const;
/** OSV's reference types. */
export const REFERENCE_TYPES = [
  'ADVISORY',
  'ARTICLE',
  'DETECTION',
  'DISCUSSION',
  'REPORT',
  'FIX',
  'INTRODUCED',
  'GIT',
  'PACKAGE',
  'EVIDENCE',
  'WEB',
] as const;
/** Channels that publish to the world, in release-day order (distros is private and goes earlier). */
export const PUBLIC_CHANNELS = PUBLIC_CHANNEL_NAMES;

export type Status = (typeof STATUSES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Channel = (typeof CHANNELS)[number];
export type CreditRole = (typeof CREDIT_ROLES)[number];

export const ID_PATTERN = /^[A-Z][A-Z0-9]*-\d{4}-\d{4,}$/;
export const CVE_PATTERN = /^CVE-\d{4}-\d{4,}$/;
// GitHub's alphabet for GHSA ids leaves out letters and digits that are easy to confuse.
export const GHSA_PATTERN = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;
export const CWE_PATTERN = /^CWE-[1-9]\d*$/;

const text = (max?: number) => {
  const s = z.string().trim().min(1, 'must not be empty');
  return max ? s.max(max, `must be at most ${max} characters`) : s;
};

export const Timestamp = z
  .string({ error: 'must be a timestamp with a zone, e.g. "2026-12-08T17:00:00Z" (quote it)' })
  .superRefine((v, ctx) => {
    // One parser for every timestamp (src/clock.ts): a zone is required, impossible dates and
    // offsets beyond ±14:00 are errors. The message never repeats the value (it may be private).
    const problem = timestampProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}`, params: { rule: 'timestamp' } });
  });

export const Url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const CvssVector = z.string().superRefine((v, ctx) => {
  try {
    scoreCvss(v);
  } catch (e) {
    if (!(e instanceof CvssError)) throw e;
    ctx.addIssue({ code: 'custom', message: `invalid CVSS vector: ${e.message}`, params: { rule: 'cvss' } });
  }
});

const Version = z.string({ error: 'must be a version string in quotes, e.g. "1.2.3"' }).superRefine((v, ctx) => {
  if (parseVersion(v) === null) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a semver version (MAJOR.MINOR.PATCH, or "0" for "since the beginning")`, params: { rule: 'semver' } });
  }
});

/** One range: where it starts and, unless it is still open, where it ends. OSV's events, grouped. */
export const Range = z
  .strictObject({ introduced: Version, fixed: Version.optional(), last_affected: Version.optional() })
  .refine((r) => !(r.fixed !== undefined && r.last_affected !== undefined), {
    message: 'a range has either `fixed` or `last_affected`, not both',
    params: { rule: 'range' },
  });

export const Affected = z.strictObject({
  package: text(),
  ecosystem: text(),
  ranges: z.array(Range).optional(),
  platforms: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lowercase platform name such as windows, unix, macos')).optional(),
  functions: z.array(text()).optional(),
});

export const Credit = z.strictObject({
  name: text(),
  role: z.enum(CREDIT_ROLES),
  github: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'must be a GitHub login without "@"').optional(),
  org: text().optional(),
});

export const TimelineEntry = z.strictObject({
  at: Timestamp,
  event: text(),
  planned: z.boolean().optional(),
});

export const Reference = z.strictObject({ url: Url, type: z.enum(REFERENCE_TYPES) });

export const Links = z.strictObject({
  announce: Url.optional(),
  blog: Url.optional(),
  forum: Url.optional(),
  ghsa: Url.optional(),
  'oss-security': Url.optional(),
});

export const Update = z.strictObject({ at: Timestamp, note: text() });

export const Distros = z
  .strictObject({ notified: Timestamp.optional(), skip: text().optional() })
  .refine((d) => d.notified !== undefined || d.skip !== undefined, {
    message: '`distros` needs `notified` (a timestamp) or `skip` (a reason)',
    params: { rule: 'distros' },
  });

export const AdvisoryFrontmatter = z.strictObject({
  id: z.string().regex(ID_PATTERN, 'must look like PREFIX-YYYY-NNNN, e.g. RSEC-2026-0007'),
  title: text(120),
  summary: text(300),
  status: z.enum(STATUSES),
  severity: z.enum(SEVERITIES).optional(),
  severity_rationale: text().optional(),
  cvss: z.array(CvssVector).optional(),
  cve: z.array(z.string().regex(CVE_PATTERN, 'must look like CVE-2026-12345')).optional(),
  ghsa: z.string().regex(GHSA_PATTERN, 'must look like GHSA-xxxx-xxxx-xxxx (GitHub\'s alphabet: 2-9, c f g h j m p q r v w x)').optional(),
  cwe: z.array(z.string().regex(CWE_PATTERN, 'must look like CWE-79')).optional(),
  embargo: Timestamp.optional(),
  channels: z.array(z.enum(CHANNELS)).optional(),
  distros: Distros.optional(),
  affected: z.array(Affected).optional(),
  credits: z.array(Credit).optional(),
  timeline: z.array(TimelineEntry).optional(),
  references: z.array(Reference).optional(),
  links: Links.optional(),
  updates: z.array(Update).optional(),
  private: z.record(z.string(), z.unknown()).optional(),
});

export type AdvisoryData = z.infer<typeof AdvisoryFrontmatter>;
export type AffectedEntry = z.infer<typeof Affected>;
export type VersionRange = z.infer<typeof Range>;
export type Credit = z.infer<typeof Credit>;

/** Keys every status needs beyond the always-required ones (spec §2). */
export const REQUIRED_BY_STATUS: Record<Status, (keyof AdvisoryData)[]> = {
  draft: [],
  rejected: [],
  embargoed: ['severity', 'embargo', 'channels', 'affected'],
  published: ['severity', 'embargo', 'channels', 'affected'],
  withdrawn: ['severity', 'embargo', 'channels', 'affected', 'updates'],
};

/** Every top-level key, for "did you mean" hints. */
export const FRONTMATTER_KEYS = Object.keys(AdvisoryFrontmatter.shape);

/** A parsed advisory: its frontmatter, its Markdown body and where it came from. */
export interface Advisory {
  data: AdvisoryData;
  body: string;
  file: string;
  /** 1-based line of the body's first line in the file, to report body findings at file lines. */
  bodyLine: number;
}

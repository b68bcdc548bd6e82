// The team's settings (spec §1): one YAML file at the repository root, `disclose.config.yaml`.
// Secrets never live here; see SECRET_ENV for the environment variables that carry them.
import { z } from 'zod';
import { Url } from '../advisory/schema.ts';

const email = z.email({ error: 'must be an e-mail address' });
/** "Name <addr@example.org>" or a bare address. */
const mailbox = z.string().regex(/^(?:[^<>]+ <[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'must be "Name <address@example.org>" or an address');

export const TeamConfig = z.strictObject({
  project: z.strictObject({
    name: z.string().min(1),
    homepage: Url,
  }),
  id_prefix: z.string().regex(/^[A-Z][A-Z0-9]*$/, 'must be upper-case letters and digits, e.g. RSEC'),
  /** IANA zone the team works in: weekend warnings and displayed times use it. */
  timezone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin or UTC'),
  signing: z.strictObject({
    /** Full 40-hex (v4) or 64-hex (v6) fingerprint of the team key that signs announcements. */
    fingerprint: z.string().regex(/^([0-9A-F]{40}|[0-9A-F]{64})$/, 'must be the full key fingerprint in upper-case hex, no spaces'),
    /** The team's public key (armored), committed so anyone can verify. Relative to the repo root. */
    public_key: z.string().min(1),
  }),
  mail: z.strictObject({
    from: mailbox,
    announce: email,
    oss_security: email,
    distros: email,
    /** Prefix of the announcement subject, e.g. "[Rivet security]". */
    subject_prefix: z.string().min(1),
    /** Domain used in deterministic Message-IDs: <ID.channel@domain>. */
    message_id_domain: z.string().regex(/^[a-z0-9.-]+$/),
    /**
     * Public archive URL of an announcement, from its Message-ID. `{message_id}` is replaced by the
     * URL-encoded Message-ID without angle brackets. Leave out to pass --announce-url on the day.
     */
    archive_url: z.string().includes('{message_id}').optional(),
  }),
  blog: z.strictObject({
    /** Git URL of the blog repository (a path works too, for rehearsals). */
    repository: z.string().min(1),
    /** Branch the post is pushed to (reviewed and merged there by the blog's own process). */
    branch: z.string().min(1),
    /** Folder of posts inside the blog repository. */
    posts_dir: z.string().min(1),
    base_url: Url,
    authors: z.array(z.string().min(1)).min(1),
  }),
  forum: z.strictObject({
    url: Url,
    category: z.number().int().positive(),
    api_username: z.string().min(1),
  }),
  github: z.strictObject({
    /** owner/name of the repository the GHSA is filed in. */
    repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name'),
    api_url: Url.default('https://api.github.com'),
  }),
  /** The CNA that assigns the team's CVEs, for CVE JSON 5 records. Optional: without it the
   *  records carry a placeholder org id and say so, so nothing is submitted under a wrong name. */
  cve: z
    .strictObject({
      assigner_org_id: z.uuid({ error: 'must be the CNA\'s organisation UUID (from the CVE Services account)' }),
      assigner_short_name: z.string().min(1).max(32).optional(),
    })
    .optional(),
  site: z.strictObject({
    title: z.string().min(1),
    base_url: Url,
  }),
});

export type TeamConfig = z.infer<typeof TeamConfig>;

/** Every secret disclose reads, and only from the environment (or a file named by it). */
export const SECRET_ENV = [
  'DISCLOSE_SIGNING_KEY_FILE',
  'DISCLOSE_SIGNING_PASSPHRASE',
  'DISCLOSE_SMTP_URL',
  'GITHUB_TOKEN',
  'DISCOURSE_API_KEY',
] as const;

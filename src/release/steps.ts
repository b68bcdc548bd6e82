// The release-day steps, in the order the spec fixes (§8). Data only, no side effects: the publish
// command drives them, and the site's runbook renders its checklist from this same list, so the
// runbook and the tool cannot disagree.
import type { Channel } from '../advisory/schema.ts';

export interface ReleaseStep {
  /** Stable id, used as the journal key. */
  id: 'preflight' | 'announce' | 'announce-url' | 'blog' | 'forum' | 'ghsa' | 'oss-security' | 'finalize';
  /** The channel the step delivers to; steps without one always run. */
  channel?: Channel;
  title: string;
  /** What a responder checks or does, for the runbook checklist. */
  detail: string;
}

export const RELEASE_STEPS: readonly ReleaseStep[] = [
  {
    id: 'preflight',
    title: 'Preflight checks',
    detail: 'The advisory validates, its status is embargoed, the embargo has lifted, distros were notified when required, every credential is present and the signed announcement verifies. Nothing is sent if any check fails.',
  },
  {
    id: 'announce',
    channel: 'announce',
    title: 'Send the signed announcement',
    detail: 'The OpenPGP-signed mail goes to the announcements list first, with a deterministic Message-ID and the signed text attached. It is the official advisory; every other channel points to it.',
  },
  {
    id: 'announce-url',
    channel: 'announce',
    title: 'Record the announcement\'s archive URL',
    detail: 'The public archive URL of the signed mail is looked up from its Message-ID (or given with --announce-url) and recorded, because the blog, forum and oss-security texts link to it.',
  },
  {
    id: 'blog',
    channel: 'blog',
    title: 'Push the blog post',
    detail: 'The post file (the same text, with a note that the signed mail is official) is committed to the blog repository on the configured branch and pushed.',
  },
  {
    id: 'forum',
    channel: 'forum',
    title: 'Create the forum topic',
    detail: 'The same text is posted as a Discourse topic whose external_id is the advisory id, so a retry finds it instead of posting twice.',
  },
  {
    id: 'ghsa',
    channel: 'ghsa',
    title: 'Create and publish the GitHub Security Advisory',
    detail: 'The repository security advisory is created with its CVEs, CWEs, credits and affected ranges, pointing to the blog post, then published.',
  },
  {
    id: 'oss-security',
    channel: 'oss-security',
    title: 'Mail oss-security',
    detail: 'A detailed plain-text mail (overview, affected versions, mitigations: the list rejects bare links) with the link to the signed announcement.',
  },
  {
    id: 'finalize',
    title: 'Record the result in the advisory',
    detail: 'links, ghsa and status: published are written back into the advisory file atomically and committed.',
  },
];

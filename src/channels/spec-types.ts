// The data-only half of a channel (src/channels/<name>/spec.ts), apart from types.ts: the
// advisory schema derives its channel names from these, so they may not depend on the schema's
// own types (only on its plain constant lists).
import type { REFERENCE_TYPES } from '../advisory/schema.ts';
import type { CredentialName } from '../engine/credentials.ts';

/** A release-day step as the runbook lists it (src/release/steps.ts). */
export interface ReleaseStepInfo {
  /** Stable id, used as the journal key and in --confirm-sent / --confirm-resend. */
  id: string;
  title: string;
  /** What a responder checks or does, for the runbook checklist. */
  detail: string;
}

/**
 * What a channel is, as data only (src/channels/<name>/spec.ts): the advisory schema and the
 * public site read these through catalog.ts, so they must never import channel code.
 */
export interface ChannelSpec {
  name: string;
  /** Public channels must carry nothing from `private` and nothing before the embargo lifts. */
  public: boolean;
  /** The environment variable holding the channel's secret; null when it needs none. */
  credential: CredentialName | null;
  /** Its release-day steps, in order (none for distros: notify-distros sends it days earlier). */
  release: readonly ReleaseStepInfo[];
  /** How `npm run amend` reaches it; absent when an amendment does not go there. */
  amend?: { title: string };
  /** The OSV reference type of its public URL in `links` (public channels only). */
  linkType?: (typeof REFERENCE_TYPES)[number];
}


// The release-day steps, in the order the spec fixes (§8): preflight, each channel's own steps in
// catalog order (src/channels/<name>/spec.ts), then finalize. Data only, no side effects: the
// publish command drives them (with each channel's implementation, src/channels/registry.ts), and
// the site's runbook renders its checklist from this same list, so the runbook and the tool
// cannot disagree. It reads the channels' data-only catalog, never channel code.
import type { Channel } from '../advisory/schema.ts';
import { CHANNEL_SPECS, type ChannelStepId } from '../channels/catalog.ts';

export interface ReleaseStep {
  /** Stable id, used as the journal key. */
  id: 'preflight' | ChannelStepId | 'finalize';
  /** The channel the step delivers to; steps without one always run. */
  channel?: Channel;
  title: string;
  /** What a responder checks or does, for the runbook checklist. */
  detail: string;
}

const PREFLIGHT: ReleaseStep = {
  id: 'preflight',
  title: 'Preflight checks',
  detail: 'The advisory validates, its status is embargoed, the embargo has lifted, distros were notified when required, every credential is present and the signed announcement verifies. Nothing is sent if any check fails.',
};

const FINALIZE: ReleaseStep = {
  id: 'finalize',
  title: 'Record the result in the advisory',
  detail: 'links, ghsa and status: published are written back into the advisory file atomically and committed.',
};

export const RELEASE_STEPS: readonly ReleaseStep[] = [
  PREFLIGHT,
  ...CHANNEL_SPECS.flatMap((spec) => spec.release.map((step): ReleaseStep => ({ id: step.id, channel: spec.name, title: step.title, detail: step.detail }))),
  FINALIZE,
];

// Which disclose command a release-day step belongs to, for the checklist page generated from
// RELEASE_STEPS (src/release/steps.ts). Every step is run by `npm run publish`; the checklist says
// how to rehearse it first and how to check on it.
import { RELEASE_STEPS, type ReleaseStep } from '../../release/steps.ts';

export interface ChecklistItem {
  step: ReleaseStep;
  /** The commands a responder runs or watches for this step. */
  commands: string[];
}

const EXTRA: Partial<Record<ReleaseStep['id'], string[]>> = {
  preflight: ['npm run validate -- advisories/<ID>.md', 'npm run publish -- <ID> --dry-run', 'npm run publish -- <ID> --test-to <teammate address>'],
  'announce-url': ['npm run publish -- <ID> --live --announce-url <URL>'],
  finalize: ['npm run publish -- <ID> --status', 'npm run build'],
};

export function releaseChecklist(steps: readonly ReleaseStep[] = RELEASE_STEPS): ChecklistItem[] {
  return steps.map((step) => ({ step, commands: EXTRA[step.id] ?? ['npm run publish -- <ID> --live'] }));
}

/** "npm run publish -- <ID> --live" → "publish", the heading id on the runbook's commands page. */
export function commandAnchor(command: string): string {
  return /^npm run ([a-z-]+)/.exec(command)?.[1] ?? '';
}

// Which release steps run for an advisory, and when: RELEASE_STEPS (src/release/steps.ts) filtered
// by the advisory's channels, each scheduled at the embargo (or now, when that is later). The
// rehearsal prints this plan; the live run follows it.
import type { Advisory } from '../advisory/schema.ts';
import { RELEASE_STEPS, type ReleaseStep } from '../release/steps.ts';

export type StepId = ReleaseStep['id'];

export interface PlannedStep {
  step: ReleaseStep;
  /** The earliest moment the step may run (never before the embargo). */
  notBefore: Date;
}

/** The steps after preflight that apply to this advisory, in the spec's order. */
export function planSteps(advisory: Advisory, now: Date): PlannedStep[] {
  const channels = new Set(advisory.data.channels ?? []);
  const embargo = advisory.data.embargo ? new Date(advisory.data.embargo) : now;
  const start = embargo.getTime() > now.getTime() ? embargo : now;
  return RELEASE_STEPS.filter((s) => s.id !== 'preflight' && (s.channel === undefined || channels.has(s.channel))).map((step) => ({
    step,
    notBefore: start,
  }));
}

/** "2026-12-08 17:00 UTC (18:00 Europe/Berlin)" */
export function formatTime(at: Date, timeZone: string): string {
  const utc = at.toISOString().replace('T', ' ').replace(/:\d{2}\.\d{3}Z$/, ' UTC');
  const local = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
  return timeZone === 'UTC' ? utc : `${utc} (${local} ${timeZone})`;
}

export function formatPlan(advisory: Advisory, plan: PlannedStep[], timeZone: string): string {
  const lines = [`Release plan for ${advisory.data.id} (${advisory.data.title})`];
  plan.forEach((p, i) => {
    lines.push(`  ${String(i + 1).padStart(2)}. ${formatTime(p.notBefore, timeZone)}  ${p.step.id.padEnd(13)} ${p.step.title}`);
  });
  return lines.join('\n');
}

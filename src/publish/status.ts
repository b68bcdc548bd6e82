// `publish --status`: what the journal says about an advisory's release, step by step.
import { loadRelease } from './load-release.ts';
import { Journal, type StepRecord } from './journal.ts';
import { planSteps } from './plan.ts';

export interface StatusReport {
  id: string;
  journal: string;
  /** False when no live run has happened yet. */
  journalExists: boolean;
  advisoryStatus: string;
  steps: { id: string; state: StepRecord['state'] | 'pending'; key?: string; startedAt?: string; finishedAt?: string; attempts?: number; evidence?: Record<string, string>; reason?: string }[];
  log: { at: string; event: string }[];
}

export async function journalStatus(root: string, id: string): Promise<StatusReport> {
  const { id: parsed, advisory } = await loadRelease(root, id);
  id = parsed;
  const journal = await Journal.open(root, id);
  const steps = planSteps(advisory, new Date()).map(({ step }) => {
    const rec = journal.step(step.id);
    return rec ? { id: step.id, ...rec } : { id: step.id, state: 'pending' as const };
  });
  return { id, journal: journal.file, journalExists: journal.exists, advisoryStatus: advisory.data.status, steps, log: journal.data.log };
}

export function formatStatus(report: StatusReport): string {
  const lines = [
    `${report.id}: advisory status ${report.advisoryStatus}; ${report.journalExists ? `journal ${report.journal}` : 'no journal yet (no live run has started)'}`,
  ];
  for (const s of report.steps) {
    const ev = s.evidence ? Object.entries(s.evidence).map(([k, v]) => `${k}=${v}`).join(' ') : '';
    const when = s.finishedAt ?? s.startedAt ?? '';
    lines.push(`  ${s.id.padEnd(13)} ${s.state.padEnd(8)} ${when}${s.attempts && s.attempts > 1 ? ` (attempts: ${s.attempts})` : ''}${ev ? `  ${ev}` : ''}${s.reason ? `  reason: ${s.reason}` : ''}`);
  }
  if (report.log.length > 0) lines.push(`  last event: ${report.log[report.log.length - 1].at} ${report.log[report.log.length - 1].event}`);
  return lines.join('\n');
}

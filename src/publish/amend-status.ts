// `npm run amend -- <ID> --status`: the journal of every amendment of one advisory, oldest first.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseAdvisoryId } from '../advisory/id.ts';
import { loadConfig } from '../config/load.ts';
import { Journal, type StepRecord } from './journal.ts';

export interface AmendStatusReport {
  id: string;
  amendments: { index: number; journal: string; steps: ({ id: string } & StepRecord)[]; log: { at: string; event: string }[] }[];
}

export async function amendStatus(root: string, rawId: string): Promise<AmendStatusReport> {
  // The id names journal files below: parsed first, so it can never be a path or a pattern.
  const id = parseAdvisoryId(rawId, (await loadConfig(root)).id_prefix);
  const dir = path.join(root, '.disclose', 'journal');
  const names = await readdir(dir).catch(() => [] as string[]);
  const pattern = new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.amend-(\\d+)\\.json$`);
  const indexes = names.map((n) => pattern.exec(n)).filter((m) => m !== null).map((m) => Number(m[1])).sort((a, b) => a - b);
  const amendments = [];
  for (const index of indexes) {
    const j = await Journal.open(root, `${id}.amend-${index}`);
    amendments.push({ index, journal: j.file, steps: Object.entries(j.data.steps).map(([step, rec]) => ({ id: step, ...rec })), log: j.data.log });
  }
  return { id, amendments };
}

export function formatAmendStatus(report: AmendStatusReport): string {
  if (report.amendments.length === 0) return `${report.id}: no amendment has been sent (no amend journal)`;
  const lines = [`${report.id}: ${report.amendments.length} amendment journal(s)`];
  for (const a of report.amendments) {
    lines.push(`amend-${a.index}: ${a.journal}`);
    for (const s of a.steps) {
      const ev = s.evidence ? Object.entries(s.evidence).filter(([k]) => k !== 'response').map(([k, v]) => `${k}=${v}`).join(' ') : '';
      lines.push(`  ${s.id.padEnd(13)} ${s.state.padEnd(8)} ${s.finishedAt ?? s.startedAt}${ev ? `  ${ev}` : ''}${s.reason ? `  reason: ${s.reason}` : ''}`);
    }
    const last = a.log.at(-1);
    if (last) lines.push(`  last event: ${last.at} ${last.event}`);
  }
  return lines.join('\n');
}

// `npm run status`: every open advisory (draft, embargoed) and its deadlines, as a table or JSON.
// A file that does not parse does not hide the others' deadlines: it is listed as a problem.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listAdvisoryFiles, parseAdvisory } from '../advisory/parse.ts';
import type { Advisory } from '../advisory/schema.ts';
import { collectDeadlines, type Deadline, type StatusProblem } from './deadlines.ts';

const OPEN = new Set(['draft', 'embargoed']);

export interface StatusReport {
  now: string;
  deadlines: Deadline[];
  problems: StatusProblem[];
}

export async function buildStatus(root: string, now: Date): Promise<StatusReport> {
  const dir = path.join(root, 'advisories');
  const advisories: Advisory[] = [];
  const problems: StatusProblem[] = [];
  for (const file of await listAdvisoryFiles(dir)) {
    const shown = path.relative(root, file).split(path.sep).join('/');
    try {
      const a = parseAdvisory(shown, await readFile(file, 'utf8'));
      if (OPEN.has(a.data.status)) advisories.push(a);
    } catch {
      problems.push({ id: path.basename(file, '.md'), file: shown, message: `does not parse, so its deadlines are unknown — run npm run validate -- ${shown}` });
    }
  }
  const collected = collectDeadlines(advisories, now);
  return { now: now.toISOString().replace(/\.000Z$/, 'Z'), deadlines: collected.deadlines, problems: [...problems, ...collected.problems] };
}

/** "in 2d 5h", "3h ago": how far a deadline is from now. */
export function relative(dueIso: string, now: Date): string {
  const diff = Date.parse(dueIso) - now.getTime();
  const abs = Math.abs(diff);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m`;
  return diff >= 0 ? `in ${span}` : `${span} ago`;
}

export function formatStatusTable(report: StatusReport, now: Date): string {
  if (report.deadlines.length === 0) return `no open advisory has a pending deadline (now ${report.now})\n`;
  const rows = report.deadlines.map((d) => [
    d.due.replace('T', ' ').replace(/:\d{2}Z$/, 'Z'),
    d.overdue ? `OVERDUE ${relative(d.due, now)}` : relative(d.due, now),
    d.id,
    d.status,
    d.label + (d.earliest ? ` (window opens ${d.earliest.slice(0, 16).replace('T', ' ')}Z${d.notYetOpen ? ', not yet' : ''})` : ''),
    d.title.length > 60 ? `${d.title.slice(0, 59)}…` : d.title,
  ]);
  const head = ['DUE (UTC)', 'WHEN', 'ID', 'STATUS', 'DEADLINE', 'TITLE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(head), ...rows.map(line)];
  const overdue = report.deadlines.filter((d) => d.overdue).length;
  out.push('', `${report.deadlines.length} deadline${report.deadlines.length === 1 ? '' : 's'}, ${overdue} overdue (now ${report.now})`);
  return `${out.join('\n')}\n`;
}

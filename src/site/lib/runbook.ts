// The runbook's pages in reading order: the Markdown pages of runbook/ plus the checklist page
// generated from RELEASE_STEPS, which follows the release-day page.
import { getCollection } from 'astro:content';

export interface RunbookPage {
  id: string;
  title: string;
  summary: string;
  order: number;
  href: string;
  html: string;
}

export const CHECKLIST_ID = 'release-day-checklist';

export async function runbookPages(): Promise<RunbookPage[]> {
  const entries = await getCollection('runbook');
  const pages: RunbookPage[] = entries.map((e) => {
    const data = e.data as { title: string; summary: string; order: number };
    return { id: e.id, title: data.title, summary: data.summary, order: data.order, href: `/runbook/${e.id}/`, html: e.rendered?.html ?? '' };
  });
  const releaseDay = pages.find((p) => p.id === 'release-day');
  pages.push({
    id: CHECKLIST_ID,
    title: 'Release-day checklist',
    summary: 'The steps `npm run publish` takes, in order, generated from the tool itself.',
    order: releaseDay ? releaseDay.order + 0.5 : 1000,
    href: `/runbook/${CHECKLIST_ID}/`,
    html: '',
  });
  return pages.sort((a, b) => a.order - b.order);
}

// The archive's feed: one item per public advisory, newest first, linking to its page.
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { archiveEntries } from '../lib/archive.ts';
import { packagesOf, severityLabel } from '../lib/present.ts';
import { teamConfig } from '../lib/team.ts';

export const GET: APIRoute = async (context) => {
  const team = await teamConfig();
  const entries = await archiveEntries();
  return rss({
    title: team.site.title,
    description: `Security advisories published by the ${team.project.name} security response team.`,
    site: context.site ?? team.site.base_url,
    items: entries.map((e) => ({
      title: `${e.id}: ${e.data.title}`,
      link: `/advisories/${e.id}/`,
      pubDate: e.data.embargo ? new Date(e.data.embargo) : undefined,
      description: `${severityLabel(e.data.severity)} severity${e.data.cve?.length ? ` · ${e.data.cve.join(', ')}` : ''}. ${e.data.summary}`,
      categories: [severityLabel(e.data.severity), ...packagesOf(e.data), ...(e.data.cve ?? [])],
    })),
  });
};

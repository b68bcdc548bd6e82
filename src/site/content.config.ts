// Two collections: the public advisories (through our own loader, which withholds everything that
// is not public) and the runbook pages (plain Markdown in runbook/, public by nature).
import { defineCollection } from 'astro/content/config';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { advisoryLoader } from './loader.ts';

export const collections = {
  advisories: defineCollection({ loader: advisoryLoader() }),
  runbook: defineCollection({
    loader: glob({ pattern: '*.md', base: './runbook' }),
    schema: z.object({
      title: z.string(),
      /** Position in the runbook's table of contents. */
      order: z.number().int(),
      summary: z.string(),
    }),
  }),
};

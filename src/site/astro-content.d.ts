// The slice of Astro's virtual `astro:content` module that our endpoint files (.ts, checked by
// `tsc --noEmit`) use. Astro generates the full declarations into .astro/ during a build, which
// the project's type-check does not read; entries are cast to our own types where they are used.
declare module 'astro:content' {
  export interface CollectionEntry {
    id: string;
    data: Record<string, unknown>;
    body?: string;
    rendered?: { html: string };
  }
  export function getCollection(name: 'advisories' | 'runbook'): Promise<CollectionEntry[]>;
}


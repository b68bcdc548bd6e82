// blog, as data: a post file committed to the blog repository (no secret: git's own access).
import type { ChannelSpec } from '../spec-types.ts';

export const blogSpec = {
  name: 'blog',
  public: true,
  credential: null,
  linkType: 'ARTICLE',
  release: [
    {
      id: 'blog',
      title: 'Push the blog post',
      detail: 'The post file (the same text, with a note that the signed mail is official) is committed to the blog repository on the configured branch and pushed.',
    },
  ],
  amend: { title: 'editing the blog post' },
} as const satisfies ChannelSpec;

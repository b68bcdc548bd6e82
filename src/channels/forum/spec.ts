// forum, as data: a Discourse topic whose external_id is the advisory id.
import type { ChannelSpec } from '../spec-types.ts';

export const forumSpec = {
  name: 'forum',
  public: true,
  credential: 'DISCOURSE_API_KEY',
  linkType: 'DISCUSSION',
  release: [
    {
      id: 'forum',
      title: 'Create the forum topic',
      detail: 'The same text is posted as a Discourse topic whose external_id is the advisory id, so a retry finds it instead of posting twice.',
    },
  ],
  amend: { title: 'replying in the forum topic' },
} as const satisfies ChannelSpec;

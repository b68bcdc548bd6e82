// announce, as data: the signed mail to the announcements list is the official advisory, sent
// first; its archive URL is then recorded, because every other channel links to it.
import type { ChannelSpec } from '../spec-types.ts';

export const announceSpec = {
  name: 'announce',
  public: true,
  credential: 'DISCLOSE_SMTP_URL',
  linkType: 'ADVISORY',
  release: [
    {
      id: 'announce',
      title: 'Send the signed announcement',
      detail: 'The OpenPGP-signed mail goes to the announcements list first, with a deterministic Message-ID and the signed text attached. It is the official advisory; every other channel points to it.',
    },
    {
      id: 'announce-url',
      title: "Record the announcement's archive URL",
      detail: 'The public archive URL of the signed mail is looked up from its Message-ID (or given with --announce-url) and recorded, because the blog, forum and oss-security texts link to it.',
    },
  ],
  amend: { title: 'sending the signed follow-up to the announcement' },
} as const satisfies ChannelSpec;

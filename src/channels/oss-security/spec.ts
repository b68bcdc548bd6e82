// oss-security, as data: a detailed plain-text mail to the public list, sent last.
import type { ChannelSpec } from '../spec-types.ts';

export const ossSecuritySpec = {
  name: 'oss-security',
  public: true,
  credential: 'DISCLOSE_SMTP_URL',
  linkType: 'ADVISORY',
  release: [
    {
      id: 'oss-security',
      title: 'Mail oss-security',
      detail: 'A detailed plain-text mail (overview, affected versions, mitigations: the list rejects bare links) with the link to the signed announcement.',
    },
  ],
  amend: { title: 'sending the follow-up to oss-security' },
} as const satisfies ChannelSpec;

// distros, as data: the private distros list, mailed 3–14 days before the embargo by
// `npm run notify-distros` (src/publish/distros.ts), so it has no release-day step and is never
// amended (it is not public).
import type { ChannelSpec } from '../spec-types.ts';

export const distrosSpec = {
  name: 'distros',
  public: false,
  credential: 'DISCLOSE_SMTP_URL',
  release: [],
} as const satisfies ChannelSpec;

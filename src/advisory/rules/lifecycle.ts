// Fields that only make sense at some points of the lifecycle (spec §4): public links, the GHSA id
// and amendments exist only once an advisory is out; a published advisory records every link.
import { PUBLIC_CHANNELS } from '../schema.ts';
import { error, warning, type Rule, type RuleResult } from './context.ts';

const OUT = new Set(['published', 'withdrawn']);

export const publicOnlyFields: Rule = ({ data }) => {
  if (OUT.has(data.status)) return [];
  const found: RuleResult[] = [];
  const why = `a ${data.status} advisory is not public yet`;
  if (data.links) found.push(error('public-only', ['links'], `${why}, so it has no public links`, 'remove `links:`; publish writes it after each channel went out', 'key'));
  if (data.ghsa) found.push(error('public-only', ['ghsa'], `${why}; the GHSA id is recorded when the advisory is published`, 'remove `ghsa:`; publish writes it when it creates the GitHub advisory', 'key'));
  if (data.updates) found.push(error('public-only', ['updates'], `${why}; updates are amendments after publication`, 'edit the body instead, or remove `updates:`', 'key'));
  return found;
};

export const updatesAfterEmbargo: Rule = ({ data }) => {
  if (!data.updates || !data.embargo) return [];
  const embargo = Date.parse(data.embargo);
  const found: RuleResult[] = [];
  data.updates.forEach((u, i) => {
    if (i > 0 && Date.parse(u.at) < Date.parse(data.updates![i - 1].at)) {
      found.push(error('update-order', ['updates', i, 'at'], `${u.at} is before the previous update (${data.updates![i - 1].at})`, 'list updates from oldest to newest'));
    } else if (Date.parse(u.at) < embargo) {
      found.push(error('update-order', ['updates', i, 'at'], `${u.at} is before the embargo (${data.embargo}); an update amends a published advisory`, 'use the time of the amendment, after the embargo'));
    }
  });
  return found;
};

export const publishedHasLinks: Rule = ({ data }) => {
  if (data.status !== 'published') return [];
  const channels = (data.channels ?? []).filter((c): c is (typeof PUBLIC_CHANNELS)[number] => (PUBLIC_CHANNELS as readonly string[]).includes(c));
  const missing = channels.filter((c) => !data.links?.[c]);
  if (missing.length === 0) return [];
  return [warning('links-missing', data.links ? ['links'] : ['status'], `published to ${missing.join(', ')} but \`links\` has no URL for ${missing.length > 1 ? 'them' : 'it'}`, `add ${missing.map((c) => `links.${c}`).join(', ')} (publish writes them; add them by hand for advisories published before disclose)`, 'key')];
};

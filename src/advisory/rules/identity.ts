// The file name, the `id` and the team's prefix must agree (spec §1): links, Message-IDs and the
// archive are all built from the id, and people find advisories by file name.
import path from 'node:path';
import { error, type Rule } from './context.ts';

export const idMatchesFile: Rule = ({ file, data }) => {
  const expected = path.basename(file).replace(/\.md$/, '');
  if (data.id === expected) return [];
  return [error('id-filename', ['id'], `"${data.id}" does not match the file name ${path.basename(file)}`, `set \`id: ${expected}\`, or rename the file to ${data.id}.md`)];
};

export const idHasTeamPrefix: Rule = ({ data, config }) => {
  if (data.id.startsWith(`${config.id_prefix}-`)) return [];
  const fixed = data.id.replace(/^[A-Z][A-Z0-9]*-/, `${config.id_prefix}-`);
  return [error('id-prefix', ['id'], `"${data.id}" does not start with the team prefix ${config.id_prefix}- (disclose.config.yaml: id_prefix)`, `use ${fixed} (and rename the file), or run \`npm run new\` to get the next free id`)];
};

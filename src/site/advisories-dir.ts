// Where the advisories are read from. Its own module so that the build command can name the
// folder without loading the parser (see ./build.ts).
import path from 'node:path';

/** The advisories folder: DISCLOSE_ADVISORIES_DIR when set (tests build from fixtures), else advisories/. */
export function advisoriesDir(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): string {
  const configured = env.DISCLOSE_ADVISORIES_DIR;
  return path.resolve(root, configured && configured !== '' ? configured : 'advisories');
}

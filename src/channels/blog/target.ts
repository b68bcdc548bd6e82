// Where the blog post goes, for the release step and the amendment alike.
import type { TeamConfig } from '../../config/schema.ts';
import { identityOf } from '../../publish/write-back.ts';
import type { BlogTarget } from './deliver.ts';

export function blogTarget(config: TeamConfig): BlogTarget {
  return { repository: config.blog.repository, branch: config.blog.branch, postsDir: config.blog.posts_dir, identity: identityOf(config.mail.from) };
}

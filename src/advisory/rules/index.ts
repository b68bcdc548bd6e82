// Every per-file rule that runs once the frontmatter passes the schema, in reporting order.
// Cross-file rules (unique ids, CVEs, GHSA ids) live in validate.ts because they need all files.
import { affectedRanges } from './affected.ts';
import { bodyLinks, bodyNesting, bodyNoHtml, bodyNoTodo, bodySections } from './body.ts';
import { noPrivateInPublic } from './private.ts';
import type { Rule } from './context.ts';
import { distrosConsistent, distrosRequired, distrosTiming } from './distros.ts';
import { embargoAfterTimeline, embargoNotPast, embargoOnWorkingDay } from './embargo.ts';
import { idHasTeamPrefix, idMatchesFile } from './identity.ts';
import { publicOnlyFields, publishedHasLinks, updatesAfterEmbargo } from './lifecycle.ts';
import { noRepeats } from './lists.ts';
import { severityMatchesCvss } from './severity.ts';
import { timelineOrdered } from './timeline.ts';

export const RULES: Rule[] = [
  idMatchesFile,
  idHasTeamPrefix,
  noRepeats,
  publicOnlyFields,
  publishedHasLinks,
  updatesAfterEmbargo,
  embargoNotPast,
  embargoOnWorkingDay,
  embargoAfterTimeline,
  severityMatchesCvss,
  distrosRequired,
  distrosConsistent,
  distrosTiming,
  affectedRanges,
  timelineOrdered,
  bodyNesting,
  bodySections,
  bodyLinks,
  bodyNoHtml,
  noPrivateInPublic,
  bodyNoTodo,
];

// What every per-file rule sees. Rules are plain functions from this context to findings, so
// adding a rule is adding a function to the list in rules/index.ts.
import type { TeamConfig } from '../../config/schema.ts';
import type { PendingFinding } from '../error-map.ts';
import type { AdvisoryData } from '../schema.ts';
import type { BodyFacts } from './body-facts.ts';

export interface RuleContext {
  /** The path as given (used in messages). */
  file: string;
  data: AdvisoryData;
  body: string;
  /** 1-based file line of the body's first line. */
  bodyLine: number;
  config: TeamConfig;
  now: Date;
  /** Markdown facts, computed on first use. */
  facts(): BodyFacts;
}

/** A body finding already knows its position (body line + offset). */
export interface BodyFinding extends Omit<PendingFinding, 'path' | 'target'> {
  path: ['body'];
  line: number;
  col: number;
}

export type RuleResult = PendingFinding | BodyFinding;
export type Rule = (ctx: RuleContext) => RuleResult[];

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function error(rule: string, path: PendingFinding['path'], message: string, fix: string, target: 'key' | 'value' = 'value'): PendingFinding {
  return { severity: 'error', rule, path, target, message, fix };
}

export function warning(rule: string, path: PendingFinding['path'], message: string, fix: string, target: 'key' | 'value' = 'value'): PendingFinding {
  return { severity: 'warning', rule, path, target, message, fix };
}

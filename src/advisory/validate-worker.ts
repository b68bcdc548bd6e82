// The worker half of validateFiles: validates the paths it is given and posts the results back.
// Like scripts/validate.ts, it turns on Node's compile cache before loading the validator.
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { TeamConfig } from '../config/schema.ts';
import type { StoredCache } from './rules/validation-cache.ts';

module.enableCompileCache?.();
const { validateChunk } = await import('./validate.ts');
const { paths, config, now, cached } = workerData as { paths: string[]; config: TeamConfig; now: string; cached: StoredCache | undefined };
parentPort!.postMessage(validateChunk(paths, { config, now: new Date(now) }, cached));

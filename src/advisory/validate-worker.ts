// The worker half of validateFiles: validates the paths it is given and posts the results back.
import { parentPort, workerData } from 'node:worker_threads';
import type { TeamConfig } from '../config/schema.ts';
import { validateChunk } from './validate.ts';

const { paths, config, now } = workerData as { paths: string[]; config: TeamConfig; now: string };
parentPort!.postMessage(validateChunk(paths, { config, now: new Date(now) }));

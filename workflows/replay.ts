// An ops job: replay recorded histories on a worker, which holds the workflow code a deploy ships.
import type { ReplayInput, ReplayResult } from '../contract/inputs.js';
import { opsJobs } from './activities.js';

export async function replayWorkflow(input: ReplayInput): Promise<ReplayResult[]> {
  return opsJobs.replayHistories(input);
}

// Replaying recorded histories against the workflow code this process holds: proof that a deploy
// is safe. Run by workers (the ops replay job) and by the ops CLI.
import type { Client } from '@temporalio/client';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import type { ReplayResult } from '../contract/inputs.js';

/** Where the workflow code comes from: a prebuilt bundle, or the source (bundled on demand). */
export type WorkflowSource = Pick<ReplayWorkerOptions, 'workflowBundle' | 'workflowsPath' | 'interceptors'>;

export async function replayHistories(
  client: Client,
  source: WorkflowSource,
  workflowIds: string[],
  onResult?: (r: ReplayResult) => void,
): Promise<ReplayResult[]> {
  async function* histories() {
    for (const workflowId of workflowIds) yield { workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() };
  }
  const results: ReplayResult[] = [];
  // A traced history's workflow hands spans to the tracing sink: a replay drops them.
  const sinks = { exporter: { export: { fn: () => undefined } } };
  for await (const r of Worker.runReplayHistories({ ...source, sinks }, histories())) {
    const result = {
      workflowId: r.workflowId,
      runId: r.runId,
      deterministic: !r.error,
      ...(r.error ? { error: String((r.error as Error).message ?? r.error).slice(0, 500) } : {}),
    };
    results.push(result);
    onResult?.(result);
  }
  return results;
}

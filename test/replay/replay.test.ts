// The replay gate: histories recorded from real runs of every workflow type (test/fixtures/
// histories) must replay on the current code. A change that would break running workflows fails
// here — shown by bundling the review-reminder change without its patched() guard.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { bundleWithPatchesVariant } from './variant-bundle.js';

const dir = 'test/fixtures/histories';
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: JSON.parse(readFileSync(join(dir, f), 'utf8')) }));

async function replayAll(source: Parameters<typeof Worker.runReplayHistories>[0]) {
  const results: { workflowId: string; error?: unknown }[] = [];
  for await (const r of Worker.runReplayHistories(source, fixtures)) results.push({ workflowId: r.workflowId, error: r.error });
  return results;
}

describe('replay gate', () => {
  it('has fixtures of every workflow type', () => {
    const types = new Set(fixtures.map((f) => f.history.events[0].workflowExecutionStartedEventAttributes.workflowType.name));
    expect([...types].sort()).toEqual(['applicationWorkflow', 'escalationWorkflow', 'workOrderWorkflow']);
  });

  it('every recorded history replays deterministically on the current code', async () => {
    const results = await replayAll({ workflowBundle: { codePath: inject('bundlePath') } });
    expect(results).toHaveLength(fixtures.length);
    expect(results.filter((r) => r.error).map((r) => `${r.workflowId}: ${String((r.error as Error).message)}`)).toEqual([]);
  });

  it('the same change without patched() breaks a recorded history (the gate fails)', async () => {
    const code = await bundleWithPatchesVariant('review-reminder-unpatched');
    const results = await replayAll({ workflowBundle: { code } });
    const broken = results.filter((r) => r.error);
    expect(broken.map((r) => r.workflowId)).toContain('application-review-overdue');
    expect((broken[0]!.error as Error).name).toMatch(/DeterminismViolationError/);
  });
});

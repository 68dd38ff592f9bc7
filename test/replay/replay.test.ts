// The replay gate: histories recorded from real runs of every workflow type (test/fixtures/
// histories) must replay on the current code. A change that would break running workflows fails
// here — shown by bundling a change to the review reminder without a patched() guard.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { watchdog } from '../../platform/worker.js';
import { bundleWithVariant } from './variant-bundle.js';

const dir = 'test/fixtures/histories';
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: JSON.parse(readFileSync(join(dir, f), 'utf8')) }));

type Fixture = (typeof fixtures)[number];
type Event = { timerStartedEventAttributes?: { timerId: string }; timerFiredEventAttributes?: { timerId: string } };
const typeOf = (f: Fixture): string => f.history.events[0].workflowExecutionStartedEventAttributes.workflowType.name;
/** An application's first timer is the review reminder's: did it fire (rather than the review come first)? */
function reminderFired(f: Fixture): boolean {
  if (typeOf(f) !== 'applicationWorkflow') return false;
  const events = f.history.events as Event[];
  const first = events.find((e) => e.timerStartedEventAttributes)?.timerStartedEventAttributes?.timerId;
  return events.some((e) => e.timerFiredEventAttributes?.timerId === first);
}

async function replayAll(source: Parameters<typeof Worker.runReplayHistories>[0]) {
  const results: { workflowId: string; error?: unknown }[] = [];
  for await (const r of Worker.runReplayHistories(source, fixtures)) results.push({ workflowId: r.workflowId, error: r.error });
  return results;
}

describe('replay gate', () => {
  it('has fixtures of every workflow type', () => {
    const types = new Set(fixtures.map(typeOf));
    expect([...types].sort()).toEqual(['absenceWorkflow', 'applicationWorkflow', 'escalationWorkflow', 'replayWorkflow']);
  });

  it('every recorded history replays deterministically on the current code', async () => {
    const results = await replayAll({ workflowBundle: { codePath: inject('bundlePath') } });
    expect(results).toHaveLength(fixtures.length);
    expect(results.filter((r) => r.error).map((r) => `${r.workflowId}: ${String((r.error as Error).message)}`)).toEqual([]);
  });

  it('replays the same with the local SDK patch’s switches off: no stack per promise, no watchdog (temporal.yaml as shipped)', async () => {
    const before = process.env.TEMPORAL_WORKFLOW_STACK_TRACES;
    // Read by the workflow threads when they start, as the worker's own createWorker sets it.
    process.env.TEMPORAL_WORKFLOW_STACK_TRACES = 'off';
    try {
      const results = await replayAll({ workflowBundle: { codePath: inject('bundlePath') }, ...watchdog('off') });
      expect(results).toHaveLength(fixtures.length);
      expect(results.filter((r) => r.error).map((r) => `${r.workflowId}: ${String((r.error as Error).message)}`)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TEMPORAL_WORKFLOW_STACK_TRACES;
      else process.env.TEMPORAL_WORKFLOW_STACK_TRACES = before;
    }
  });

  it('a change without patched() — the review reminder removed — breaks the histories where the reminder fired (the gate fails)', async () => {
    const code = await bundleWithVariant('./review-reminder.js', 'review-reminder-removed');
    const results = await replayAll({ workflowBundle: { code } });
    const reminded = fixtures.filter(reminderFired).map((f) => f.workflowId);
    expect(reminded).toContain('application-review-overdue');
    const broken = results.filter((r) => r.error);
    expect(broken.map((r) => r.workflowId).sort()).toEqual(reminded.sort());
    for (const b of broken) expect((b.error as Error).name).toMatch(/DeterminismViolationError/);
  });
});

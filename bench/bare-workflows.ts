// The engine's limit on this machine: a workflow with the lifecycle's shape and no-op bodies. Per
// case, like the real one: 1 workflow start, 4 updates (approve, accept, reply, close) and 5 local
// activities (the real ones write the record: created, approved + dispatched, accepted, replied, closed).
import { condition, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';

const { noop } = proxyLocalActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

export const stepBare = defineUpdate<string, [string]>('step');

export async function bareCase(_id: string): Promise<void> {
  let closed = false;
  const created = noop();
  setHandler(stepBare, async (step) => {
    await noop();
    if (step === 'close') closed = true;
    return step;
  });
  await created;
  await condition(() => closed);
}

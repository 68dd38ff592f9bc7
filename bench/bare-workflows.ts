// The engine's limit on this machine: a workflow pair with the lifecycle's shape and no-op bodies.
// Per case, like the real one: 2 workflow starts (one by the client, one child), 4 updates
// (approve, accept, reply, close) and 7 local activities (the real ones write projections).
import { condition, defineUpdate, ParentClosePolicy, proxyLocalActivities, setHandler, startChild } from '@temporalio/workflow';

const { noop } = proxyLocalActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

export const approveBare = defineUpdate<string>('approve');
export const stepBare = defineUpdate<string, [string]>('step');

export async function bareApplication(id: string): Promise<void> {
  let approved = false;
  const created = noop();
  setHandler(approveBare, async () => {
    await noop(); // the work order's row
    await startChild(bareWorkOrder, { workflowId: `bare-wo-${id}`, args: [id], parentClosePolicy: ParentClosePolicy.ABANDON });
    await noop(); // 'approved'
    approved = true;
    return `bare-wo-${id}`;
  });
  await created;
  await condition(() => approved);
}

export async function bareWorkOrder(_id: string): Promise<void> {
  let closed = false;
  const dispatched = noop();
  setHandler(stepBare, async (step) => {
    await noop();
    if (step === 'close') closed = true;
    return step;
  });
  await dispatched;
  await condition(() => closed);
}

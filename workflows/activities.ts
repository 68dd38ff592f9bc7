// Activity stubs with the retry policy every case workflow uses. Types only from activities/.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { isPatched, PATCHES } from './patches.js';

export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Message delivery retries for as long as it takes: a failing gateway never loses a message. */
export const delivery = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * Projection writes as local activities: short, idempotent DB writes run by the worker inside the
 * workflow task, without a round trip through the server each (about half the server work per case).
 */
const localActs = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Local projection writes for cases that reached this code; remote ones for histories from before it. */
export const projections = (): Pick<Activities, 'recordTransition' | 'createWorkOrderRecord'> =>
  isPatched(PATCHES.localProjections) ? localActs : acts;

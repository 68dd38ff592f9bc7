// Activity stubs with the retry policy every case workflow uses. Types only from activities/.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Message delivery retries for as long as it takes: a failing gateway never loses a message. */
export const delivery = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

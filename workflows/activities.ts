// Activity stubs with the retry policies the workflows use (their interface is in the contract).
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CaseActivities as Activities } from '../contract/inputs.js';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' } as const;

/**
 * Record writes as local activities: short, idempotent PostgreSQL transactions run by the worker
 * inside the workflow task, without a round trip through the server each.
 */
export const records = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', localRetryThreshold: '10 seconds', retry });

/** The department desk's reads (whom to assign automatically): short PostgreSQL transactions, like the record writes. */
export const desk = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', localRetryThreshold: '10 seconds', retry });

/** Starting or raising an escalation (another workflow): a regular activity. */
export const escalations = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry });

/** Message delivery retries for as long as it takes: a failing gateway never loses a message. */
export const delivery = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { ...retry, initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

/** Ops jobs: replaying many histories takes a while; the activity heartbeats as it goes. */
export const opsJobs = proxyActivities<Activities>({ startToCloseTimeout: '30 minutes', heartbeatTimeout: '2 minutes', retry: { maximumAttempts: 3 } });

/** The monthly report: reads a month of figures and writes the leads' messages (retried; written once per lead and month). */
export const reports = proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', retry: { ...retry, maximumAttempts: 10 } });

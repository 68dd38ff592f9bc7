// 工作台 counts and the public part of the policy the console shows.
import { z } from 'zod';

export const workbenchCounts = z
  .object({
    role: z.string(),
    todo: z.number().int(),
    dueSoon: z.number().int().describe('in the last share of its clock (policy desk.dueSoonShare; 0.25: the last quarter)'),
    overdue: z.number().int(),
  })
  .meta({ id: 'Workbench' });
export const policyView = z
  .object({
    timeZone: z.string(),
    application: z.object({ reviewDeadlineMs: z.number(), returnedActionDeadlineMs: z.number() }),
    workOrder: z.object({ reactivationWindowMs: z.number() }),
    desk: z.object({
      dueSoonShare: z.number().describe('the last share of a clock shown as due soon'),
      transferReasons: z.array(z.string()),
      maxTransfers: z.number().int(),
    }),
    clocks: z.object({ pauseReasons: z.array(z.string()), maxPauseWorkingDays: z.number() }),
    ladder: z.array(z.object({ level: z.number().int(), name: z.string(), role: z.string(), org: z.string(), limitMs: z.number() })),
    attachments: z.object({ maxBytes: z.number(), maxCount: z.number(), contentTypes: z.array(z.string()) }),
  })
  .meta({ id: 'PublicPolicy' });

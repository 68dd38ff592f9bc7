// 工作台 counts and the public part of the policy (ladder, deadlines) the console shows.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deskPolicy } from '../../domain/desk.js';
import { ROLES } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';

import { workbench } from '../services/workbench.js';

const counts = z
  .object({
    role: z.string(),
    todo: z.number().int(),
    dueSoon: z.number().int().describe('in the last share of its clock (policy desk.dueSoonShare; 0.25: the last quarter)'),
    overdue: z.number().int(),
  })
  .meta({ id: 'Workbench' });
const policyView = z
  .object({
    timeZone: z.string(),
    application: z.object({ reviewDeadlineMs: z.number(), returnedActionDeadlineMs: z.number() }),
    workOrder: z.object({ reactivationWindowMs: z.number() }),
    desk: z.object({
      dueSoonShare: z.number().describe('the last share of a clock shown as due soon'),
      transferReasons: z.array(z.string()),
      maxTransfers: z.number().int(),
    }),
    ladder: z.array(z.object({ level: z.number().int(), name: z.string(), role: z.string(), org: z.string(), limitMs: z.number() })),
    attachments: z.object({ maxBytes: z.number(), maxCount: z.number(), contentTypes: z.array(z.string()) }),
  })
  .meta({ id: 'PublicPolicy' });

export const workbenchRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/workbench', {
    config: { roles: ROLES },
    schema: {
      operationId: 'workbench',
      tags: ['reference'],
      summary: '工作台: the caller’s queue — to do, due soon, overdue',
      response: { 200: counts },
    },
    handler: async (req) => workbench(ctx, req.actor),
  });
  app.get('/v1/policy', {
    config: { roles: ROLES },
    schema: { operationId: 'policy', tags: ['reference'], summary: 'The escalation ladder and deadlines new cases get', response: { 200: policyView } },
    handler: async () => {
      const p = ctx.policy;
      return {
        timeZone: p.calendars.default?.timeZone ?? 'Asia/Shanghai',
        application: { reviewDeadlineMs: p.application.reviewDeadline, returnedActionDeadlineMs: p.application.returnedActionDeadline },
        workOrder: { reactivationWindowMs: p.workOrder.reactivationWindow },
        desk: { dueSoonShare: deskPolicy(p).dueSoonShare, transferReasons: deskPolicy(p).transferReasons, maxTransfers: deskPolicy(p).maxTransfers },
        ladder: p.ladder.map((l, i) => ({ level: i + 1, name: l.name, role: l.role, org: l.org, limitMs: l.limit })),
        attachments: ctx.attachments,
      };
    },
  });
};

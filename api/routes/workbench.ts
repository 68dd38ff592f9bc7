// 工作台 counts and the public part of the policy (ladder, deadlines) the console shows.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clockPolicy } from '../../domain/clocks.js';
import { deskPolicy } from '../../domain/desk.js';
import { ROLES } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';

import { policyView, workbenchCounts } from '../schemas/workbench.js';
import { workbench } from '../services/workbench.js';

export const workbenchRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/workbench', {
    config: { roles: ROLES },
    schema: {
      operationId: 'workbench',
      tags: ['reference'],
      summary: '工作台: the caller’s queue — to do, due soon, overdue',
      response: { 200: workbenchCounts },
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
        clocks: { pauseReasons: clockPolicy(p).pause.reasons, maxPauseWorkingDays: clockPolicy(p).pause.maxWorkingDays },
        desk: { dueSoonShare: deskPolicy(p).dueSoonShare, transferReasons: deskPolicy(p).transferReasons, maxTransfers: deskPolicy(p).maxTransfers },
        ladder: p.ladder.map((l, i) => ({ level: i + 1, name: l.name, role: l.role, org: l.org, limitMs: l.limit })),
        attachments: ctx.attachments,
      };
    },
  });
};

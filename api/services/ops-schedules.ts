// What runs on a schedule (the monthly performance report): when it runs next, how its last runs
// went, and running it now. For the ops view and `GET /v1/ops/schedules`.
import { ScheduleNotFoundError } from '@temporalio/client';
import { monthlyReportScheduleId } from '../../contract/ids.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';

export interface ScheduleView {
  scheduleId: string;
  workflowType: string;
  /** Whether Temporal holds it (a start that could not make it says so in its log). */
  exists: boolean;
  description: string;
  timeZone: string | null;
  paused: boolean;
  nextRuns: string[];
  lastRuns: { scheduledAt: string; startedAt: string; workflowId: string; status: string | null }[];
}

const SCHEDULES = (ctx: ServiceContext) => [
  { scheduleId: monthlyReportScheduleId(ctx.taskQueue), workflowType: 'monthlyReportWorkflow', description: '每月1日 08:00 各部门上月绩效发送负责人' },
];

export async function listSchedules(ctx: ServiceContext): Promise<ScheduleView[]> {
  return Promise.all(
    SCHEDULES(ctx).map(async (s) => {
      try {
        const d = await ctx.temporal.schedule.getHandle(s.scheduleId).describe();
        const runs = d.info.recentActions.slice(-5).reverse();
        const lastRuns = await Promise.all(
          runs.map(async (r) => {
            const workflowId = r.action.workflow.workflowId;
            const status = await ctx.temporal.workflow
              .getHandle(workflowId, r.action.workflow.firstExecutionRunId)
              .describe()
              .then((w) => w.status.name)
              .catch(() => null);
            return { scheduledAt: r.scheduledAt.toISOString(), startedAt: r.takenAt.toISOString(), workflowId, status };
          }),
        );
        return {
          ...s,
          exists: true,
          timeZone: d.spec.timezone ?? null,
          paused: d.state.paused,
          nextRuns: d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()),
          lastRuns,
        };
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
        return { ...s, exists: false, timeZone: null, paused: false, nextRuns: [], lastRuns: [] };
      }
    }),
  );
}

/** Runs a schedule's action now (as if its time had come): the monthly report of last month. */
export async function triggerSchedule(ctx: ServiceContext, scheduleId: string): Promise<{ scheduleId: string; triggered: true }> {
  if (!SCHEDULES(ctx).some((s) => s.scheduleId === scheduleId)) throw notFound('schedule');
  try {
    await ctx.temporal.schedule.getHandle(scheduleId).trigger();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) throw notFound('schedule');
    throw error;
  }
  ctx.log.info({ scheduleId }, 'schedule triggered by hand');
  return { scheduleId, triggered: true };
}

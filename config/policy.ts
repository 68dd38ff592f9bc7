// Business policy: deadlines, calendars, the escalation ladder, limits. Data, not code:
// validated once at start and passed into workflows as input, so a policy change never
// rewrites a running case's past decisions.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { parseDuration } from '../domain/duration.js';
import { COMPLEXITIES, PROBLEM_CATEGORIES, ROLES } from '../domain/vocabulary.js';
import type { CasePolicy } from '../domain/policy.js';
import { ConfigError, formatZodIssues } from './errors.js';

export const durationSchema = z.union([z.string(), z.number().int().nonnegative()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not a duration like 30m, 2h, 1d or 1500ms` });
    return z.NEVER;
  }
  return ms;
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time of day as HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date as YYYY-MM-DD');

export const calendarSchema = z.object({
  timeZone: z.string().default('Asia/Shanghai'),
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
  hours: z
    .array(z.object({ start: hhmm, end: hhmm }).refine((h) => h.start < h.end, 'start before end'))
    .min(1)
    .default([
      { start: '08:30', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ]),
  holidays: z.array(isoDate).default([]),
  /** Weekend days worked in lieu of a holiday (调休). */
  extraWorkingDays: z.array(isoDate).default([]),
});

const clockSchema = z.object({
  response: durationSchema,
  resolution: durationSchema,
  /** `calendar`: wall-clock time; any other value names a business calendar. */
  clock: z.string().default('calendar'),
});

const ladderLevelSchema = z.object({
  name: z.string().min(1),
  role: z.enum(ROLES),
  /** Whose people are notified: the subject's own organisation, the provincial centre, or a fixed org code. */
  org: z.string().min(1).default('provincial'),
  limit: durationSchema,
});

const deskSettingsSchema = z.object({
  /** manual: claimed, or assigned by the lead; round_robin: in turn; least_load: whoever holds the fewest running orders. */
  assignment: z.enum(['manual', 'round_robin', 'least_load']),
  /** Open, clock-running orders one person holds at most. */
  cap: z.number().int().positive(),
  /** Business time an assignee has to act before the order returns to the queue. */
  claimTimeout: durationSchema,
  /** A person's open orders when their leave starts: kept, or back to the queue. */
  onLeave: z.enum(['stay', 'return_to_queue']),
  /** Wall-clock time the receiving department has to refuse a transfer. */
  refuseWindow: durationSchema,
  /** The business calendar the claim timeout counts on (`calendar`: wall clock). */
  clock: z.string(),
});

const deskSchema = z
  .object({
    default: deskSettingsSchema.prefault({
      assignment: 'manual',
      cap: 20,
      claimTimeout: '2h',
      onLeave: 'stay',
      refuseWindow: '2h',
      clock: 'calendar',
    }),
    departments: z.record(z.string(), deskSettingsSchema.partial()).default({}),
    maxTransfers: z.number().int().min(0).default(3),
    dueSoonShare: z.number().gt(0).lt(1).default(0.25),
    transferReasons: z.array(z.string().min(1)).min(1).default(['非本部门职责', '需其他部门协办', '地址/区域不符', '其他']),
  })
  .prefault({});

export const policySchema = z
  .object({
    /** Org code of the provincial customer-service centre (11185): its reviewers review, its supervisors lead the ladder. */
    provincialOrg: z.string().min(1).default('province'),
    application: z
      .object({
        reviewDeadline: durationSchema.default(24 * 3_600_000),
        returnedActionDeadline: durationSchema.default(72 * 3_600_000),
        /** Remind reviewers when this share of the review window has passed (0.8 = at 80 %). */
        reviewReminderAt: z.number().gt(0).lt(1).default(0.8),
      })
      .prefault({}),
    workOrder: z
      .object({
        default: clockSchema.prefault({ response: '2h', resolution: '48h' }),
        byCategory: z
          .array(
            clockSchema.extend({
              category: z.enum(PROBLEM_CATEGORIES),
              complexity: z.enum(COMPLEXITIES).optional(),
            }),
          )
          .default([]),
        promise: z.object({ simple: durationSchema, complex: durationSchema }).prefault({ simple: '2h', complex: '24h' }),
        reactivationWindow: durationSchema.default(7 * 86_400_000),
        /** Which handling department gets a new work order. */
        routing: z
          .object({
            default: z.string().min(1).default('dept-operations'),
            international: z.string().min(1).default('dept-international'),
            byCategory: z.partialRecord(z.enum(PROBLEM_CATEGORIES), z.string().min(1)).default({}),
          })
          .prefault({}),
      })
      .prefault({}),
    calendars: z.record(z.string(), calendarSchema).default({ default: calendarSchema.parse({}) }),
    /** The handling departments' desks: assignment, caps, claim timeout, leave, transfers. */
    desk: deskSchema,
    escalation: z.object({ ladder: z.array(ladderLevelSchema).min(1) }).prefault({
      ladder: [
        { name: '预警生成', role: 'supervisor', org: 'provincial', limit: '30m' },
        { name: '热线主管接单', role: 'supervisor', org: 'provincial', limit: '1h' },
        { name: '退回/分派', role: 'supervisor', org: 'provincial', limit: '30m' },
        { name: '责任单位处理', role: 'handler', org: 'subject', limit: '1h' },
        { name: '单位负责人指导', role: 'supervisor', org: 'subject', limit: '3h' },
        { name: '副总/总经理决策', role: 'admin', org: 'provincial', limit: '30m' },
        { name: '热线闭环', role: 'supervisor', org: 'provincial', limit: '1d' },
      ],
    }),
    attachments: z
      .object({
        maxBytes: z
          .number()
          .int()
          .positive()
          .default(5 * 1024 * 1024),
        contentTypes: z.array(z.string()).default(['application/pdf', 'image/jpeg', 'image/png', 'image/gif', 'image/webp', 'text/plain']),
        maxCount: z.number().int().positive().default(10),
      })
      .prefault({}),
  })
  .superRefine((policy, ctx) => {
    const clocks = [policy.workOrder.default, ...policy.workOrder.byCategory, policy.desk.default, ...Object.values(policy.desk.departments)];
    for (const [i, c] of clocks.entries()) {
      if (c.clock !== undefined && c.clock !== 'calendar' && !(c.clock in policy.calendars)) {
        ctx.addIssue({
          code: 'custom',
          path:
            i === 0
              ? ['workOrder', 'default', 'clock']
              : i <= policy.workOrder.byCategory.length
                ? ['workOrder', 'byCategory', i - 1, 'clock']
                : ['desk', 'clock'],
          message: `names calendar "${c.clock}", which is not defined under calendars`,
        });
      }
    }
  });

export type Policy = z.output<typeof policySchema>;

/** The policy a new case starts with (its workflow's input): the parts of the file the process uses. */
export function casePolicyOf(p: Policy): CasePolicy {
  return {
    application: p.application,
    workOrder: p.workOrder,
    calendars: p.calendars,
    ladder: p.escalation.ladder,
    provincialOrg: p.provincialOrg,
    desk: p.desk,
  };
}
export type PolicyInput = z.input<typeof policySchema>;
export type Calendar = z.output<typeof calendarSchema>;

export function parsePolicy(input: unknown, source = 'policy'): Policy {
  const result = policySchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError(`Invalid ${source}:\n${formatZodIssues(result.error)}`);
  return result.data;
}

export function loadPolicy(path: string): Policy {
  return parsePolicy(parseYaml(readFileSync(path, 'utf8')), path);
}

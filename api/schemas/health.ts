// The probes' answers.
import { z } from 'zod';

const status = z.enum(['ok', 'unavailable']);
export const readiness = z.object({ ready: z.boolean(), checks: z.object({ postgres: status, temporal: status }) });
export const liveness = z.object({ ok: z.literal(true) });

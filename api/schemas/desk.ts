// The department desk's people and their leave.
import { z } from 'zod';
import { isoDateTime, note } from './common.js';

const userId = z.string().regex(/^[A-Za-z0-9._@-]{1,100}$/, 'a user id');

export const orgParam = z.object({ code: z.string().regex(/^[a-z0-9-]{1,50}$/, 'an organisation code') });

export const deskPerson = z
  .object({
    userId: z.string(),
    name: z.string(),
    lead: z.boolean(),
    load: z.number().int().describe('open orders with a clock running that they hold'),
    cap: z.number().int(),
    absent: z.boolean().describe('on leave now'),
    substitute: z.string().nullable().describe('while absent: whom their work goes to (their substitute’s chain, else the lead)'),
  })
  .meta({ id: 'DeskPerson' });

export const absenceBody = z.strictObject({
  userId,
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  substituteId: userId.optional(),
  note: note(500).optional(),
});
export const absenceView = z
  .object({
    id: z.uuid(),
    userId: z.string(),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    substituteId: z.string().nullable(),
    note: z.string().nullable(),
    createdBy: z.string(),
    createdAt: isoDateTime,
    cancelledAt: isoDateTime.nullable(),
  })
  .meta({ id: 'Absence' });
export const listAbsencesQuery = z.object({ org: z.string().max(50).optional(), userId: userId.optional() });

// The department desk: its people (with their loads and leave, for assigning) and their leave.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CAPABILITIES } from '../../domain/access.js';
import type { ServiceContext } from '../context.js';
import { errorSchema, idParam } from '../schemas/common.js';
import { absenceBody, absenceView, deskPerson, listAbsencesQuery, orgParam } from '../schemas/desk.js';
import { cancelAbsence, listAbsences, peopleOf, recordAbsence } from '../services/desk.js';

export const deskRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/orgs/:code/people', {
    config: { roles: CAPABILITIES.deskPeople },
    schema: {
      operationId: 'deskPeople',
      tags: ['desk'],
      summary: 'A department’s handlers: what each holds, the cap, who is on leave and whom their work goes to',
      params: orgParam,
      response: { 200: z.array(deskPerson) },
    },
    handler: async (req) => peopleOf(ctx, req.actor, req.params.code),
  });
  app.get('/v1/absences', {
    config: { roles: CAPABILITIES.deskPeople },
    schema: {
      operationId: 'listAbsences',
      tags: ['desk'],
      summary: 'Leave that has not ended',
      querystring: listAbsencesQuery,
      response: { 200: z.array(absenceView) },
    },
    handler: async (req) => listAbsences(ctx, req.actor, req.query),
  });
  app.post('/v1/absences', {
    config: { roles: CAPABILITIES.deskPeople },
    schema: {
      operationId: 'recordAbsence',
      tags: ['desk'],
      summary: 'Record leave (请假) for yourself, or as the lead or an admin for someone: no new orders meanwhile; work goes to the substitute',
      body: absenceBody,
      response: { 201: absenceView, 404: errorSchema.describe('NOT_FOUND: no such person, or one of another organisation') },
    },
    handler: async (req, reply) => reply.code(201).send(await recordAbsence(ctx, req.actor, req.body)),
  });
  app.post('/v1/absences/:id/cancel', {
    config: { roles: CAPABILITIES.deskPeople },
    schema: { operationId: 'cancelAbsence', tags: ['desk'], params: idParam, response: { 200: absenceView } },
    handler: async (req) => cancelAbsence(ctx, req.actor, req.params.id),
  });
};

// Bearer tokens the service issues to a session or an API key.
import { z } from 'zod';
import { ROLES } from '../../domain/vocabulary.js';
import { isoDateTime } from './common.js';

export const issuedToken = z
  .object({
    id: z.uuid().describe('the token’s jti: revoke it with POST /v1/tokens/{id}/revoke'),
    token: z.string().describe('Authorization: Bearer <token>; shown once'),
    expiresAt: isoDateTime,
    role: z.enum(ROLES),
    org: z.string(),
  })
  .meta({ id: 'IssuedToken' });

export const revokedToken = z.object({ id: z.uuid(), revokedAt: isoDateTime, expiresAt: isoDateTime });

export const issueTokenBody = z
  .strictObject({
    expiresInMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
  })
  .default({});

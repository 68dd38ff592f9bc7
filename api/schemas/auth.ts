import { z } from 'zod';
import { AUDIT_TARGETS } from '../auth/audit.js';
import { CAPABILITY_NAMES } from '../../domain/access.js';
import { ROLES } from '../../domain/vocabulary.js';
import { filter, isoDateTime, text } from './common.js';

const role = z.enum(ROLES);
const userId = z.string().regex(/^[A-Za-z0-9._@-]{1,100}$/, '1–100 letters, digits, . _ @ -');
const email = z.email().max(254).describe('where email notices go');
const phone = z.string().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number: digits, optional +, spaces or dashes');

export const meView = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    org: z.string(),
    orgName: z.string().nullable(),
    roles: z.array(role),
    role,
    /** Leads their organisation (a department's 负责人). */
    lead: z.boolean(),
    /** What the role reaches (domain/access.ts): the console shows the screens these open and nothing else. */
    capabilities: z.array(z.enum(CAPABILITY_NAMES)),
    via: z.enum(['session', 'token', 'apiKey']),
    /** Send as `X-CSRF-Token` on every write made with the session cookie. */
    csrfToken: z.string().nullable(),
    /** The Temporal Web UI: a case's workflow is at `${temporalUi}/namespaces/${namespace}/workflows/${workflowId}`. */
    links: z.object({ temporalUi: z.string().nullable(), namespace: z.string() }),
  })
  .meta({ id: 'Me' });

export const authOptions = z.object({ local: z.boolean(), oidc: z.boolean() }).meta({ id: 'SignInOptions' });
export const localPerson = z
  .object({ id: z.string(), name: z.string(), org: z.string(), orgName: z.string(), orgKind: z.string(), roles: z.array(role) })
  .meta({ id: 'LocalPerson' });
export const localSignInBody = z.strictObject({ userId, role: role.optional() });
export const switchRoleBody = z.strictObject({ role });
export const logoutView = z.object({ redirectTo: z.string() });

export const userView = z
  .object({
    id: z.string(),
    login: z.string(),
    name: z.string(),
    org: z.string(),
    roles: z.array(role),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    active: z.boolean(),
    lead: z.boolean().describe('leads their organisation (a department’s 负责人)'),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'User' });
const name = text(100);
const orgCode = z.string().regex(/^[a-z0-9-]{1,50}$/, 'an organisation code');
export const createUserBody = z.strictObject({
  id: userId,
  login: userId.optional(),
  name,
  org: orgCode,
  roles: z.array(role).min(1).max(ROLES.length),
  phone: phone.nullable().optional(),
  email: email.nullable().optional(),
  lead: z.boolean().optional(),
});
export const changeUserBody = z
  .strictObject({
    login: userId,
    name,
    org: orgCode,
    roles: z.array(role).min(1).max(ROLES.length),
    phone: phone.nullable(),
    email: email.nullable(),
    active: z.boolean(),
    lead: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' })
  .meta({ minProperties: 1 });
export const listUsersQuery = z.object({
  org: filter(50).optional(),
  role: role.optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: filter(100).optional(),
});
export const userIdParam = z.object({ id: userId });

export const auditEntry = z
  .object({
    at: isoDateTime,
    actor: z.object({ userId: z.string(), name: z.string().nullable(), role: z.string() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }),
    detail: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

export const apiKeyView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role,
    org: z.string(),
    prefix: z.string(),
    createdBy: z.string(),
    createdAt: isoDateTime,
    lastUsedAt: isoDateTime.nullable(),
    revokedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'ApiKey' });
export const createdApiKey = apiKeyView.extend({ key: z.string().describe('the key itself: shown once, never again') }).meta({ id: 'CreatedApiKey' });
export const createApiKeyBody = z.strictObject({ name, role, org: orgCode });

export const auditQuery = z.object({
  targetType: z.enum(AUDIT_TARGETS).optional(),
  targetId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Where to come back to after signing in (a path of this site). */
export const loginQuery = z.object({ returnTo: z.string().max(500).optional() });

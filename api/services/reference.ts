// Reference data: organisations.
import { asc } from 'drizzle-orm';
import { organisations } from '../../db/schema.js';
import type { ServiceContext } from '../context.js';

export const listOrgs = (ctx: ServiceContext) => ctx.db.select().from(organisations).orderBy(asc(organisations.code));

// Reference data: organisations and the tracking/hotline feed of mail items.
import { asc, eq } from 'drizzle-orm';
import { mailItems, organisations, type ExternalDispatch } from '../../db/schema.js';
import type { BusinessType } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { unprocessable } from '../errors.js';

export const listOrgs = (ctx: ServiceContext) => ctx.db.select().from(organisations).orderBy(asc(organisations.code));

export interface MailItemInput {
  collectingOrg: string;
  businessType: BusinessType;
  acceptedAt: string;
  destinationCountry?: string;
  externalDispatches: ExternalDispatch[];
}

/** Registers a collected mail item; a repeat replaces it (the feed is the source of truth). */
export async function putMailItem(ctx: ServiceContext, mailNumber: string, input: MailItemInput) {
  const [org] = await ctx.db.select().from(organisations).where(eq(organisations.code, input.collectingOrg));
  if (!org) throw unprocessable('collectingOrg', 'knownOrganisation', `unknown organisation ${input.collectingOrg}`);
  const values = { ...input, mailNumber, acceptedAt: new Date(input.acceptedAt), destinationCountry: input.destinationCountry ?? null, updatedAt: new Date() };
  const [row] = await ctx.db.insert(mailItems).values(values).onConflictDoUpdate({ target: mailItems.mailNumber, set: values }).returning();
  return { ...row!, acceptedAt: row!.acceptedAt.toISOString(), updatedAt: row!.updatedAt.toISOString(), destinationCountry: row!.destinationCountry ?? undefined };
}

// Mail items: the tracking/hotline feed registers them; offices look one up to see what already
// exists for it and what the creation rules (创建规范) would say before filling a form.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { applications, mailItems, organisations, workOrders, type ExternalDispatch } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { OPEN_APPLICATION_STATUSES } from '../../domain/application.js';
import { checkCreation, type Dispatch } from '../../domain/creation-rules.js';
import * as workOrder from '../../domain/work-order.js';
import { PROBLEM_CATEGORIES, type Actor, type BusinessType } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { notFound, unprocessable } from '../errors.js';
import { applicationView, masked, workOrderRecord, workOrderView } from './views.js';
import { mayView, seesAllOrgs } from './scope.js';

type Executor = Pick<Db, 'select'>;
type MailItemRow = typeof mailItems.$inferSelect;

export interface MailItemInput {
  collectingOrg: string;
  businessType: BusinessType;
  acceptedAt: string;
  destinationCountry?: string;
  externalDispatches: ExternalDispatch[];
}

const mailItemView = (row: MailItemRow) => ({
  ...row,
  acceptedAt: row.acceptedAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  destinationCountry: row.destinationCountry ?? undefined,
});

/** Registers a collected mail item; a repeat replaces it (the feed is the source of truth). */
export async function putMailItem(ctx: ServiceContext, mailNumber: string, input: MailItemInput) {
  const [org] = await ctx.db.select().from(organisations).where(eq(organisations.code, input.collectingOrg));
  if (!org) throw unprocessable('collectingOrg', 'knownOrganisation', `unknown organisation ${input.collectingOrg}`);
  const values = { ...input, mailNumber, acceptedAt: new Date(input.acceptedAt), destinationCountry: input.destinationCountry ?? null, updatedAt: new Date() };
  const [row] = await ctx.db.insert(mailItems).values(values).onConflictDoUpdate({ target: mailItems.mailNumber, set: values }).returning();
  return mailItemView(row!);
}

/**
 * What the creation rules look at for a mail item: this service's own work orders and the hotline's
 * dispatches (as of `now`), and the open applications. Run inside the creating transaction too.
 */
export async function creationFacts(tx: Executor, item: MailItemRow, now: Date) {
  const ownOrders = await tx.select().from(workOrders).where(eq(workOrders.mailNumber, item.mailNumber));
  const openApplications = await tx
    .select({ id: applications.id, problemCategory: applications.problemCategory })
    .from(applications)
    .where(and(eq(applications.mailNumber, item.mailNumber), inArray(applications.status, OPEN_APPLICATION_STATUSES)));
  const dispatches: Dispatch[] = [
    ...ownOrders.map(workOrderRecord).map(
      (o): Dispatch => ({
        id: o.id,
        source: 'own',
        kind: 'work_order',
        problemCategory: o.problemCategory,
        open: workOrder.isOpen(o),
        overdue: o.overdue || workOrder.isOverdue(o, now.getTime()),
        meetsStandard: o.meetsStandard,
        reactivatable: workOrder.isReactivatable(o, now.getTime()),
      }),
    ),
    ...item.externalDispatches.map(
      (d): Dispatch => ({
        id: d.id,
        source: 'hotline',
        kind: d.kind,
        problemCategory: d.problemCategory,
        open: d.status === 'open',
        overdue: d.deadline ? Date.parse(d.deadline) <= now.getTime() : false,
        meetsStandard: d.meetsStandard ?? null,
        reactivatable: d.reactivatable ?? false,
      }),
    ),
  ];
  return { dispatches, openApplications };
}

export async function findMailItem(tx: Executor, mailNumber: string): Promise<MailItemRow | undefined> {
  const [item] = await tx.select().from(mailItems).where(eq(mailItems.mailNumber, mailNumber));
  return item;
}

/**
 * A mail item with what exists for it and, per problem category, what creating an application
 * would meet. Offices see only the items their office collected (others: 404), and of the cases on
 * it only those they may see by each case's own organisation (the item's office can change); the
 * feed's key (integration) sees the item, and the cases of its own organisation only.
 */
export async function mailItemOverview(ctx: ServiceContext, actor: Actor, mailNumber: string) {
  const item = await findMailItem(ctx.db, mailNumber);
  if (!item || (!seesAllOrgs(actor) && actor.role !== 'integration' && item.collectingOrg !== actor.org)) throw notFound('mail item');
  const now = new Date();
  const facts = await creationFacts(ctx.db, item, now);
  const [apps, orders] = await Promise.all([
    ctx.db.select().from(applications).where(eq(applications.mailNumber, mailNumber)).orderBy(desc(applications.createdAt)),
    ctx.db.select().from(workOrders).where(eq(workOrders.mailNumber, mailNumber)).orderBy(desc(workOrders.createdAt)),
  ]);
  const creationRules = PROBLEM_CATEGORIES.map((problemCategory) => {
    const decision = checkCreation({
      creatingOrg: actor.role === 'office' ? actor.org : item.collectingOrg,
      collectingOrg: item.collectingOrg,
      problemCategory,
      ...facts,
    });
    return decision.allowed ? { problemCategory, allowed: true as const } : { problemCategory, ...decision };
  });
  return {
    mailItem: mailItemView(item),
    applications: apps.filter((a) => mayView(actor, [a.org])).map((a) => masked(applicationView(a, actor))),
    workOrders: orders.filter((o) => mayView(actor, [o.org, o.assignedOrg])).map((o) => workOrderView(o, actor)),
    creationRules,
  };
}

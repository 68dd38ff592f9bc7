// Issue 24, item 3: the mail-item page shows each case only to those who may see that case (its own
// organisation, or the department a work order is assigned to), whatever office the item now
// belongs to; the system feed's key sees the item, not the customers of cases outside its scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { approve, createApplication, registerMailItem, tokens } from '../helpers/fixtures.js';

let s: TestService;
let t: ReturnType<typeof tokens>;
beforeAll(async () => {
  s = await startTestService();
  t = tokens(s);
});
afterAll(async () => {
  await s?.stop();
});

const customer = { name: '保密客户甲', phone: '13912340001' };
const description = '客户住址：济南市历下区某路1号';

/** An item collected by Jinan with a Jinan application (and customer) on it, then re-registered as Qingdao's. */
async function itemThatChangedOffice() {
  const mail = await registerMailItem(s, { org: 'jinan' });
  const app = await createApplication(s, { mailNumber: mail, customer, description });
  await registerMailItem(s, { org: 'qingdao', number: mail });
  return { mail, app };
}

const page = async (mail: string, token: string) => {
  const res = await s.request('GET', `/v1/mail-items/${mail}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { mailItem: { collectingOrg: string }; applications: { id: string }[]; workOrders: { id: string }[] };
};
const text = (body: unknown) => JSON.stringify(body);

describe('the mail-item page scopes each case by its own organisation', () => {
  it("the item's new office does not see the first office's customer", async () => {
    const { mail } = await itemThatChangedOffice();
    const body = await page(mail, t.otherOffice);
    expect(body.mailItem.collectingOrg).toBe('qingdao');
    expect(body.applications).toEqual([]);
    expect(text(body)).not.toContain(customer.name);
    expect(text(body)).not.toContain(customer.phone);
    expect(text(body)).not.toContain(description);
  });

  it("a work order on the item is shown to its own office and its department, not to the item's new office", async () => {
    const mail = await registerMailItem(s, { org: 'jinan' });
    const app = await createApplication(s, { mailNumber: mail, customer });
    const { workOrderId } = await approve(s, app.id);
    await registerMailItem(s, { org: 'qingdao', number: mail });
    const other = await page(mail, t.otherOffice);
    expect(other.workOrders).toEqual([]);
    expect(text(other)).not.toContain(customer.name);
    expect((await page(mail, t.reviewer)).workOrders.map((w) => w.id)).toEqual([workOrderId]);
  });

  it('cross-organisation roles still see every case on the item', async () => {
    const { mail, app } = await itemThatChangedOffice();
    const body = await page(mail, t.reviewer);
    expect(body.applications.map((a) => a.id)).toEqual([app.id]);
    expect(text(body)).toContain(customer.name);
  });
});

describe("the system feed's key", () => {
  it('sees the item and the creation rules, not the customers of other organisations’ cases', async () => {
    const mail = await registerMailItem(s, { org: 'jinan' });
    await createApplication(s, { mailNumber: mail, customer, description });
    const body = await page(mail, t.integration);
    expect(body.mailItem.collectingOrg).toBe('jinan');
    expect((body as unknown as { creationRules: unknown[] }).creationRules).toHaveLength(11);
    expect(body.applications).toEqual([]);
    expect(text(body)).not.toContain(customer.name);
    expect(text(body)).not.toContain(customer.phone);
  });

  it("a key scoped to an office sees that office's cases", async () => {
    const mail = await registerMailItem(s, { org: 'jinan' });
    const app = await createApplication(s, { mailNumber: mail, customer });
    const body = await page(mail, s.token('integration', 'jinan', 'feed-jinan'));
    expect(body.applications.map((a) => a.id)).toEqual([app.id]);
  });
});

// Issue 24, item 7: the console is served under a Content-Security-Policy, and the built console
// runs under it — every screen of every role (and the API docs page) walked in Chromium without one
// violation reported (securitypolicyviolation events and the browser's console, from sign-in on).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { approve, createApplication, registerMailItem } from '../helpers/fixtures.js';
import { consoleForFile } from './console.js';

const c = consoleForFile();

/** Opens a screen as a person would (a full load), waits until it shows, returns its CSP header. */
async function visit(page: Page, path: string): Promise<string | undefined> {
  const response = await page.goto(`${c.base}${path}`);
  await page.locator('.page-title').first().waitFor();
  // Charts, lazy parts and the live stream start just after the title shows.
  await page.waitForTimeout(1_000);
  return response?.headers()['content-security-policy'];
}

describe('Content-Security-Policy', () => {
  it('is on every console page, and no screen of any role breaks it', async () => {
    const mail = await registerMailItem(c.s);
    const app = await createApplication(c.s, { mailNumber: mail });
    const other = await createApplication(c.s);
    const { workOrderId } = await approve(c.s, other.id);

    const agent = await c.signIn('jinan-agent-1');
    const policies = [
      await visit(agent, '/'),
      await visit(agent, '/applications'),
      await visit(agent, `/applications/new?mailNumber=${mail}`),
      await visit(agent, `/applications/${app.id}`),
      await visit(agent, `/work-orders/${workOrderId}`),
    ];
    const reviewer = await c.signIn('reviewer-1');
    policies.push(await visit(reviewer, '/review'), await visit(reviewer, '/escalations'), await visit(reviewer, '/reports'));
    const ops = await c.signIn('ops-1');
    policies.push(await visit(ops, '/ops'));
    // The API's own documentation page (Swagger UI) runs under the same policy.
    await ops.goto(`${c.base}/docs`);
    await ops.locator('.swagger-ui .opblock').first().waitFor();
    const handler = await c.signIn('dept-operations-handler-1');
    policies.push(await visit(handler, '/my-orders'));

    for (const policy of policies) expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(c.cspViolations).toEqual([]);
  });
});

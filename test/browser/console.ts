// The console in a real browser against the real stack: a test service listening on a free port
// (it serves the built web/dist), Debian's Chromium driven by playwright-core, and people signed
// in by clicking on the /login page.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { freePort } from '../../platform/ports.js';
import { findChromium } from '../../scripts/ensure-chromium.js';
import { startTestService, type TestService } from '../helpers/service.js';

/**
 * Where the tests' pictures go: the committed ones in docs/screenshots/ only when asked to refresh
 * them (UPDATE_SCREENSHOTS=1); otherwise a temporary folder, so a test run leaves the tree clean.
 */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'postal-bpm-screenshots');
export const DESKTOP = { width: 1280, height: 900 };
export const TABLET = { width: 820, height: 1180 };

export interface ConsoleStack {
  s: TestService;
  browser: Browser;
  base: string;
  /** A person signed in through the sign-in page, in a browser context of their own. */
  signIn(userId: string, options?: { role?: string; viewport?: { width: number; height: number } }): Promise<Page>;
  stop(): Promise<void>;
  /** Every page opened so far (for pictures of a failure). */
  pages: { who: string; page: Page }[];
  /** Content-Security-Policy violations any page reported so far (test/browser/csp.test.ts). */
  cspViolations: string[];
}

/** On a failed test, a picture of every open page in .tmp/browser-failures (what the person saw). */
function picturesOnFailure(stack: () => ConsoleStack | undefined): void {
  afterEach(async (ctx) => {
    const c = stack();
    if (!c || ctx.task.result?.state !== 'fail') return;
    const dir = fileURLToPath(new URL('../../.tmp/browser-failures/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    for (const [i, { who, page }] of c.pages.entries()) {
      if (page.isClosed()) continue;
      const file = `${dir}${ctx.task.name.replace(/[^\w\u4e00-\u9fa5]+/g, '-').slice(0, 60)}-${i}-${who}.png`;
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' }).catch(() => undefined);
      console.error(`[browser] ${who} was on ${page.url()} — picture: ${file}`);
    }
  });
}

/**
 * The stack and browser of one test file: started before its tests, stopped after them, with
 * pictures of every open page when a test fails. Use it as the stack itself once tests run.
 */
export function consoleForFile(options: Parameters<typeof startTestService>[0] = {}): ConsoleStack {
  let stack: ConsoleStack | undefined;
  beforeAll(async () => {
    stack = await startConsole(options);
  });
  afterAll(async () => {
    await stack?.stop();
  });
  picturesOnFailure(() => stack);
  return new Proxy({} as ConsoleStack, {
    get: (_, key) => {
      if (!stack) throw new Error('the console stack starts in beforeAll: use it inside tests');
      return Reflect.get(stack, key);
    },
  });
}

async function startConsole(options: Parameters<typeof startTestService>[0] = {}): Promise<ConsoleStack> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium: run `npx tsx scripts/ensure-chromium.ts` (or set CHROMIUM_PATH)');
  const port = await freePort();
  const s = await startTestService({ ...options, listen: { host: '127.0.0.1', port }, env: { TEMPORAL_UI_URL: 'http://127.0.0.1:8233', ...options.env } });
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts: BrowserContext[] = [];
  const pages: { who: string; page: Page }[] = [];
  const cspViolations: string[] = [];
  const base = `http://127.0.0.1:${port}`;
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    s,
    browser,
    base,
    pages,
    cspViolations,
    async signIn(userId, o = {}) {
      // A browser far from Shanghai: every time on screen must still be Shanghai time.
      // Reduced motion, as a person may ask their system for: the console then animates nothing, and
      // a click's result is there without waiting out a dialog's or a menu's animation.
      const context = await browser.newContext({
        viewport: o.viewport ?? DESKTOP,
        locale: 'zh-CN',
        timezoneId: 'Europe/London',
        acceptDownloads: true,
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      // What the page's policy blocked, from the first page on: the event, and Chromium's own console line.
      await context.addInitScript(
        "document.addEventListener('securitypolicyviolation', (e) => console.error('[csp] ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')))",
      );
      context.on('console', (message) => {
        if (/^\[csp\]|Content Security Policy/.test(message.text())) cspViolations.push(`${userId} on ${message.page()?.url()}: ${message.text()}`);
      });
      const page = await context.newPage();
      pages.push({ who: userId, page });
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => console.error(`[${userId}] page error: ${error.message}`));
      await page.goto(`${base}/login`);
      const button = o.role ? page.getByTestId(`signin-${userId}-${o.role}`) : page.locator(`[data-testid^="signin-${userId}-"]`).first();
      await button.click();
      await page.waitForURL(`${base}/`);
      await expect.poll(() => page.getByTestId('me-name').textContent()).toBeTruthy();
      return page;
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await s.stop();
    },
  };
}

/** Picks an option of the (searchable) antd Select labelled `label`, typing to find it as a person would. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(option);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** The visible modal dialog with this title. */
export const dialog = (page: Page, title: string | RegExp) => page.getByRole('dialog').filter({ has: page.getByText(title) });

/** A history entry's action on a case page, e.g. 退回. */
export const historyEntry = (page: Page, action: string) => page.locator(`[data-history-action="${action}"]`);

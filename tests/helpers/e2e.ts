import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { startServerProcess, type ServerProcess } from './process';

/** What the client's `window.__hearth.stats()` test hook returns. */
export interface MediaStats {
  inbound: Record<string, { audioBytes: number; videoBytes: number }>;
  outbound: { audioBytes: number; videoBytes: number };
}

/** Opens a circle's page in a fresh browser context and joins it through the UI as `name`. */
export async function joinThroughUi(browser: Browser, circleUrl: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  await page.goto(circleUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });
  return page;
}

/** The page's inbound/outbound RTP byte counters, per remote peer. */
export const mediaStats = (page: Page): Promise<MediaStats> =>
  page.evaluate(() => (window as unknown as { __hearth: { stats(): Promise<MediaStats> } }).__hearth.stats());

/** Waits until the page shows exactly `n` tiles. */
export async function expectTileCount(page: Page, n: number): Promise<void> {
  await page.waitForFunction((count) => document.querySelectorAll('[data-testid="tile"]').length === count, n, { timeout: 20_000 });
}

/**
 * Registers beforeAll/afterAll that start the production server (`npm start`'s) and headless
 * Chromium for a test file; read `server`/`browser` inside tests.
 */
export function useServerAndBrowser(env: Record<string, string> = {}): { readonly server: ServerProcess; readonly browser: Browser } {
  const ctx = {} as { server: ServerProcess; browser: Browser };
  beforeAll(async () => {
    ctx.server = await startServerProcess(env);
    ctx.browser = await launchChromium();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

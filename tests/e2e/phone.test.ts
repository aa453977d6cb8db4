import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expectTileCount, useServerAndBrowser } from '../helpers/e2e';

jest.setTimeout(180_000);

const ctx = useServerAndBrowser();
const shots = process.env.HEARTH_SCREENSHOTS ?? path.join(__dirname, '..', '..', '.screenshots');
const PHONE = { width: 390, height: 844 };

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

async function joinAt(browser: Browser, url: string, name: string, viewport = PHONE): Promise<Page> {
  const page = await (await browser.newContext({ viewport, hasTouch: viewport.width < 700, isMobile: viewport.width < 700 })).newPage();
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  await page.goto(url);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });
  return page;
}

/** Whether the element is wholly inside the first screenful (no scrolling). */
async function inFirstScreen(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    window.scrollTo(0, 0);
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
  }, selector);
}

it('on a 390×844 phone the talk order is on the first screen, the facilitation panel is a drawer, the controls are compact', async () => {
  const url = `${ctx.server.url}/c/phone-${Date.now().toString(36)}`;
  const fran = await joinAt(ctx.browser, url, 'Fran'); // first in: facilitates
  const ash = await joinAt(ctx.browser, url, 'Ash');
  const bea = await joinAt(ctx.browser, url, 'Bea');
  for (const p of [fran, ash, bea]) await expectTileCount(p, 3);

  // The facilitation panel is not in the page: a drawer opened from the header.
  expect(await fran.getByTestId('facilitation-panel').count()).toBe(0);
  await fran.getByTestId('facilitation-toggle').click();
  const drawer = fran.getByTestId('facilitation-drawer');
  await drawer.getByLabel('Hand queue').check();
  await fran.getByTestId('mode').filter({ hasText: 'Hand queue' }).waitFor();
  await shot(fran, 'phone-facilitator-drawer');
  await drawer.getByRole('button', { name: 'Close facilitation' }).click();
  await drawer.waitFor({ state: 'hidden' });

  // Ash speaks, Bea waits: both see who speaks and their own place without scrolling.
  await ash.getByRole('button', { name: 'Raise hand' }).click();
  await bea.getByTestId('talk-summary').filter({ hasText: 'Speaking: Ash' }).waitFor();
  await bea.getByRole('button', { name: 'Raise hand' }).click();
  await bea.getByTestId('talk-summary-you').filter({ hasText: "You're next in line" }).waitFor();
  expect(await inFirstScreen(bea, '[data-testid="talk-summary"]')).toBe(true);
  await ash.getByTestId('talk-summary-you').filter({ hasText: 'You have the floor' }).waitFor();
  expect(await inFirstScreen(ash, '[data-testid="talk-summary"]')).toBe(true);
  await fran.getByTestId('talk-summary').filter({ hasText: 'Next: Bea' }).waitFor();
  expect(await inFirstScreen(fran, '[data-testid="talk-summary"]')).toBe(true);
  // Screen readers hear their place in line.
  await bea.getByTestId('announcer').filter({ hasText: 'next in line' }).waitFor({ state: 'attached' });

  // Compact controls: the whole dock fits in a short band at the bottom.
  // (It was 292 px before: four tall buttons a row, and a keyboard button touch screens cannot use.)
  const controls = await bea.locator('.controls').boundingBox();
  await shot(bea, 'phone-member-queue');
  expect(controls!.height).toBeLessThanOrEqual(130);

  // Someone needs a moment: a badge in the header; it opens the drawer at the moments.
  await ash.getByRole('button', { name: 'I need a moment' }).click();
  const badge = fran.getByTestId('moment-badge');
  await badge.waitFor();
  expect(await inFirstScreen(fran, '[data-testid="moment-badge"]')).toBe(true);
  await shot(fran, 'phone-facilitator-moment');
  await badge.click();
  await fran.waitForFunction(() => document.activeElement?.id === 'moments-title');
  await drawer.getByRole('button', { name: 'Acknowledge' }).click();
  await badge.waitFor({ state: 'detached' });
});

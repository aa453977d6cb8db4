import type { Page } from 'playwright-core';
import { expectTileCount, joinThroughUi, useServerAndBrowser } from '../helpers/e2e';

jest.setTimeout(150_000);

const ctx = useServerAndBrowser();

/** Names on the tiles `page` highlights as speaking. */
const highlighted = (page: Page): Promise<string[]> =>
  page.$$eval('[data-testid="tile"][data-speaking="true"] .tile-name', (els) => els.map((e) => e.textContent ?? ''));

async function waitForHighlight(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const lit = Array.from(document.querySelectorAll('[data-testid="tile"][data-speaking="true"] .tile-name'), (e) => e.textContent);
      return lit.length === 1 && lit[0] === n;
    },
    name,
    { timeout: 20_000, polling: 100 },
  );
}

it('in open floor the highlight follows the one unmuted person; in a structured mode there is none', async () => {
  const url = `${ctx.server.url}/c/speaker-${Date.now().toString(36)}`;
  const ada = await joinThroughUi(ctx.browser, url, 'Ada'); // facilitates
  const bo = await joinThroughUi(ctx.browser, url, 'Bo');
  const cy = await joinThroughUi(ctx.browser, url, 'Cy');
  for (const page of [ada, bo, cy]) await expectTileCount(page, 3);

  // Only Bo's microphone is on (Chromium's fake mic beeps).
  for (const page of [ada, cy]) await page.getByRole('button', { name: /^mute/i }).click();
  for (const page of [ada, cy]) await waitForHighlight(page, 'Bo');

  // Bo mutes, Cy unmutes: the highlight moves to Cy.
  await bo.getByRole('button', { name: /^mute/i }).click();
  await cy.getByRole('button', { name: /^unmute/i }).click();
  for (const page of [ada, bo]) await waitForHighlight(page, 'Cy');

  // Hand queue: the floor says who may speak; no speaker highlight, whoever makes a sound.
  await ada.getByRole('radio', { name: 'Hand queue' }).check();
  await ada.waitForFunction(() => document.querySelectorAll('[data-testid="tile"][data-speaking="true"]').length === 0, undefined, { timeout: 10_000 });
  expect(await highlighted(bo)).toEqual([]);

  // Nobody holds the floor, so the SFU forwards no member's mic, and it never names one: Bo
  // unmutes (his beeps reach the SFU, paused there by the rules) and Cy mutes; in open floor
  // the name moved within a second or two.
  const speakerAt = (page: Page) => page.evaluate(() => (window as unknown as { __hearth: { state(): { receive: { activeSpeakerId: string | null } } } }).__hearth.state().receive.activeSpeakerId);
  const cyId = await speakerAt(ada);
  await cy.getByRole('button', { name: /^mute/i }).click();
  await bo.getByRole('button', { name: /^unmute/i }).click();
  await ada.waitForTimeout(5000);
  expect(await speakerAt(ada)).toBe(cyId);
});

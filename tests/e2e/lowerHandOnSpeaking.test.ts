import type { Page } from 'playwright-core';
import { expectTileCount, joinThroughUi, useServerAndBrowser } from '../helpers/e2e';

jest.setTimeout(150_000);

const ctx = useServerAndBrowser();

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

/** Whether `page` shows `name`'s hand raised, once it shows `raised`. */
async function waitForHand(page: Page, name: string, raised: boolean): Promise<void> {
  await page.locator(`[data-testid="tile"][data-hand="${raised}"]`, { has: page.locator('.tile-name', { hasText: name }) }).waitFor({ timeout: 20_000 });
}

const handRaised = (page: Page, name: string) =>
  page.locator('[data-testid="tile"]', { has: page.locator('.tile-name', { hasText: name }) }).getAttribute('data-hand');

it('in open floor, starting to speak lowers a raised hand only for the person who turned the option on', async () => {
  const url = `${ctx.server.url}/c/hand-speak-${Date.now().toString(36)}`;
  const ada = await joinThroughUi(ctx.browser, url, 'Ada'); // facilitates; open floor
  const bo = await joinThroughUi(ctx.browser, url, 'Bo');
  const cy = await joinThroughUi(ctx.browser, url, 'Cy');
  for (const page of [ada, bo, cy]) await expectTileCount(page, 3);

  // Ada talks (Chromium's fake mic beeps); Bo and Cy are muted.
  for (const page of [bo, cy]) await page.getByRole('button', { name: /^mute/i }).click();
  await waitForHighlight(bo, 'Ada');

  // Bo turns the option on (off by default: Cy leaves it).
  await bo.getByRole('button', { name: 'More', exact: true }).click();
  const option = bo.getByRole('menuitemcheckbox', { name: 'Lower my hand when I start speaking' });
  await expect(option.getAttribute('aria-checked')).resolves.toBe('false');
  await option.click();
  await bo.getByRole('button', { name: 'More', exact: true }).click();
  await expect(bo.getByRole('menuitemcheckbox', { name: 'Lower my hand when I start speaking' }).getAttribute('aria-checked')).resolves.toBe('true');
  await bo.keyboard.press('Escape');

  for (const page of [bo, cy]) await page.getByRole('button', { name: 'Raise hand' }).click();
  await waitForHand(ada, 'Bo', true);
  await waitForHand(ada, 'Cy', true);

  // Cy (option off) starts speaking: the SFU names her, her hand stays up.
  await ada.getByRole('button', { name: /^mute/i }).click();
  await cy.getByRole('button', { name: /^unmute/i }).click();
  await waitForHighlight(ada, 'Cy');

  // Bo (option on) starts speaking: his hand goes down by itself.
  await cy.getByRole('button', { name: /^mute/i }).click();
  await bo.getByRole('button', { name: /^unmute/i }).click();
  await waitForHighlight(ada, 'Bo');
  await waitForHand(ada, 'Bo', false);
  await bo.getByRole('button', { name: 'Raise hand' }).waitFor();
  // Commands of a circle are applied in order: had Cy's been lowered, it would be by now.
  expect(await handRaised(ada, 'Cy')).toBe('true');
  expect(await handRaised(cy, 'Cy')).toBe('true');

  for (const page of [ada, bo, cy]) await page.context().close();
});

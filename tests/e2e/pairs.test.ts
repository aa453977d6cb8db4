import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe';
import { expectTileCount, joinThroughUi, mediaStats, useServerAndBrowser } from '../helpers/e2e';

/*
 * Pairs in Chromium: the facilitator arranges two pairs by hand (placing herself in one),
 * each pair hears only itself — checked by the inbound audio bytes each page receives —
 * the message and the shared countdown reach both pairs, the facilitator visits the other
 * pair, and "Back to the circle" brings everyone's audio back. Screenshots at desktop and
 * phone size go to $PAIRS_SHOTS (default: a temp directory) for a person to look at.
 */

jest.setTimeout(240_000);

const ctx = useServerAndBrowser();
const shots = process.env.PAIRS_SHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-pairs-'));

async function peerIdOf(page: Page, name: string): Promise<string> {
  const id = await page.locator('[data-testid="tile"][data-self="false"]', { hasText: name }).first().getAttribute('data-peer-id');
  if (!id) throw new Error(`no tile for ${name}`);
  return id;
}

/** Audio bytes received from each of `peerIds` over `ms`. */
async function audioGrowth(page: Page, peerIds: string[], ms: number): Promise<number[]> {
  const before = (await mediaStats(page)).inbound;
  await page.waitForTimeout(ms);
  const after = (await mediaStats(page)).inbound;
  return peerIds.map((id) => (after[id]?.audioBytes ?? 0) - (before[id]?.audioBytes ?? 0));
}

/** Waits (bounded) until audio from every one of `peerIds` grows on `page`. */
async function untilHearing(page: Page, peerIds: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const growth = await audioGrowth(page, peerIds, 700);
    if (growth.every((b) => b > 0)) return;
    if (Date.now() > deadline) throw new Error(`not hearing everyone: ${JSON.stringify(growth)}`);
  }
}

it('pairs: each pair hears only itself; message, countdown, a visit, and back to the circle', async () => {
  const url = `${ctx.server.url}/c/pairs-${Date.now().toString(36)}`;
  const fran = await joinThroughUi(ctx.browser, url, 'Fran'); // first in: facilitates
  const ash = await joinThroughUi(ctx.browser, url, 'Ash');
  const bea = await joinThroughUi(ctx.browser, url, 'Bea');
  const cy = await joinThroughUi(ctx.browser, url, 'Cy');
  const pages = [fran, ash, bea, cy];
  for (const page of pages) await expectTileCount(page, 4);
  const id = { fran: await peerIdOf(ash, 'Fran'), ash: await peerIdOf(fran, 'Ash'), bea: await peerIdOf(fran, 'Bea'), cy: await peerIdOf(fran, 'Cy') };
  await untilHearing(ash, [id.fran, id.bea, id.cy]);

  // Fran arranges the pairs by hand at desktop size: herself with Ash, Bea with Cy.
  await fran.setViewportSize({ width: 1280, height: 800 });
  const section = fran.getByTestId('groups-section');
  await section.getByLabel('Timer').selectOption({ label: '5 minutes' });
  await section.getByRole('button', { name: 'Arrange by hand' }).click();
  await fran.getByTestId(`assign-${id.fran}`).selectOption({ label: 'Group 1' });
  await fran.getByTestId(`assign-${id.ash}`).selectOption({ label: 'Group 1' });
  await fran.getByTestId(`assign-${id.bea}`).selectOption({ label: 'Group 2' });
  await fran.getByTestId(`assign-${id.cy}`).selectOption({ label: 'Group 2' });
  await section.scrollIntoViewIfNeeded();
  await fran.screenshot({ path: path.join(shots, 'pairs-form-1280x800.png') });
  await fran.getByTestId('groups-by-hand-start').click();
  for (const page of pages) await page.getByTestId('groups-banner').first().waitFor({ timeout: 15_000 });
  for (const page of pages) await expectTileCount(page, 2);
  await bea.getByTestId('groups-with').filter({ hasText: 'With Cy' }).first().waitFor();

  // Each pair hears only itself, by the bytes that arrive.
  await untilHearing(ash, [id.fran]);
  await untilHearing(bea, [id.cy]);
  const [atAsh, atBea] = await Promise.all([audioGrowth(ash, [id.fran, id.bea, id.cy], 2500), audioGrowth(bea, [id.cy, id.fran, id.ash], 2500)]);
  expect(atAsh[0]).toBeGreaterThan(0);
  expect(atAsh.slice(1)).toEqual([0, 0]);
  expect(atBea[0]).toBeGreaterThan(0);
  expect(atBea.slice(1)).toEqual([0, 0]);

  // The same countdown and Fran's message reach both pairs.
  await section.getByLabel('Message to all groups').fill('Swap roles now, please');
  await section.getByRole('button', { name: 'Send' }).click();
  for (const page of [ash, bea, cy]) await page.getByTestId('groups-message').filter({ hasText: 'Swap roles now, please' }).first().waitFor();
  const timers = await Promise.all([ash, cy].map((p) => p.getByTestId('groups-timer').first().textContent()));
  for (const t of timers) expect(t).toMatch(/^[45]:\d\d left/);

  // The pages while split pass axe's WCAG A/AA rules: a member's and the facilitator's.
  expect(await axeViolations(bea)).toEqual([]);
  expect(await axeViolations(fran)).toEqual([]);
  await fran.screenshot({ path: path.join(shots, 'pairs-facilitator-1280x800.png') });
  await bea.setViewportSize({ width: 1280, height: 800 });
  await bea.screenshot({ path: path.join(shots, 'pairs-member-1280x800.png') });
  await cy.setViewportSize({ width: 390, height: 844 });
  await cy.screenshot({ path: path.join(shots, 'pairs-member-390x844.png') });

  // Fran visits the other pair: Bea hears her now, Ash no longer does.
  await section.getByRole('button', { name: 'Visit Group 2' }).click();
  await untilHearing(bea, [id.fran, id.cy]);
  expect((await audioGrowth(ash, [id.fran], 2000))[0]).toBe(0);
  await bea.getByText('Fran (facilitator) is visiting.').first().waitFor();

  // On a phone the facilitator's controls are in the drawer.
  await fran.setViewportSize({ width: 390, height: 844 });
  await fran.getByTestId('facilitation-toggle').click();
  await fran.screenshot({ path: path.join(shots, 'pairs-facilitator-390x844.png') });
  expect(await axeViolations(fran)).toEqual([]);
  await fran.getByRole('dialog').getByTestId('groups-end').click();

  // Back to the circle: everyone's tiles and audio again.
  for (const page of pages) await expectTileCount(page, 4);
  await untilHearing(ash, [id.fran, id.bea, id.cy]);
  await untilHearing(cy, [id.fran, id.ash, id.bea]);
  for (const page of pages) expect(await page.getByTestId('groups-banner').count()).toBe(0);
});

import type { Page } from 'playwright-core';
import { expectTileCount, joinThroughUi, mediaStats, useServerAndBrowser, type MediaStats } from '../helpers/e2e';

jest.setTimeout(150_000);

const ctx = useServerAndBrowser();

const join = (url: string, name: string): Promise<Page> => joinThroughUi(ctx.browser, url, name);

/** The peer id of the tile showing `name`, as seen on `page`. */
async function peerIdOf(page: Page, name: string): Promise<string> {
  const tile = page.locator('[data-testid="tile"][data-self="false"]', { hasText: name }).first();
  const id = await tile.getAttribute('data-peer-id');
  if (!id) throw new Error(`no tile for ${name}`);
  return id;
}

/** Bytes received from `peerId` over `ms`. */
async function growth(page: Page, peerId: string, ms: number): Promise<{ audio: number; video: number }> {
  const before = (await mediaStats(page)).inbound[peerId] ?? { audioBytes: 0, videoBytes: 0 };
  await page.waitForTimeout(ms);
  const after = (await mediaStats(page)).inbound[peerId] ?? { audioBytes: 0, videoBytes: 0 };
  return { audio: after.audioBytes - before.audioBytes, video: after.videoBytes - before.videoBytes };
}

async function waitForFloor(page: Page, name: string): Promise<void> {
  await page.locator('[data-testid="tile"][data-floor="true"]', { hasText: name }).first().waitFor({ timeout: 15_000 });
}

it('a go-around: the facilitator starts it, the first speaks, the second passes; only the speaker is heard', async () => {
  const url = `${ctx.server.url}/c/round-${Date.now().toString(36)}`;
  const fran = await join(url, 'Fran'); // first in: facilitates
  const ash = await join(url, 'Ash');
  const bea = await join(url, 'Bea');
  for (const page of [fran, ash, bea]) await expectTileCount(page, 3);
  const ashId = await peerIdOf(fran, 'Ash');
  const beaId = await peerIdOf(fran, 'Bea');

  // Open floor first: everyone's audio flows.
  await fran.waitForFunction(
    (ids) => (window as unknown as { __hearth: { stats(): Promise<MediaStats> } }).__hearth.stats().then((s) => ids.every((id) => (s.inbound[id]?.audioBytes ?? 0) > 0)),
    [ashId, beaId],
    { timeout: 30_000, polling: 250 },
  );

  await fran.getByRole('button', { name: 'Actions for Ash' }).click();
  await fran.getByRole('menuitem', { name: 'Start round here' }).click();
  for (const page of [fran, ash, bea]) await waitForFloor(page, 'Ash');

  // Ash holds the floor: Ash is heard, Bea is not (paused on the SFU), Bea's video still flows.
  await fran.waitForTimeout(1000);
  const atFran = { ash: await growth(fran, ashId, 2500), bea: await growth(fran, beaId, 2500) };
  expect(atFran.ash.audio).toBeGreaterThan(0);
  expect(atFran.bea.audio).toBe(0);
  expect(atFran.bea.video).toBeGreaterThan(0);
  const atAsh = await growth(ash, beaId, 2000);
  expect(atAsh.audio).toBe(0);
  expect(atAsh.video).toBeGreaterThan(0);

  // Ash finishes; the next seat (seats are drawn at random) passes; the round moves on.
  await ash.getByRole('button', { name: 'Finish turn' }).click();
  const second = fran.locator('[data-testid="tile"][data-floor="true"]');
  await fran.waitForFunction(() => {
    const holder = document.querySelector('[data-testid="tile"][data-floor="true"]');
    return holder !== null && !holder.textContent?.includes('Ash');
  }, undefined, { timeout: 15_000 });
  const secondName = (await second.textContent())?.includes('Bea') ? 'Bea' : 'Fran';
  const third = secondName === 'Bea' ? 'Fran' : 'Bea';
  for (const page of [fran, ash, bea]) await waitForFloor(page, secondName);
  await (secondName === 'Bea' ? bea : fran).getByRole('button', { name: 'Pass' }).click();
  for (const page of [fran, ash, bea]) await waitForFloor(page, third);
  // Now only the third is heard among the members: Ash is paused again.
  await fran.waitForTimeout(1000);
  expect((await growth(fran, ashId, 2000)).audio).toBe(0);
});

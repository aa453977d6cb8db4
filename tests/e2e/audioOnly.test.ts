import type { Page } from 'playwright-core';
import { expectTileCount, joinThroughUi, mediaStats, useServerAndBrowser } from '../helpers/e2e';

jest.setTimeout(150_000);

const ctx = useServerAndBrowser();

/** The page's inbound bytes from everyone, summed. */
async function inbound(page: Page): Promise<{ audio: number; video: number }> {
  const stats = await mediaStats(page);
  let audio = 0;
  let video = 0;
  for (const s of Object.values(stats.inbound)) {
    audio += s.audioBytes;
    video += s.videoBytes;
  }
  return { audio, video };
}

/** How many inbound bytes of each kind arrive over `ms`. */
async function growth(page: Page, ms: number): Promise<{ audio: number; video: number }> {
  const a = await inbound(page);
  await page.waitForTimeout(ms);
  const b = await inbound(page);
  return { audio: b.audio - a.audio, video: b.video - a.video };
}

/** Waits (bounded) until `ok` holds for the bytes arriving over a short window; returns that window. */
async function until(page: Page, ok: (g: { audio: number; video: number }) => boolean, what: string): Promise<{ audio: number; video: number }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const g = await growth(page, 1000);
    if (ok(g)) return g;
    if (Date.now() > deadline) throw new Error(`${what}: last second brought ${JSON.stringify(g)}`);
  }
}

const openOptions = async (page: Page) => {
  await page.getByRole('button', { name: 'More', exact: true }).click();
};

it('audio only: inbound video stops (audio goes on), tiles show names, and video comes back; a reload keeps it', async () => {
  const url = `${ctx.server.url}/c/audio-only-${Date.now().toString(36)}`;
  const ada = await joinThroughUi(ctx.browser, url, 'Ada');
  const bo = await joinThroughUi(ctx.browser, url, 'Bo');
  const cy = await joinThroughUi(ctx.browser, url, 'Cy');
  for (const page of [ada, bo, cy]) await expectTileCount(page, 3);
  await until(ada, (g) => g.video > 0 && g.audio > 0, 'video before');

  await openOptions(ada);
  await ada.getByRole('menuitemcheckbox', { name: 'Audio only (no video)' }).click();
  // Stopped at the SFU: nothing at all arrives for any video consumer, while audio flows on.
  const off = await until(ada, (g) => g.video === 0, 'video in audio only');
  expect(off.audio).toBeGreaterThan(0);
  await expect(ada.locator('[data-testid="tile"][data-self="false"] video').count()).resolves.toBe(0);
  await expect(ada.locator('[data-testid="tile"][data-self="false"] .placeholder-label', { hasText: 'Audio only' }).count()).resolves.toBe(2);
  await ada.locator('[data-testid="link-notice"][data-kind="audioOnly"]').waitFor();
  // The others are not affected.
  await until(bo, (g) => g.video > 0, 'Bo’s video');

  // Someone joining meanwhile: their video is not received either, from its first packet.
  const dee = await joinThroughUi(ctx.browser, url, 'Dee');
  await expectTileCount(ada, 4);
  await until(ada, (g) => g.video === 0 && g.audio > 0, 'video with Dee in');

  // A reload inside the circle keeps audio only for the visit.
  await ada.reload();
  await ada.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });
  await expectTileCount(ada, 4);
  await ada.locator('[data-testid="link-notice"][data-kind="audioOnly"]').waitFor({ timeout: 20_000 });
  await until(ada, (g) => g.audio > 0, 'audio after the reload');
  expect((await growth(ada, 1500)).video).toBe(0);

  // Back to video, from the notice's button.
  await ada.getByRole('button', { name: 'Show video' }).click();
  await until(ada, (g) => g.video > 0, 'video after audio only');
  await ada.locator('[data-testid="tile"][data-self="false"] video').first().waitFor();
  await expect(ada.locator('[data-testid="link-notice"]').count()).resolves.toBe(0);

  for (const page of [ada, bo, cy, dee]) await page.context().close();
});

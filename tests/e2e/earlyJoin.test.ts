import type { Page } from 'playwright-core';
import { joinThroughUi, mediaStats, useServerAndBrowser } from '../helpers/e2e';

jest.setTimeout(120_000);

const ctx = useServerAndBrowser();

/** Waits until `check` holds for the page's media counters. */
async function waitForStats(page: Page, what: string, check: (s: Awaited<ReturnType<typeof mediaStats>>) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await mediaStats(page);
    if (check(s)) return;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(s)}`);
    await page.waitForTimeout(200);
  }
}

it('pressing Join before the camera preview is live joins at once and sends camera and mic once they come', async () => {
  const circleUrl = `${ctx.server.url}/c/early-${Date.now().toString(36)}`;
  const ada = await joinThroughUi(ctx.browser, circleUrl, 'Ada');

  const page = await (await ctx.browser.newContext()).newPage();
  page.on('pageerror', (err) => console.error('[Bo] page error:', err.message));
  // The browser answers getUserMedia only when the test says (a permission prompt left open).
  await page.addInitScript(() => {
    const devices = navigator.mediaDevices;
    const real = devices.getUserMedia.bind(devices);
    const w = window as unknown as { __releaseDevices?: () => void; __asked?: number };
    const released = new Promise<void>((r) => (w.__releaseDevices = r));
    w.__asked = 0;
    devices.getUserMedia = (constraints) => {
      w.__asked!++;
      return released.then(() => real(constraints));
    };
  });
  await page.goto(circleUrl);
  await page.getByLabel('Your name').fill('Bo');
  const join = page.getByRole('button', { name: 'Join' });
  await page.waitForFunction(() => (window as unknown as { __asked: number }).__asked > 0);
  await expect(join.isEnabled()).resolves.toBe(true);
  await join.click();
  // The join does not wait for the prompt: Bo is in, sees Ada, and sends nothing yet.
  await page.locator('[data-testid="tile"][data-self="false"]').waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="tile"][data-self="false"] video')?.videoWidth ?? 0) > 0, undefined, {
    timeout: 20_000,
  });
  expect((await mediaStats(page)).outbound).toEqual({ audioBytes: 0, videoBytes: 0 });
  // And is told why (the tile alone would read as "camera off, muted").
  const waiting = page.getByTestId('self-status').getByText(/waiting for your browser to allow the camera and microphone/i);
  await waiting.waitFor({ timeout: 10_000 });
  // Then the person allows the devices: they are sent now.
  await page.evaluate(() => (window as unknown as { __releaseDevices: () => void }).__releaseDevices());

  // Bo sends both tracks, and Ada receives them.
  await waitForStats(page, 'Bo sends no media', (s) => s.outbound.audioBytes > 0 && s.outbound.videoBytes > 0);
  await waiting.waitFor({ state: 'detached', timeout: 10_000 });
  await waitForStats(ada, 'Ada receives nothing from Bo', (s) => Object.values(s.inbound).some((b) => b.audioBytes > 0 && b.videoBytes > 0));
  // And Bo's tile shows the camera on, not off, to Ada.
  await ada.locator('[data-testid="tile"][data-self="false"][data-camera-off="false"]').waitFor({ timeout: 10_000 });
});

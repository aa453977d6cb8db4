import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { startCoturn, type Coturn } from '../helpers/coturn';
import { expectTileCount, mediaStats } from '../helpers/e2e';
import { startServerProcess, type ServerProcess } from '../helpers/process';

jest.setTimeout(180_000);

/*
 * A real weak link: Bo's browser reaches the SFU only through a local coturn that relays at
 * most 20 kB/s (160 kbit/s) each way per transport and drops the rest (`--max-bps`), so the
 * SFU's bandwidth estimate of his downlink and his browser's of his uplink both fall, and
 * mediasoup forwards him lower layers than his tile asks for. Ada's link is direct.
 */
const LIMIT_BYTES_PER_SECOND = 20_000;

let coturn: Coturn;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  coturn = await startCoturn({ secret: 'e2e-weak-link-secret-0001', maxBytesPerSecond: LIMIT_BYTES_PER_SECOND });
  server = await startServerProcess({ TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp`, TURN_SECRET: coturn.secret });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await coturn?.stop();
});

/** Joins at phone size (its tiles ask for the middle layer); `relay`: every transport through the limited coturn. */
async function join(url: string, name: string, relay: boolean): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  if (relay) await page.addInitScript(() => window.localStorage.setItem('hearth.iceTransportPolicy', 'relay'));
  await page.goto(url);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });
  return page;
}

const notice = (page: Page, kind: string) => page.locator(`[data-testid="link-notice"][data-kind="${kind}"]`);

it('through a narrow link, the person sees "video reduced" and is offered to turn their camera off; the one button does it', async () => {
  const url = `${server.url}/c/weak-${Date.now().toString(36)}`;
  const ada = await join(url, 'Ada', false);
  const bo = await join(url, 'Bo', true);
  for (const page of [ada, bo]) await expectTileCount(page, 2);
  const joinedAt = Date.now();

  // The SFU has had to send Bo less than his tile asks for, for a while: the calm notice.
  await notice(bo, 'downlink').waitFor({ timeout: 60_000 });
  await expect(notice(bo, 'downlink').textContent()).resolves.toContain('Your connection is weak — video reduced');
  // His browser's estimate of his uplink is too low for his camera: the prompt.
  await notice(bo, 'uplink').waitFor({ timeout: 60_000 });
  const { frames, uplink } = await bo.evaluate(async () => {
    const hook = (window as unknown as { __hearth: { videoFrames(): Promise<unknown>; uplink(): Promise<unknown> } }).__hearth;
    return { frames: await hook.videoFrames(), uplink: await hook.uplink() };
  });
  console.log(`weak link: both of Bo's notices ${Date.now() - joinedAt} ms after joining; the video he receives: ${JSON.stringify(frames)}; his uplink: ${JSON.stringify(uplink)}`);

  // Ada's own link is fine: Bo's weak uplink sends her less, and that is not blamed on her.
  await expect(notice(ada, 'downlink').count()).resolves.toBe(0);

  // One button: the camera goes off and his video stops going out.
  await bo.getByRole('button', { name: 'Turn camera off' }).click();
  await bo.getByRole('button', { name: 'Start camera' }).waitFor();
  await expect(notice(bo, 'uplink').count()).resolves.toBe(0);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const before = (await mediaStats(bo)).outbound.videoBytes;
    await bo.waitForTimeout(1000);
    if ((await mediaStats(bo)).outbound.videoBytes === before) break;
    if (Date.now() > deadline) throw new Error('Bo’s video kept going out with the camera off');
  }

  // "Dismiss" hides the downlink notice (it stays hidden while the link stays weak).
  await bo.getByRole('button', { name: 'Dismiss connection notice' }).click();
  await expect(notice(bo, 'downlink').count()).resolves.toBe(0);

  for (const page of [ada, bo]) await page.context().close();
});

it('the same relay without a limit raises no notice', async () => {
  const open = await startCoturn({ secret: 'e2e-weak-link-secret-0002' });
  const plain = await startServerProcess({ TURN_URLS: `turn:127.0.0.1:${open.port}?transport=udp`, TURN_SECRET: open.secret });
  try {
    const url = `${plain.url}/c/fine-${Date.now().toString(36)}`;
    const ada = await join(url, 'Ada', false);
    const bo = await join(url, 'Bo', true);
    for (const page of [ada, bo]) await expectTileCount(page, 2);
    // Bo's middle layer arrives through the relay…
    await bo.waitForFunction(
      async () => {
        const frames = await (window as unknown as { __hearth: { videoFrames(): Promise<Record<string, { frameWidth: number } | null>> } }).__hearth.videoFrames();
        return Object.values(frames).some((f) => f !== null && f.frameWidth > 320);
      },
      undefined,
      { timeout: 30_000, polling: 500 },
    );
    // …and for longer than the notices need to appear on a weak link, none does.
    await bo.waitForTimeout(15_000);
    for (const page of [ada, bo]) await expect(page.locator('[data-testid="link-notice"]').count()).resolves.toBe(0);
    for (const page of [ada, bo]) await page.context().close();
  } finally {
    await plain.stop();
    await open.stop();
  }
});

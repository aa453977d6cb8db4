import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { expectTileCount, joinThroughUi, mediaStats } from '../helpers/e2e';
import { startServerProcess, type ServerProcess } from '../helpers/process';
import { startRedis, type TestRedis } from '../helpers/redis';

jest.setTimeout(120_000);

/*
 * Two real nodes (server processes) on one real Redis. A circle's home is node A; someone
 * opens the circle's page on node B. B answers the join with MOVED and A's URL; the browser
 * keeps B's page, moves its socket to A (another origin: A accepts the origins of the
 * deployment's nodes) and ends up in the circle there, with media through A's SFU.
 */

let redis: TestRedis;
let a: ServerProcess;
let b: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  redis = await startRedis({ dedicated: true });
  a = await startServerProcess({ REDIS_URL: redis.url, NODE_ID: 'e2e-moved-a' });
  b = await startServerProcess({ REDIS_URL: redis.url, NODE_ID: 'e2e-moved-b' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
});

const port = (url: string): string => new URL(url).port;

/** Inbound audio and video bytes from the one other person, once both flow. */
async function inboundFromOther(page: Page): Promise<{ audioBytes: number; videoBytes: number }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [first] = Object.values((await mediaStats(page)).inbound);
    if (first && first.audioBytes > 0 && first.videoBytes > 0) return first;
    if (Date.now() > deadline) throw new Error('no inbound media');
    await page.waitForTimeout(250);
  }
}

const healthOf = async (node: ServerProcess): Promise<{ circles: number; peers: number }> =>
  (await fetch(`${node.url}/healthz`)).json() as Promise<{ circles: number; peers: number }>;

it('opening the circle on a node that is not its home lands in the circle on the home, with media', async () => {
  const circleId = `moved-${Date.now().toString(36)}`;
  // Ada enters through A: A becomes the circle's home.
  const ada = await joinThroughUi(browser, `${a.url}/c/${circleId}`, 'Ada');

  // Bo opens the circle's page on B.
  const bo = await (await browser.newContext()).newPage();
  const sockets: string[] = [];
  bo.on('websocket', (ws) => sockets.push(ws.url()));
  bo.on('pageerror', (err) => console.error('[Bo] page error:', err.message));
  await bo.goto(`${b.url}/c/${circleId}`);
  await bo.getByLabel('Your name').fill('Bo');
  await bo.getByRole('button', { name: 'Join' }).click();
  await bo.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });

  // In the circle together: each sees the other, and hears and sees them through A's SFU.
  await expectTileCount(bo, 2);
  await expectTileCount(ada, 2);
  await ada.getByText('Bo').first().waitFor();
  await bo.getByText('Ada').first().waitFor();
  const before = await Promise.all([inboundFromOther(ada), inboundFromOther(bo)]);
  await bo.waitForTimeout(1500);
  const after = await Promise.all([inboundFromOther(ada), inboundFromOther(bo)]);
  for (const i of [0, 1]) {
    expect(after[i]!.audioBytes).toBeGreaterThan(before[i]!.audioBytes);
    expect(after[i]!.videoBytes).toBeGreaterThan(before[i]!.videoBytes);
  }

  // Bo's page is still B's; its socket went to B first, then to A, which hosts both of them.
  expect(port(bo.url())).toBe(port(b.url));
  expect(sockets.map(port)).toEqual(expect.arrayContaining([port(b.url), port(a.url)]));
  expect(port(sockets[sockets.length - 1]!)).toBe(port(a.url));
  expect(await healthOf(a)).toMatchObject({ circles: 1, peers: 2 });
  expect(await healthOf(b)).toMatchObject({ circles: 0 });
});

import type { Browser, Page } from 'playwright-core';
import { startBalancer, type Balancer } from '../helpers/balancer';
import { launchChromium } from '../helpers/browser';
import { expectTileCount, joinThroughUi, mediaStats, videoGrowing } from '../helpers/e2e';
import { startServerProcess, type ServerProcess } from '../helpers/process';
import { startRedis, type TestRedis } from '../helpers/redis';

jest.setTimeout(150_000);

/*
 * A circle's home node dies under two people in Chromium. Two real nodes on one real Redis
 * behind a load balancer (the deployment's one URL; it sends each connection to the first
 * node that accepts it). Ada and Bo open the circle through it and land on node A, its home;
 * Bo raises a hand. A is killed (SIGKILL). The pages reconnect through the balancer to B,
 * which sends them back to A (MOVED) while A's lease lasts; A cannot be reached, so they
 * return to the balancer's URL, until B takes the circle over. Then both are back in the
 * circle on B, in their places, with media through B's SFU, without a click.
 */

let redis: TestRedis;
let lb: Balancer;
let a: ServerProcess;
let b: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  redis = await startRedis({ dedicated: true });
  lb = await startBalancer();
  const env = { REDIS_URL: redis.url, ALLOWED_ORIGINS: lb.url };
  a = await startServerProcess({ ...env, NODE_ID: 'e2e-failover-a' });
  b = await startServerProcess({ ...env, NODE_ID: 'e2e-failover-b' });
  lb.upstreams.push(a.url, b.url);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await lb?.close();
  await redis?.stop();
});

type Seen = { circle: { phase: string; selfId: string; view: { queue: { participantId: string }[]; participants: { id: string; presence: string }[] } | null } };
const seen = (page: Page): Promise<Seen> => page.evaluate(() => (window as unknown as { __hearth: { state(): Seen } }).__hearth.state());

/** Video from the one other person grows on `page` within `timeoutMs`, with their audio arriving too; else the test fails. */
async function videoFrom(page: Page, timeoutMs: number): Promise<void> {
  const growing = await videoGrowing(page, 1, timeoutMs);
  const stats = await mediaStats(page);
  if (!growing || !Object.values(stats.inbound).some((s) => s.audioBytes > 0)) throw new Error(`no media: ${JSON.stringify(stats)}`);
}

const healthOf = async (node: ServerProcess): Promise<{ circles: number; peers: number }> =>
  (await fetch(`${node.url}/healthz`)).json() as Promise<{ circles: number; peers: number }>;

it('the home node is killed: both pages come back on the other node, in place, with media, by themselves', async () => {
  const circleId = `failover-${Date.now().toString(36)}`;
  const ada = await joinThroughUi(browser, `${lb.url}/c/${circleId}`, 'Ada');
  const bo = await joinThroughUi(browser, `${lb.url}/c/${circleId}`, 'Bo');
  await expectTileCount(ada, 2);
  await bo.getByRole('button', { name: 'Raise hand' }).click();
  const boId = (await seen(bo)).circle.selfId;
  await ada.waitForFunction((id) => document.querySelector(`[data-testid="tile"][data-peer-id="${id}"]`)?.getAttribute('data-hand') === 'true', boId);
  await Promise.all([videoFrom(ada, 30_000), videoFrom(bo, 30_000)]);
  expect(await healthOf(a)).toMatchObject({ circles: 1, peers: 2 });

  const killed = Date.now();
  a.child.kill('SIGKILL');
  // Both pages back in the circle on B by themselves, Bo's hand still up, video flowing again.
  const back = await Promise.all(
    [ada, bo].map(async (page) => {
      // First the page notices its node is gone (the other person's tile stays, by name,
      // while it reconnects), then it is back in.
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="tile"][data-self="false"][data-waiting="true"]').length === 1,
        undefined,
        { timeout: 15_000, polling: 50 },
      );
      await page.waitForFunction(
        () => (window as unknown as { __hearth: { state(): Seen } }).__hearth.state().circle.phase === 'joined' && document.querySelectorAll('[data-testid="tile"]').length === 2,
        undefined,
        { timeout: 30_000, polling: 100 },
      );
      const inCircle = Date.now() - killed;
      await videoFrom(page, 30_000);
      return { inCircle, media: Date.now() - killed };
    }),
  );
  for (const page of [ada, bo]) {
    await page.waitForFunction(
      (id) => document.querySelector(`[data-testid="tile"][data-peer-id="${id}"]`)?.getAttribute('data-hand') === 'true',
      boId,
      { timeout: 10_000 },
    );
    const view = (await seen(page)).circle.view!;
    expect(view.queue.map((e) => e.participantId)).toEqual([boId]);
    expect(view.participants.map((p) => p.presence)).toEqual(['present', 'present']);
  }
  expect(await healthOf(b)).toMatchObject({ circles: 1, peers: 2 });
  expect(await bo.getByRole('button', { name: 'Join' }).count()).toBe(0);
  console.log(
    `[figures] home node SIGKILL → back in the circle on the other node in ${back.map((x) => x.inCircle).join(' / ')} ms, video again in ${back.map((x) => x.media).join(' / ')} ms (Ada / Bo)`,
  );
});

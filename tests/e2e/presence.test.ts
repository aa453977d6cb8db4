import type { Page } from 'playwright-core';
import { joinThroughUi, mediaStats, useServerAndBrowser } from '../helpers/e2e';

jest.setTimeout(180_000);

const ctx = useServerAndBrowser();

/** The served queue as this page sees it (ids, first to last). */
const queueSeen = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const s = (window as unknown as { __hearth: { state(): { circle: { view: { queue: { participantId: string }[] } | null } } } }).__hearth.state();
    return (s.circle.view?.queue ?? []).map((e) => e.participantId);
  });
const selfId = (page: Page): Promise<string> =>
  page.evaluate(() => (window as unknown as { __hearth: { state(): { circle: { selfId: string } } } }).__hearth.state().circle.selfId);

/** Waits until every remote peer's inbound video bytes on `page` grow past what they were. */
async function videoFlowing(page: Page, peers: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = await mediaStats(page);
  for (;;) {
    await page.waitForTimeout(250);
    const now = await mediaStats(page);
    const growing = Object.entries(now.inbound).filter(([id, b]) => b.videoBytes > (last.inbound[id]?.videoBytes ?? 0));
    if (growing.length >= peers) return;
    if (Date.now() > deadline) throw new Error(`video did not flow: ${JSON.stringify(now)}`);
    last = now;
  }
}

it('a member with a raised hand reloads: still second in line on every screen, without the pre-join or the lobby', async () => {
  const url = `${ctx.server.url}/c/reload-${Date.now().toString(36)}`;
  const fran = await joinThroughUi(ctx.browser, url, 'Fran');
  const bo = await joinThroughUi(ctx.browser, url, 'Bo');
  const cy = await joinThroughUi(ctx.browser, url, 'Cy');
  const [boId, cyId] = [await selfId(bo), await selfId(cy)];
  await bo.getByRole('button', { name: 'Raise hand' }).click();
  await cy.getByRole('button', { name: 'Raise hand' }).click();
  for (const page of [fran, bo, cy]) await page.waitForFunction((n) => document.querySelectorAll('[data-testid="tile"][data-hand="true"]').length === n, 2);
  expect(await queueSeen(fran)).toEqual([boId, cyId]);

  const reloaded = Date.now();
  await cy.reload();
  // Back in the circle by itself: no name field, no Join button, the same participant.
  await cy.locator('[data-testid="tile"][data-self="true"][data-hand="true"]').waitFor({ timeout: 20_000 });
  const backMs = Date.now() - reloaded;
  expect(await cy.getByRole('button', { name: 'Join' }).count()).toBe(0);
  expect(await selfId(cy)).toBe(cyId);
  for (const page of [fran, bo, cy]) {
    await page.waitForFunction((id) => document.querySelector(`[data-testid="tile"][data-peer-id="${id}"]`)?.getAttribute('data-presence') === 'present', cyId, { timeout: 20_000 });
    expect(await queueSeen(page)).toEqual([boId, cyId]);
  }
  console.log(`[figures] reload → back in place (own tile with its raised hand) in ${backMs} ms`);
  for (const page of [fran, bo, cy]) await page.context().close();
});

describe.each(['1', '2'])('with %s media worker(s)', (workers) => {
  const media = useServerAndBrowser({ MEDIASOUP_WORKERS: workers });

  it('the worker hosting the circle is killed: video returns on both pages without any click', async () => {
    const url = `${media.server.url}/c/worker-${Date.now().toString(36)}`;
    const ada = await joinThroughUi(media.browser, url, 'Ada');
    const bo = await joinThroughUi(media.browser, url, 'Bo');
    await Promise.all([videoFlowing(ada, 1), videoFlowing(bo, 1)]);
    const health = (await (await fetch(`${media.server.url}/healthz`)).json()) as { workers: { pid: number; routers: number }[] };
    const hosting = health.workers.filter((w) => w.routers > 0);
    expect(hosting).toHaveLength(1);
    const killed = Date.now();
    process.kill(hosting[0]!.pid, 'SIGKILL');
    await Promise.all([videoFlowing(ada, 1), videoFlowing(bo, 1)]);
    const backMs = Date.now() - killed;
    // Never the pre-join screen, and no error to click away.
    for (const page of [ada, bo]) {
      expect(await page.getByRole('button', { name: 'Join' }).count()).toBe(0);
      await page.locator('[data-testid="reconnecting"]').waitFor({ state: 'detached' });
    }
    console.log(`[figures] worker SIGKILL → video flowing again on both pages in ${backMs} ms (${workers} worker(s))`);
    for (const page of [ada, bo]) await page.context().close();
  });
});

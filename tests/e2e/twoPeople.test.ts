import type { Page } from 'playwright-core';
import { expectTileCount, joinThroughUi, mediaStats, useServerAndBrowser } from '../helpers/e2e';

jest.setTimeout(120_000);

const ctx = useServerAndBrowser();

const join = (url: string, name: string): Promise<Page> => joinThroughUi(ctx.browser, url, name);

/** Inbound bytes from the one other person, once they are flowing. */
async function inboundFromOther(page: Page): Promise<{ audioBytes: number; videoBytes: number }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await mediaStats(page);
    const [first] = Object.values(s.inbound);
    if (first && first.audioBytes > 0 && first.videoBytes > 0) return first;
    if (Date.now() > deadline) throw new Error(`no inbound media: ${JSON.stringify(s)}`);
    await page.waitForTimeout(250);
  }
}

it('two people in two browsers see and hear each other through the SFU; camera off and leaving show', async () => {
  const circleUrl = `${ctx.server.url}/c/e2e-${Date.now().toString(36)}`;
  const ada = await join(circleUrl, 'Ada');
  const bo = await join(circleUrl, 'Bo');

  for (const page of [ada, bo]) await page.locator('[data-testid="tile"]').nth(1).waitFor({ timeout: 20_000 });
  await expectTileCount(ada, 2);
  await expectTileCount(bo, 2);
  await bo.getByText('Ada').first().waitFor();
  await ada.getByText('Bo').first().waitFor();

  // Media both ways: each side's inbound audio and video byte counters keep growing.
  const before = await Promise.all([inboundFromOther(ada), inboundFromOther(bo)]);
  await ada.waitForTimeout(2000);
  const after = await Promise.all([inboundFromOther(ada), inboundFromOther(bo)]);
  for (const i of [0, 1]) {
    expect(after[i]!.audioBytes).toBeGreaterThan(before[i]!.audioBytes);
    expect(after[i]!.videoBytes).toBeGreaterThan(before[i]!.videoBytes);
  }

  // Ada turns her camera off: Bo sees it on Ada's tile.
  const adaTileAtBo = bo.locator('[data-testid="tile"][data-self="false"]');
  await expect(adaTileAtBo.getAttribute('data-camera-off')).resolves.toBe('false');
  await ada.getByRole('button', { name: /stop camera/i }).click();
  await bo.locator('[data-testid="tile"][data-self="false"][data-camera-off="true"]').waitFor({ timeout: 10_000 });

  // Ada mutes: Bo sees it.
  await ada.getByRole('button', { name: /^mute/i }).click();
  await bo.locator('[data-testid="tile"][data-self="false"][data-muted="true"]').waitFor({ timeout: 10_000 });

  // Ada leaves (confirming it): her tile goes from Bo's page.
  await ada.getByRole('button', { name: 'Leave' }).click();
  await ada.getByRole('dialog', { name: 'Leave the circle?' }).getByRole('button', { name: 'Leave', exact: true }).click();
  await bo.locator('[data-testid="tile"][data-self="false"]').waitFor({ state: 'detached', timeout: 10_000 });
  await expectTileCount(bo, 1);
});

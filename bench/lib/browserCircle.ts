/*
 * Real browsers in a benchmark (bench/failover.ts): Chromium pages with a fake camera and mic
 * in one circle, opened through the deployment's entry, and the time until media flows
 * again after a node goes away.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../tests/helpers/browser';
import { joinThroughUi, videoGrowing } from '../../tests/helpers/e2e';

type Phase = { circle: { phase: string } };
const phaseOf = (page: Page): Promise<string> => page.evaluate(() => (window as unknown as { __hearth: { state(): Phase } }).__hearth.state().circle.phase);

/** Chromium pages in one circle. */
export interface BrowserCircle {
  pages: Page[];
  close(): Promise<void>;
}

/** Opens `count` pages on `entry`/c/`circleId`, one after another, and waits until each gets video from everyone else. */
export async function openBrowserCircle(entry: string, circleId: string, count: number): Promise<BrowserCircle> {
  const browser: Browser = await launchChromium();
  const pages: Page[] = [];
  try {
    for (let i = 0; i < count; i++) pages.push(await joinThroughUi(browser, `${entry}/c/${circleId}`, `Browser ${i + 1}`));
    await Promise.all(pages.map((p) => videoGrowing(p, count - 1, 30_000)));
  } catch (err) {
    await browser.close();
    throw err;
  }
  return { pages, close: () => browser.close() };
}

/** Per page, after a node went away at `t0`: ms until it noticed, was back in the circle, and got video from everyone again (NaN: not within `timeoutMs`). */
export interface MediaBack {
  noticedMs: number;
  rejoinedMs: number;
  videoMs: number;
}

/** Call right after the signal: follows one page until video flows again. */
export async function mediaBack(page: Page, peers: number, t0: number, timeoutMs: number): Promise<MediaBack> {
  const deadline = t0 + timeoutMs;
  const result: MediaBack = { noticedMs: NaN, rejoinedMs: NaN, videoMs: NaN };
  while ((await phaseOf(page)) === 'joined') {
    if (Date.now() > deadline) return result;
    await page.waitForTimeout(25);
  }
  result.noticedMs = Date.now() - t0;
  while ((await phaseOf(page)) !== 'joined') {
    if (Date.now() > deadline) return result;
    await page.waitForTimeout(25);
  }
  result.rejoinedMs = Date.now() - t0;
  if (await videoGrowing(page, peers, Math.max(0, deadline - Date.now()))) result.videoMs = Date.now() - t0;
  return result;
}

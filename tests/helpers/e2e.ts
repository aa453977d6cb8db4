import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { startServerProcess, type ServerProcess } from './process';

const root = path.resolve(__dirname, '..', '..');

/** What the client's `window.__hearth.stats()` test hook returns. */
export interface MediaStats {
  inbound: Record<string, { audioBytes: number; videoBytes: number }>;
  outbound: { audioBytes: number; videoBytes: number };
}

/** Opens a circle's page in a fresh browser context and joins it through the UI as `name`. */
export async function joinThroughUi(browser: Browser, circleUrl: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  await page.goto(circleUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  // The pre-join preview is a self tile too: in the circle means the join went through.
  await page.waitForFunction(() => (window as unknown as { __hearth: { state(): { circle: { phase: string } } } }).__hearth.state().circle.phase === 'joined', undefined, {
    timeout: 20_000,
  });
  await page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });
  return page;
}

/** The page's inbound/outbound RTP byte counters, per remote peer. */
export const mediaStats = (page: Page): Promise<MediaStats> =>
  page.evaluate(() => (window as unknown as { __hearth: { stats(): Promise<MediaStats> } }).__hearth.stats());

/**
 * Whether inbound video from at least `peers` other people grows on `page` (two readings of
 * its RTP counters 100 ms apart) within `timeoutMs`.
 */
export async function videoGrowing(page: Page, peers: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = await mediaStats(page);
  for (;;) {
    await page.waitForTimeout(100);
    const now = await mediaStats(page);
    const growing = Object.entries(now.inbound).filter(([id, s]) => s.videoBytes > (last.inbound[id]?.videoBytes ?? Infinity));
    if (growing.length >= peers) return true;
    if (Date.now() > deadline) return false;
    last = now;
  }
}

/** Waits until the page shows exactly `n` tiles. */
export async function expectTileCount(page: Page, n: number): Promise<void> {
  await page.waitForFunction((count) => document.querySelectorAll('[data-testid="tile"]').length === count, n, { timeout: 20_000 });
}

/**
 * Registers beforeAll/afterAll that start the production server (`npm start`'s) and headless
 * Chromium for a test file; read `server`/`browser` inside tests.
 */
export function useServerAndBrowser(env: Record<string, string> = {}): { readonly server: ServerProcess; readonly browser: Browser } {
  const ctx = {} as { server: ServerProcess; browser: Browser };
  beforeAll(async () => {
    ctx.server = await startServerProcess(env);
    ctx.browser = await launchChromium();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

/** The first admin every account-based e2e test signs in as. */
export const ADMIN = { email: 'ada@example.org', name: 'Ada', password: 'correct horse battery' };

/**
 * Like {@link useServerAndBrowser}, on a fresh data directory whose first admin was created
 * with the documented command (`npm run admin:create` runs this same CLI).
 */
export function useServerWithAdmin(env: Record<string, string> = {}): { readonly server: ServerProcess; readonly browser: Browser } {
  const ctx = {} as { server: ServerProcess; browser: Browser };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-e2e-'));
  beforeAll(async () => {
    const out = execFileSync(process.execPath, [path.join(root, 'server/dist/cli/createAdmin.js'), '--email', ADMIN.email, '--name', ADMIN.name], {
      env: { ...process.env, DATA_DIR: dataDir, HEARTH_ADMIN_PASSWORD: ADMIN.password },
      encoding: 'utf8',
    });
    if (!out.includes(`Created admin ${ADMIN.email}`)) throw new Error(`admin:create said: ${out}`);
    ctx.server = await startServerProcess({ DATA_DIR: dataDir, ...env });
    ctx.browser = await launchChromium();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return ctx;
}

/** Signs the admin in through the sign-in page; they land on /admin. */
export async function signInAsAdmin(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/admin');
}

/** From /admin: creates a London cohort and leaves the schedule builder open; returns the cohort id. */
export async function createLondonCohort(admin: Page, name: string): Promise<string> {
  await admin.getByLabel('Name', { exact: true }).fill(name);
  await admin.getByLabel('Home time zone').selectOption('Europe/London');
  await admin.getByRole('button', { name: 'Create cohort' }).click();
  await admin.waitForURL(/\/admin\/cohorts\/[^/]+\/schedule$/);
  return admin.url().split('/')[5]!;
}

/** Fills the schedule builder: monthly on the second Tuesday at 19:00, `count` times (not saved). */
export async function fillSecondTuesdaySchedule(admin: Page, count = 8): Promise<void> {
  await admin.getByLabel('Frequency').selectOption('monthly');
  await admin.getByLabel('Repeat on').selectOption('weekday');
  await admin.getByLabel('Which one').selectOption('2');
  await admin.getByLabel('Weekday').selectOption('TU');
  await admin.getByLabel('Time', { exact: true }).fill('19:00');
  await admin.getByLabel('Number of sessions').fill(String(count));
}

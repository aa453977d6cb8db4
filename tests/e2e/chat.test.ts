import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { expectTileCount } from '../helpers/e2e';
import { startServerProcess, type ServerProcess } from '../helpers/process';

jest.setTimeout(150_000);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-e2e-chat-'));
let server: ServerProcess;
let browser: Browser;
beforeAll(async () => {
  server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function join(url: string, name: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  await page.goto(url);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });
  return page;
}

/** Everything the page keeps in the browser's own storage, as one string. */
const browserStorage = (page: Page) =>
  page.evaluate(async () => {
    const dbs = 'databases' in indexedDB ? await indexedDB.databases() : [];
    return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, dbs: dbs.map((d) => d.name) });
  });

it('chat between two people, links as text, private to facilitators, turned off; gone after leaving and never on the server', async () => {
  const url = `${server.url}/c/chat-${Date.now().toString(36)}`;
  const fran = await join(url, 'Fran'); // first in: facilitates
  const ash = await join(url, 'Ash');
  const bea = await join(url, 'Bea', { width: 390, height: 844 });
  for (const p of [fran, ash, bea]) await expectTileCount(p, 3);

  const secret = `https://example.org/support-${Date.now().toString(36)}`;
  await ash.getByLabel('Message', { exact: true }).fill(`A line that helped me: ${secret}`);
  await ash.getByRole('button', { name: 'Send', exact: true }).click();
  for (const p of [fran, bea]) await p.getByTestId('chat-log').getByText(secret).waitFor();
  // Shown as text: no link is made (so nothing is fetched or followed).
  expect(await bea.getByTestId('chat-log').locator('a').count()).toBe(0);

  // A private word to the facilitators: Fran sees it, Bea does not.
  await ash.getByLabel('Send to').selectOption('facilitators');
  await ash.getByLabel('Message to the facilitators').fill('I may need to step out early');
  await ash.getByRole('button', { name: 'Send', exact: true }).click();
  await fran.getByTestId('chat-log').getByText('I may need to step out early').waitFor();
  await ash.getByTestId('chat-log').getByText('I may need to step out early').waitFor();
  expect(await bea.getByTestId('chat-log').getByText('I may need to step out early').count()).toBe(0);
  await fran.screenshot({ path: path.join(process.env.HEARTH_SCREENSHOTS ?? path.join(__dirname, '..', '..', '.screenshots'), 'chat-desktop.png') });
  await bea.getByTestId('chat').scrollIntoViewIfNeeded();
  await bea.screenshot({ path: path.join(process.env.HEARTH_SCREENSHOTS ?? path.join(__dirname, '..', '..', '.screenshots'), 'chat-phone.png') });

  // Facilitators turn chat off: Bea is told, and can still write to the facilitators.
  await fran.getByRole('switch', { name: /^Chat/ }).uncheck();
  await bea.getByTestId('chat-off').waitFor();
  await bea.getByLabel('Message to the facilitators').fill('thanks');
  await bea.getByRole('button', { name: 'Send', exact: true }).click();
  await fran.getByTestId('chat-log').getByText('thanks').waitFor();

  // Bea leaves: nothing of the chat stays in her browser.
  expect(await browserStorage(bea)).not.toContain('support-');
  await bea.getByRole('button', { name: 'Leave' }).click();
  await bea.getByRole('dialog', { name: 'Leave the circle?' }).getByRole('button', { name: 'Leave', exact: true }).click();
  await bea.getByTestId('farewell').waitFor();
  const state = await bea.evaluate(() => JSON.stringify((window as unknown as { __hearth: { state(): unknown } }).__hearth.state()));
  expect(state).not.toContain('support-');
  expect(await bea.content()).not.toContain('support-');
  expect(await browserStorage(bea)).not.toContain('support-');

  // Nor on the server: not in its data directory, not in its log (debug level).
  await fran.waitForTimeout(300); // past the embedded store's write delay
  for (const file of fs.readdirSync(dataDir, { recursive: true }).map(String)) {
    const full = path.join(dataDir, file);
    if (fs.statSync(full).isFile()) expect(fs.readFileSync(full, 'utf8')).not.toContain('support-');
  }
  expect(server.output()).not.toContain('support-');
  expect(server.output()).not.toContain('step out early');
});

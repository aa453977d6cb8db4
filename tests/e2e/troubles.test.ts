import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { startServerProcess, type ServerProcess } from '../helpers/process';

jest.setTimeout(90_000);

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess();
});
afterEach(async () => {
  await browser?.close();
});
afterAll(async () => {
  await server?.stop();
});

it('says clearly when the camera and microphone are denied, and still lets people join to listen', async () => {
  // No --use-fake-ui-for-media-stream: headless Chromium then refuses the permission prompt.
  browser = await launchChromium();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    // Refuse like a person pressing "Block" would.
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await page.goto(`${server.url}/c/denied-${Date.now().toString(36)}`);
  await page.getByTestId('media-notice').getByText(/couldn't use your camera or microphone because permission was denied/i).waitFor({ timeout: 15_000 });
  await page.getByLabel('Your name').fill('Quiet');
  await page.getByRole('button', { name: 'Join' }).click();
  const self = page.locator('[data-testid="tile"][data-self="true"]');
  await self.waitFor({ timeout: 15_000 });
  expect(await self.getAttribute('data-camera-off')).toBe('true');
  expect(await self.getAttribute('data-muted')).toBe('true');
});

it('says clearly when the server cannot be reached', async () => {
  browser = await launchChromium();
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/c/unreachable`);
  await page.getByLabel('Your name').waitFor();
  await server.stop();
  await page.getByText(/can't reach the hearth server/i).first().waitFor({ timeout: 30_000 });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { expectTileCount } from '../helpers/e2e';
import { startServerProcess, type ServerProcess } from '../helpers/process';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-hosted-e2e-'));
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(root, 'server/dist/cli/createAdmin.js'), '--email', 'ada@example.org', '--name', 'Ada'], {
    env: { ...process.env, DATA_DIR: dataDir, HEARTH_ADMIN_PASSWORD: 'correct horse battery' },
  });
  server = await startServerProcess({ DATA_DIR: dataDir, OPEN_CIRCLES: 'false' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('a signed-in person starts a circle; a guest with the link asks to join and is let in; a revoked link stops working', async () => {
  const host = await (await browser.newContext()).newPage();
  await host.goto(`${server.url}/`);
  await host.getByRole('link', { name: 'Sign in to start a circle' }).click();
  await host.getByLabel('Email').fill('ada@example.org');
  await host.getByLabel('Password').fill('correct horse battery');
  await host.getByRole('button', { name: 'Sign in' }).click();
  await host.getByLabel('Circle name').fill('Thursday circle');
  await host.getByRole('button', { name: 'Start a circle' }).click();
  await host.waitForURL(/\/c\/h-[\w-]+\?k=/);
  const link = host.url();
  await host.getByLabel('Your name').fill('Ada');
  await host.getByRole('button', { name: 'Join', exact: true }).click();
  await host.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });

  const guest = await (await browser.newContext()).newPage();
  await guest.goto(link);
  await guest.getByLabel('Your name').fill('Sam');
  await guest.getByRole('button', { name: 'Ask to join' }).click();
  await guest.getByRole('heading', { name: 'Waiting for a facilitator to let you in…' }).waitFor();
  await host.getByRole('button', { name: 'Let Sam in' }).click();
  await expectTileCount(guest, 2);
  await expectTileCount(host, 2);

  // The creator revokes the link: a newcomer with it gets a clear "no longer works".
  await host.getByRole('button', { name: 'Revoke link' }).first().click();
  await host.getByRole('dialog').getByRole('button', { name: 'Revoke link' }).click();
  await host.getByText(/Link revoked/).first().waitFor();
  const late = await (await browser.newContext()).newPage();
  await late.goto(link);
  await late.getByRole('heading', { name: 'This link no longer works' }).waitFor();
});

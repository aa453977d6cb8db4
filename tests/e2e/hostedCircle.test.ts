import { ADMIN, expectTileCount, useServerWithAdmin } from '../helpers/e2e';

jest.setTimeout(120_000);

const ctx = useServerWithAdmin({ OPEN_CIRCLES: 'false' });

it('a signed-in person starts a circle; a guest with the link asks to join and is let in; a revoked link stops working', async () => {
  const host = await (await ctx.browser.newContext()).newPage();
  await host.goto(`${ctx.server.url}/`);
  await host.getByRole('link', { name: 'Sign in to start a circle' }).click();
  await host.getByLabel('Email').fill(ADMIN.email);
  await host.getByLabel('Password').fill(ADMIN.password);
  await host.getByRole('button', { name: 'Sign in' }).click();
  await host.getByLabel('Circle name').fill('Thursday circle');
  await host.getByRole('button', { name: 'Start a circle' }).click();
  await host.waitForURL(/\/c\/h-[\w-]+\?k=/);
  const link = host.url();
  await host.getByLabel('Your name').fill('Ada');
  await host.getByRole('button', { name: 'Join', exact: true }).click();
  await host.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });

  const guest = await (await ctx.browser.newContext()).newPage();
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
  const late = await (await ctx.browser.newContext()).newPage();
  await late.goto(link);
  await late.getByRole('heading', { name: 'This link no longer works' }).waitFor();
});

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PersonalDataExport } from '@hearth/shared';
import { ADMIN, createLondonCohort, signInAsAdmin, useServerWithAdmin } from '../helpers/e2e';

jest.setTimeout(180_000);

const ctx = useServerWithAdmin();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** With SCREENSHOT_DIR set, saves a full-page screenshot there (for looking at the pages, not for asserting). */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

async function newPage(browser: Browser, viewport = DESKTOP): Promise<Page> {
  const page = await (await browser.newContext({ viewport, acceptDownloads: true })).newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  return page;
}

/** The admin creates an invite on the cohort's Invites tab; returns its path on this server. */
async function invitePath(admin: Page): Promise<string> {
  await admin.getByRole('tab', { name: 'Invites' }).click();
  await admin.getByLabel('Member', { exact: true }).check();
  const links = admin.getByLabel('Invite link for a member');
  const before = await links.count();
  await admin.getByRole('button', { name: 'Create invite' }).click();
  // The newest link is listed first.
  await links.nth(before).waitFor();
  const url = await links.first().inputValue();
  return new URL(url).pathname;
}

/** A new person accepts an invite, creating their account; they land on /home. */
async function acceptInvite(page: Page, invite: string, who: { displayName: string; name: string; email: string; password: string }) {
  await page.goto(`${ctx.server.url}${invite}`);
  await page.getByLabel('Your display name in this cohort').fill(who.displayName);
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Join cohort' }).click();
  await page.waitForURL('**/home');
}

async function signInOnPhone(page: Page): Promise<void> {
  await page.goto(`${ctx.server.url}/sign-in`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/admin');
}

const SAM = { displayName: 'Sam', name: 'Samira Jones', email: 'sam@example.org', password: 'a long enough password' };
const KIM = { displayName: 'Kim', name: 'Kim Lee', email: 'kim@example.org', password: 'another long password' };

it('a member downloads their data and deletes their account; an admin erases another member', async () => {
  const admin = await newPage(ctx.browser);
  await signInAsAdmin(admin, ctx.server.url);
  const cohortId = await createLondonCohort(admin, 'Spring Circle');
  const samInvite = await invitePath(admin);
  const kimInvite = await invitePath(admin);

  const sam = await newPage(ctx.browser);
  await acceptInvite(sam, samInvite, SAM);
  await sam.evaluate(() => localStorage.setItem('hearth.displayName', 'Sam'));
  await sam.getByRole('link', { name: 'Settings' }).click();
  await sam.waitForURL('**/settings');
  await sam.getByRole('heading', { name: 'Your data' }).waitFor();
  await sam.getByText('deleted 400 days after the session').waitFor();
  await shot(sam, 'settings-desktop');

  // Download my data: a JSON file with the account and the cohort, without the calendar secret.
  const [download] = await Promise.all([sam.waitForEvent('download'), sam.getByRole('button', { name: 'Download my data' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^hearth-my-data-\d{4}-\d\d-\d\d\.json$/);
  const data = JSON.parse(await fs.readFile((await download.path())!, 'utf8')) as PersonalDataExport;
  expect(data.account).toMatchObject({ email: SAM.email, name: SAM.name });
  expect(data.cohorts).toEqual([expect.objectContaining({ cohortId, name: 'Spring Circle', role: 'member', displayName: 'Sam' })]);
  expect(data.signInSessions).toEqual([expect.objectContaining({ current: true })]);
  const icalUrl = await sam.evaluate(async () => ((await (await fetch('/api/session')).json()) as { me: { icalUrl: string } }).me.icalUrl);
  expect(JSON.stringify(data)).not.toContain(icalUrl.split('/').pop()!.replace('.ics', ''));
  await sam.getByRole('status').filter({ hasText: /^Downloaded hearth-my-data-/ }).waitFor();

  // Delete my account: a confirm step with the password; a wrong one changes nothing.
  await sam.getByRole('button', { name: 'Delete my account…' }).click();
  const dialog = sam.getByRole('dialog', { name: 'Delete your account for good?' });
  await dialog.waitFor();
  await shot(sam, 'delete-dialog-desktop');
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'Please enter your password to confirm.' }).waitFor();
  await dialog.getByLabel('Your password').fill('not my password');
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await dialog.getByRole('alert').filter({ hasText: "That password isn't right. Your account has not been deleted." }).waitFor();
  await dialog.getByRole('button', { name: 'Keep my account' }).click();
  await sam.reload();
  await sam.getByRole('heading', { name: 'Settings' }).waitFor(); // still signed in

  await sam.getByRole('button', { name: 'Delete my account…' }).click();
  await dialog.getByLabel('Your password').fill(SAM.password);
  await dialog.getByLabel('Your password').press('Enter');
  await sam.waitForURL('**/account-deleted');
  await sam.getByRole('heading', { name: 'Your account has been deleted' }).waitFor();
  await shot(sam, 'account-deleted-desktop');
  expect(await sam.evaluate(() => localStorage.getItem('hearth.displayName'))).toBeNull();
  expect(await sam.evaluate(async () => (await fetch('/api/session')).status)).toBe(401);

  // Signing in with the old password no longer works.
  await sam.goto(`${ctx.server.url}/sign-in`);
  await sam.getByLabel('Email').fill(SAM.email);
  await sam.getByLabel('Password').fill(SAM.password);
  await sam.getByRole('button', { name: 'Sign in' }).click();
  await sam.getByRole('alert').filter({ hasText: "That email and password don't match" }).waitFor();

  // An admin erases Kim from the cohort's People tab.
  const kim = await newPage(ctx.browser);
  await acceptInvite(kim, kimInvite, KIM);
  const adminPhone = await newPage(ctx.browser, PHONE);
  await signInOnPhone(adminPhone);
  await adminPhone.goto(`${ctx.server.url}/admin/cohorts/${cohortId}/people`);
  await adminPhone.getByRole('button', { name: 'Erase account of Kim' }).click();
  await adminPhone.getByRole('dialog', { name: "Erase Kim's account?" }).waitFor();
  await shot(adminPhone, 'admin-erase-phone');
  // The table scrolls inside its box; the page itself is no wider than the phone.
  expect(await adminPhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await adminPhone.getByRole('button', { name: 'Keep account' }).click();

  await admin.goto(`${ctx.server.url}/admin/cohorts/${cohortId}/people`);
  await admin.getByRole('row', { name: /Kim/ }).waitFor();
  expect(await admin.getByRole('row', { name: /Sam/ }).count()).toBe(0);
  await admin.getByRole('button', { name: 'Erase account of Kim' }).click();
  const erase = admin.getByRole('dialog', { name: "Erase Kim's account?" });
  await erase.waitFor();
  await shot(admin, 'admin-erase-desktop');
  await erase.getByRole('button', { name: 'Erase account' }).click();
  await admin.getByRole('status').filter({ hasText: "Kim's account was erased." }).waitFor();
  expect(await admin.getByRole('row', { name: /Kim/ }).count()).toBe(0);
  // Kim is signed out: their home page sends them to sign in.
  await kim.reload();
  await kim.waitForURL('**/sign-in');
});

it('the settings page and its confirm steps fit a phone', async () => {
  const phone = await newPage(ctx.browser, PHONE);
  await signInOnPhone(phone);
  await phone.getByRole('link', { name: 'Settings' }).click();
  await phone.getByRole('heading', { name: 'Delete my account' }).waitFor();
  // Nothing wider than the screen.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await shot(phone, 'settings-phone');
  await phone.getByRole('button', { name: 'Delete my account…' }).click();
  await phone.getByRole('dialog', { name: 'Delete your account for good?' }).waitFor();
  await shot(phone, 'delete-dialog-phone');
  await phone.getByRole('button', { name: 'Keep my account' }).click();
  // Signed in, the goodbye page is not for you: it sends you home.
  await phone.goto(`${ctx.server.url}/account-deleted`);
  await phone.waitForURL('**/admin');
  const signedOut = await newPage(ctx.browser, PHONE);
  await signedOut.goto(`${ctx.server.url}/account-deleted`);
  await signedOut.getByRole('heading', { name: 'Your account has been deleted' }).waitFor();
  await shot(signedOut, 'account-deleted-phone');
});

it('an admin deletes a finished cohort; a host ends the circle they started', async () => {
  const admin = await newPage(ctx.browser);
  await signInAsAdmin(admin, ctx.server.url);
  const cohortId = await createLondonCohort(admin, 'Autumn Circle');
  await admin.getByRole('tab', { name: 'Details' }).click();
  await admin.getByRole('button', { name: 'Delete cohort…' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Delete Autumn Circle?' });
  await dialog.waitFor();
  await shot(admin, 'delete-cohort-desktop');
  await dialog.getByRole('button', { name: 'Delete cohort' }).click();
  await admin.waitForURL('**/admin');
  await admin.getByRole('heading', { name: 'Admin' }).first().waitFor();
  expect(await admin.getByRole('link', { name: 'Autumn Circle' }).count()).toBe(0);
  expect(await admin.evaluate(async (id) => (await fetch(`/api/cohorts/${id}`)).status, cohortId)).toBe(404);

  await admin.goto(`${ctx.server.url}/`);
  await admin.getByLabel('Circle name').fill('Friday walk');
  await admin.getByRole('button', { name: 'Start a circle' }).click();
  await admin.waitForURL(/\/c\/h-[\w-]+\?k=/);
  const link = admin.url();
  await admin.getByRole('button', { name: 'End circle' }).click();
  const end = admin.getByRole('dialog', { name: 'End this circle for good?' });
  await end.waitFor();
  await shot(admin, 'end-circle-desktop');
  await end.getByRole('button', { name: 'End circle' }).click();
  await admin.waitForURL(`${ctx.server.url}/`);
  const guest = await newPage(ctx.browser, PHONE);
  await guest.goto(link);
  await guest.getByRole('heading', { name: 'This link no longer works' }).waitFor();
  await shot(guest, 'ended-circle-phone');
});

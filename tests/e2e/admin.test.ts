import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { fillSecondTuesdaySchedule, signInAsAdmin, useServerWithAdmin } from '../helpers/e2e';

jest.setTimeout(180_000);

const ctx = useServerWithAdmin({ OPEN_CIRCLES: 'false' });
const shots = process.env.HEARTH_SCREENSHOTS ?? path.join(__dirname, '..', '..', '.screenshots');

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

it('an admin creates a cohort with its agreement, crisis resources and themes; finds Kyiv; edits all themes at once; a new schedule keeps moved and cancelled sessions', async () => {
  const admin = await (await ctx.browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB', viewport: { width: 1280, height: 900 } })).newPage();
  admin.on('pageerror', (err) => console.error('[admin] page error:', err.message));
  await signInAsAdmin(admin, ctx.server.url);

  // Current IANA names, found by searching (old names find them too).
  const zone = admin.getByLabel('Home time zone');
  const options = await zone.locator('option').allTextContents();
  expect(options).toContain('Asia/Kolkata');
  expect(options).not.toContain('Asia/Calcutta');
  await admin.getByLabel('Find a city or region').fill('Kiev');
  expect(await zone.inputValue()).toBe('Europe/Kyiv');
  await admin.getByLabel('Find a city or region').fill('');
  await zone.selectOption('Europe/London');

  await admin.getByLabel('Name', { exact: true }).fill('Winter circle');
  await admin.getByLabel('Group agreement').fill('What is said here stays here.\nEveryone may pass.');
  await admin.getByLabel('Crisis resources').fill('Samaritans: 116 123');
  await shot(admin, 'new-cohort-desktop');
  await admin.getByRole('button', { name: 'Create cohort' }).click();
  await admin.waitForURL(/\/admin\/cohorts\/[^/]+\/schedule$/);
  const cohortId = admin.url().split('/')[5]!;

  // The first schedule takes its themes along.
  await fillSecondTuesdaySchedule(admin, 4);
  await admin.getByLabel('Session themes (one per line, optional)').fill('Arriving\nRoots\n\nLeaving');
  await admin.getByRole('button', { name: 'Save schedule' }).click();
  await admin.getByRole('status').filter({ hasText: 'Schedule saved: 4 sessions.' }).waitFor();

  const cohort = await admin.evaluate(async (id) => (await (await fetch(`/api/cohorts/${id}`)).json()) as { agreement: { text: string; version: number }; crisisResources: string; sessions: { theme: string | null }[] }, cohortId);
  expect(cohort.agreement).toMatchObject({ text: 'What is said here stays here.\nEveryone may pass.', version: 1 });
  expect(cohort.crisisResources).toBe('Samaritans: 116 123');
  expect(cohort.sessions.map((s) => s.theme)).toEqual(['Arriving', 'Roots', null, 'Leaving']);

  // All themes on one screen, one save.
  await admin.getByRole('tab', { name: 'Sessions' }).click();
  const themes = admin.getByTestId('themes-form');
  await themes.getByLabel('Theme for session 3').fill('Branches');
  await themes.getByLabel('Theme for session 4').fill('Letting go');
  await themes.getByRole('button', { name: 'Save all themes' }).click();
  await themes.getByRole('status').filter({ hasText: 'Themes saved (2 changed).' }).waitFor();

  // Move session 2 and cancel session 3, then change the time for all.
  const s2 = admin.getByRole('article', { name: 'Session 2' });
  await s2.getByRole('button', { name: 'Move' }).click();
  await s2.getByLabel('New time (London)').fill('20:15');
  await s2.getByRole('button', { name: 'Save new time' }).click();
  await s2.getByRole('status').filter({ hasText: 'Session 2 moved.' }).waitFor();
  const s3 = admin.getByRole('article', { name: 'Session 3' });
  await s3.getByRole('button', { name: 'Cancel session' }).click();
  await admin.getByRole('dialog').getByRole('button', { name: 'Cancel session' }).click();
  await s3.getByText('Cancelled', { exact: true }).waitFor();

  await admin.getByRole('tab', { name: 'Schedule' }).click();
  await admin.getByLabel('Time', { exact: true }).fill('18:30');
  await admin.getByRole('button', { name: 'Save schedule' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Replace the schedule?' });
  await dialog.getByTestId('kept-edits').getByText('Session 2 stays at the time it was moved to').waitFor();
  await dialog.getByText('Session 3 stays cancelled.').waitFor();
  await shot(admin, 'schedule-replace-confirm-desktop');
  await dialog.getByRole('button', { name: 'Replace schedule' }).click();
  await admin.getByRole('status').filter({ hasText: 'Schedule saved: 4 sessions.' }).waitFor();

  const after = await admin.evaluate(async (id) => (await (await fetch(`/api/cohorts/${id}`)).json()) as { sessions: { status: string; startsAt: string; originalStartsAt: string | null; theme: string | null }[] }, cohortId);
  const london = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  expect(london(after.sessions[0]!.startsAt)).toBe('18:30');
  expect(london(after.sessions[1]!.startsAt)).toBe('20:15');
  expect(after.sessions[1]!.originalStartsAt).not.toBeNull();
  expect(after.sessions[2]!.status).toBe('cancelled');
  expect(after.sessions.map((s) => s.theme)).toEqual(['Arriving', 'Roots', 'Branches', 'Letting go']);

  // The new-cohort form on a phone.
  const phone = await (await ctx.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signInAsAdmin(phone, ctx.server.url);
  await phone.getByLabel('Group agreement').waitFor();
  await shot(phone, 'new-cohort-phone');
});

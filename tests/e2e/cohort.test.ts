import { createLondonCohort, fillSecondTuesdaySchedule, signInAsAdmin, useServerWithAdmin } from '../helpers/e2e';
import type { Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe';

jest.setTimeout(150_000);

const ctx = useServerWithAdmin();

async function page(timezoneId: string, locale: string): Promise<Page> {
  const p = await (await ctx.browser.newContext({ timezoneId, locale, viewport: { width: 1280, height: 900 } })).newPage();
  p.on('pageerror', (err) => console.error(`[${timezoneId}] page error:`, err.message));
  return p;
}

/** axe (WCAG 2 A/AA) finds nothing on the page as it is now. */
async function expectAccessible(p: Page, where: string): Promise<void> {
  expect({ where, violations: await axeViolations(p) }).toEqual({ where, violations: [] });
}

it('an admin creates a cohort, its schedule and an invite; the member joins and sees the session in their own time zone', async () => {
  const admin = await page('Europe/London', 'en-GB');
  await signInAsAdmin(admin, ctx.server.url);

  await createLondonCohort(admin, 'Spring Circle');

  // Monthly on the second Tuesday at 19:00 London time, 8 sessions, previewed in two other zones.
  await fillSecondTuesdaySchedule(admin);
  await admin.getByLabel('First other time zone').selectOption('America/New_York');
  await admin.getByLabel('Second other time zone').selectOption('Asia/Tokyo');
  await admin.locator('.preview tbody tr').nth(7).waitFor();
  const firstRow = (await admin.locator('.preview tbody tr').first().innerText()).replace(/\s+/g, ' ');
  expect(firstRow).toMatch(/Tue \d+ \w+ 20\d\d, 19:00 GMT/);
  await admin.getByRole('button', { name: 'Save schedule' }).click();
  await admin.getByRole('status').filter({ hasText: 'Schedule saved: 8 sessions.' }).waitFor();
  await expectAccessible(admin, 'schedule tab');

  await admin.getByRole('tab', { name: 'Invites' }).click();
  await admin.getByLabel('Member', { exact: true }).check();
  await admin.getByRole('button', { name: 'Create invite' }).click();
  const inviteUrl = await admin.getByLabel('Invite link for a member').inputValue();
  expect(inviteUrl).toMatch(/\/invite\/[\w-]+$/);
  await expectAccessible(admin, 'invites tab');

  const member = await page('America/New_York', 'en-US');
  await member.goto(inviteUrl.replace(/^https?:\/\/[^/]+/, ctx.server.url));
  await member.getByRole('heading', { name: 'Spring Circle' }).waitFor();
  await expectAccessible(member, 'invite page');
  await member.getByLabel('Your display name in this cohort').fill('Sam');
  await member.getByLabel('Your name').fill('Samira Jones');
  await member.getByLabel('Email').fill('sam@example.org');
  await member.getByLabel('Password').fill('a long enough password');
  await member.getByRole('button', { name: 'Join cohort' }).click();
  await member.waitForURL('**/home');

  // The next session, shown in New York time; it is 19:00 in London.
  const when = member.locator('.when');
  await when.waitFor();
  const startsAt = await member.locator('.when time').getAttribute('datetime');
  const expected = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: '2-digit' }).format(new Date(startsAt!));
  expect(await when.innerText()).toContain(expected);
  expect(await when.innerText()).toContain('New York time');
  expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(new Date(startsAt!))).toBe('19:00');
  // The circle is not open yet: Join waits for the window.
  expect(await member.getByRole('button', { name: 'Join' }).getAttribute('aria-disabled')).toBe('true');
  await expectAccessible(member, 'home');

  // The invite was single-use.
  const third = await page('UTC', 'en-GB');
  await third.goto(inviteUrl.replace(/^https?:\/\/[^/]+/, ctx.server.url));
  await third.getByRole('heading', { name: 'This invite has already been used' }).waitFor();
});

import type { Page } from 'playwright-core';
import { createLondonCohort, fillSecondTuesdaySchedule, signInAsAdmin, mediaStats, useServerWithAdmin } from '../helpers/e2e';

jest.setTimeout(180_000);

const ctx = useServerWithAdmin({ OPEN_CIRCLES: 'false' });

async function newPage(timezoneId: string): Promise<Page> {
  const p = await (await ctx.browser.newContext({ timezoneId, locale: 'en-GB', viewport: { width: 1280, height: 900 } })).newPage();
  p.on('pageerror', (err) => console.error(`[${timezoneId}] page error:`, err.message));
  return p;
}

async function acceptInvite(p: Page, url: string, display: string, name: string, email: string): Promise<void> {
  await p.goto(url.replace(/^https?:\/\/[^/]+/, ctx.server.url));
  await p.getByLabel('Your display name in this cohort').fill(display);
  await p.getByLabel('Your name').fill(name);
  const emailField = p.getByLabel('Email');
  if (await emailField.isEditable()) await emailField.fill(email);
  await p.getByLabel('Password').fill('a long enough password');
  await p.getByRole('button', { name: 'Join cohort' }).click();
  await p.waitForURL('**/home');
}

/** Affirms the agreement on the session pre-join screen (accepting it first if needed). */
async function affirm(p: Page): Promise<void> {
  await p.getByTestId('session-prejoin').waitFor();
  const accept = p.getByRole('button', { name: 'I accept the group agreement' });
  if (await accept.isVisible()) await accept.click();
  await p.getByLabel("I'll keep to our group agreement in this session").check();
}

it('admin → cohort, schedule, invites; the member waits in the lobby; the facilitator admits them; both see each other', async () => {
  const admin = await newPage('Europe/London');
  await signInAsAdmin(admin, ctx.server.url);
  const cohortId = await createLondonCohort(admin, 'Qualified practice');
  await fillSecondTuesdaySchedule(admin);
  await admin.getByRole('button', { name: 'Save schedule' }).click();
  await admin.getByRole('status').filter({ hasText: 'Schedule saved: 8 sessions.' }).waitFor();

  // Today's session: move session 1 to five minutes from now, so its circle is open.
  await admin.getByRole('tab', { name: 'Sessions' }).click();
  const s1 = admin.getByRole('article', { name: 'Session 1' });
  await s1.getByRole('button', { name: 'Move' }).click();
  const soon = new Date(Date.now() + 5 * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(soon)
      .map((x) => [x.type, x.value]),
  );
  await s1.getByLabel('New date (London)').fill(`${parts.year}-${parts.month}-${parts.day}`);
  await s1.getByLabel('New time (London)').fill(`${parts.hour}:${parts.minute}`);
  await s1.getByRole('button', { name: 'Save new time' }).click();
  await s1.getByRole('status').filter({ hasText: 'Session 1 moved.' }).waitFor();

  await admin.getByRole('tab', { name: 'Agreement' }).click();
  await admin.getByLabel('Agreement text').fill('What is said here stays here.\nEveryone may pass.');
  await admin.getByRole('button', { name: 'Save agreement' }).click();
  await admin.getByRole('status').filter({ hasText: 'version 1' }).waitFor();

  const invite = async (role: 'member' | 'facilitator', email: string): Promise<string> => {
    await admin.getByRole('tab', { name: 'Invites' }).click();
    await admin.getByLabel(role === 'member' ? 'Member' : 'Facilitator', { exact: true }).check();
    await admin.getByLabel('Email (optional)').fill(email);
    await admin.getByRole('button', { name: 'Create invite' }).click();
    return admin.getByLabel(`Invite link for a ${role} (${email})`).inputValue();
  };
  const samInvite = await invite('member', 'sam@example.org');
  const fayeInvite = await invite('facilitator', 'faye@example.org');
  const sessions = await admin.evaluate(async (id) => (await (await fetch(`/api/cohorts/${id}`)).json()).sessions as { id: string }[], cohortId);
  const sessionId = sessions[0]!.id;

  // The member, in New York: the invite, then home shows the session in their own zone with Join live.
  const sam = await newPage('America/New_York');
  await acceptInvite(sam, samInvite, 'Sam', 'Samira Jones', 'sam@example.org');
  await sam.locator('.when').filter({ hasText: 'New York time' }).first().waitFor();
  await sam.getByRole('link', { name: 'Join' }).click();
  await sam.waitForURL(`**/c/${sessionId}`);
  await affirm(sam);
  await sam.getByRole('button', { name: 'Ask to join' }).click();
  await sam.getByRole('heading', { name: 'Waiting for a facilitator to let you in…' }).waitFor();

  // The facilitator joins directly and admits Sam from the lobby.
  const faye = await newPage('Europe/Paris');
  await acceptInvite(faye, fayeInvite, 'Faye', 'Faye Tanaka', 'faye@example.org');
  await faye.goto(`${ctx.server.url}/c/${sessionId}`);
  await affirm(faye);
  await faye.getByRole('button', { name: 'Join', exact: true }).click();
  await faye.getByTestId('lobby').waitFor({ timeout: 15_000 });
  await faye.getByRole('button', { name: 'Let Sam in' }).click();
  await sam.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });

  // Both see each other's video (inbound video bytes flowing both ways through the SFU).
  for (const p of [sam, faye]) {
    await p.waitForFunction(
      () =>
        (window as unknown as { __hearth: { stats(): Promise<{ inbound: Record<string, { videoBytes: number }> }> } }).__hearth
          .stats()
          .then((s) => Object.values(s.inbound).some((x) => x.videoBytes > 0)),
      undefined,
      { timeout: 30_000, polling: 250 },
    );
  }
  const before = await mediaStats(sam);
  await sam.waitForTimeout(1500);
  const after = await mediaStats(sam);
  const fayeId = Object.keys(after.inbound)[0]!;
  expect(after.inbound[fayeId]!.videoBytes).toBeGreaterThan(before.inbound[fayeId]!.videoBytes);

  // Attendance: the facilitator sees who came.
  const attendance = await faye.evaluate(async (id) => JSON.stringify(await (await fetch(`/api/cohorts/${id}/attendance`)).json()), cohortId);
  expect(attendance).toContain('Sam');
  expect(attendance).toContain('Faye');
});

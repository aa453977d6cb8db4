import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { useServerWithAdmin } from '../helpers/e2e';
import { enterCircle, openCohort } from '../helpers/e2eCohort';
import { axeViolations } from '../helpers/axe';

jest.setTimeout(240_000);

const ctx = useServerWithAdmin({ OPEN_CIRCLES: 'false' });
const shots = process.env.HEARTH_SCREENSHOTS ?? path.join(__dirname, '..', '..', '.screenshots');

/** A screenshot to look at, and axe (WCAG 2 A/AA) finds nothing on the page as it is. */
async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  expect({ name, violations: await axeViolations(page) }).toEqual({ name, violations: [] });
}

const liveTracks = (page: Page) => page.evaluate(() => (window as unknown as { __hearth: { liveLocalTracks(): number } }).__hearth.liveLocalTracks());

it('leaving asks first and frees the camera; ending the session reaches home, pre-join, the lobby and the circle', async () => {
  const cohort = await openCohort(ctx.browser, ctx.server.url, { name: 'Spring circle' });
  const faye = await cohort.person('Faye', 'facilitator');
  const sam = await cohort.person('Sam', 'member');
  const bo = await cohort.person('Bo', 'member', { width: 390, height: 844 });

  await enterCircle(faye.page, ctx.server.url, cohort.sessionId, 'join');
  await enterCircle(sam.page, ctx.server.url, cohort.sessionId, 'knock');
  await faye.page.getByRole('button', { name: 'Let Sam in' }).click();
  await sam.page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });

  // Leave asks first; "Step out instead" keeps the seat.
  await sam.page.getByRole('button', { name: 'Leave' }).click();
  const dialog = sam.page.getByRole('dialog', { name: 'Leave the circle?' });
  await dialog.waitFor();
  await shot(sam.page, 'leave-confirm-desktop');
  await dialog.getByRole('button', { name: 'Step out instead' }).click();
  await faye.page.waitForFunction(() => {
    const s = (window as unknown as { __hearth: { state(): { circle: { view: { participants: { name: string; presence: string }[] } | null } } } }).__hearth.state();
    return s.circle.view?.participants.some((p) => p.name === 'Sam' && p.presence === 'steppedOut');
  });
  await sam.page.getByRole('button', { name: 'Leave' }).click();
  await sam.page.getByRole('dialog', { name: 'Leave the circle?' }).getByRole('button', { name: 'Leave', exact: true }).click();
  await sam.page.getByRole('heading', { name: 'You left the circle.' }).waitFor();
  // Camera and microphone are released, and the next session is given in Sam's own zone (New York).
  expect(await liveTracks(sam.page)).toBe(0);
  await sam.page.getByTestId('next-session').filter({ hasText: /GMT-[45]|EST|EDT/ }).waitFor();
  await shot(sam.page, 'farewell-left-desktop');

  // Back in: someone already in this session is let straight back (nobody needs to decide).
  await sam.page.getByRole('button', { name: 'Go back in' }).click();
  await sam.page.getByLabel("I'll keep to our group agreement in this session").check();
  await sam.page.getByRole('button', { name: 'Ask to join' }).click();
  await sam.page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });

  // Bo waits in the lobby (on a phone) when the facilitator ends the session.
  await enterCircle(bo.page, ctx.server.url, cohort.sessionId, 'knock');
  await faye.page.getByRole('button', { name: 'Let Bo in' }).waitFor();
  await faye.page.getByRole('button', { name: 'End session for all' }).click();
  await faye.page.getByRole('dialog').getByRole('button', { name: 'End session' }).click();

  // The lobby: told kindly, with the next session and the crisis resources; no way to knock.
  await bo.page.getByRole('heading', { name: 'This session has ended' }).waitFor();
  await bo.page.getByTestId('next-session').filter({ hasText: 'at' }).waitFor();
  expect(await bo.page.getByTestId('support-resources').innerText()).toContain('Samaritans');
  expect(await bo.page.getByRole('button', { name: 'Ask to join' }).count()).toBe(0);
  expect(await liveTracks(bo.page)).toBe(0);
  await shot(bo.page, 'lobby-ended-phone');

  // The circle: everyone inside sees the end, with the next session.
  for (const p of [sam.page, faye.page]) {
    await p.getByRole('heading', { name: 'The session has ended. Thank you for being here.' }).waitFor();
    await p.getByTestId('next-session').waitFor();
    expect(await liveTracks(p)).toBe(0);
  }
  await shot(sam.page, 'farewell-ended-desktop');

  // A fresh pre-join (a new tab) says so too, and the camera is never asked for.
  const late = await (await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await late.context().addCookies([{ name: 'hearth_session', value: sam.api.cookie, url: ctx.server.url }]);
  await late.goto(`${ctx.server.url}/c/${cohort.sessionId}`);
  await late.getByRole('heading', { name: 'This session has ended' }).waitFor();
  expect(await liveTracks(late)).toBe(0);

  // Home: the ended session is named, the next one is what Join waits for.
  await sam.page.getByRole('button', { name: 'Go to your home page' }).click();
  await sam.page.getByTestId('just-ended').filter({ hasText: /Session 1( of 4)? · Arriving has ended\./ }).waitFor();
  await sam.page.getByText('Next session · Session 2').waitFor();
  expect(await sam.page.getByRole('button', { name: 'Join' }).getAttribute('aria-disabled')).toBe('true');
  await shot(sam.page, 'home-after-end-desktop');
  await bo.page.goto(`${ctx.server.url}/home`);
  await bo.page.getByTestId('just-ended').waitFor();
  await shot(bo.page, 'home-after-end-phone');
});

it('lock and lobby: a newcomer is told why they cannot knock; a removed person’s knock is shown as such and they are let back in', async () => {
  const cohort = await openCohort(ctx.browser, ctx.server.url, { name: 'Summer circle' });
  const faye = await cohort.person('Faye', 'facilitator');
  const ash = await cohort.person('Ash', 'member');
  const cal = await cohort.person('Cal', 'member', { width: 390, height: 844 });

  await enterCircle(faye.page, ctx.server.url, cohort.sessionId, 'join');
  await enterCircle(ash.page, ctx.server.url, cohort.sessionId, 'knock');
  await faye.page.getByRole('button', { name: 'Let Ash in' }).click();
  await ash.page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });

  // Locked: Cal, new, is told before pressing and, pressing anyway, told why (and not left waiting).
  await faye.page.getByRole('button', { name: 'Lock circle' }).click();
  await faye.page.getByTestId('mode').filter({ hasText: 'locked' }).waitFor();
  await cal.page.goto(`${ctx.server.url}/c/${cohort.sessionId}`);
  await cal.page.getByLabel("I'll keep to our group agreement in this session").check();
  await cal.page.getByText('The circle is locked just now').waitFor();
  await cal.page.getByRole('button', { name: 'Ask to join' }).click();
  await cal.page.getByRole('alert').filter({ hasText: "the facilitators aren't letting anyone new in" }).waitFor();
  expect(await cal.page.getByTestId('lobby-waiting').count()).toBe(0);
  await shot(cal.page, 'locked-newcomer-phone');
  await faye.page.getByRole('button', { name: 'Unlock circle' }).click();

  // Removed: Ash's knock shows as such; "Let Ash back in" readmits and admits in one go.
  await faye.page.getByRole('button', { name: 'Actions for Ash' }).click();
  await faye.page.getByRole('menuitem', { name: 'Remove from circle' }).click();
  await faye.page.getByRole('dialog').getByRole('button', { name: 'Remove Ash' }).click();
  await ash.page.getByRole('heading', { name: 'You were removed from this circle by a facilitator' }).waitFor();
  await faye.page.getByTestId('removed-people').getByText('Ash', { exact: true }).waitFor();
  await ash.page.goto(`${ctx.server.url}/c/${cohort.sessionId}`);
  await ash.page.getByLabel("I'll keep to our group agreement in this session").check();
  await ash.page.getByRole('button', { name: 'Ask to join' }).click();
  await ash.page.getByTestId('lobby-wait-text').filter({ hasText: 'asked to leave this circle earlier' }).waitFor();
  const entry = faye.page.getByTestId('lobby').locator('li[data-removed="true"]');
  await entry.getByText('Removed earlier').waitFor();
  expect(await faye.page.getByRole('button', { name: 'Let everyone in' }).isDisabled()).toBe(true);
  await shot(faye.page, 'lobby-removed-knock-desktop');
  await entry.getByRole('button', { name: 'Let Ash back in' }).click();
  await ash.page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });
  expect(await faye.page.getByTestId('removed-people').count()).toBe(0);

  // Removed without knocking: the panel's "Let back in" alone readmits.
  await faye.page.getByRole('button', { name: 'Actions for Ash' }).click();
  await faye.page.getByRole('menuitem', { name: 'Remove from circle' }).click();
  await faye.page.getByRole('dialog').getByRole('button', { name: 'Remove Ash' }).click();
  await faye.page.getByTestId('removed-people').getByRole('button', { name: 'Let Ash back in' }).click();
  await faye.page.getByTestId('removed-people').waitFor({ state: 'detached' });
});

it('settings last: saved from the facilitation panel and the cohort screen, the next session starts with them', async () => {
  const cohort = await openCohort(ctx.browser, ctx.server.url, { name: 'Autumn circle' });
  const faye = await cohort.person('Faye', 'facilitator');
  await enterCircle(faye.page, ctx.server.url, cohort.sessionId, 'join');
  const panel = faye.page.getByTestId('facilitation-panel');
  await panel.getByLabel('Hand queue').check();
  await panel.getByLabel('Not yet spoken first').check();
  await panel.getByLabel('Turn limit').selectOption('120000');
  await faye.page.getByTestId('mode').filter({ hasText: 'Hand queue' }).waitFor();
  await panel.getByRole('button', { name: 'Save these settings for next time' }).click();
  await panel.getByRole('status').filter({ hasText: 'Saved: the next sessions start with these settings.' }).waitFor();
  await faye.page.getByRole('button', { name: 'End session for all' }).click();
  await faye.page.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
  await faye.page.getByTestId('farewell').waitFor();

  // The cohort screen shows them, and one more is changed there.
  await faye.page.goto(`${ctx.server.url}/cohorts/${cohort.cohortId}`);
  const form = faye.page.getByTestId('circle-defaults');
  await form.waitFor();
  expect(await form.getByLabel('Mode', { exact: true }).inputValue()).toBe('queue');
  expect(await form.getByLabel('Queue order').inputValue()).toBe('notYetSpoken');
  expect(await form.getByLabel('Turn limit').inputValue()).toBe('120000');
  await form.getByRole('switch', { name: /Direct replies/ }).check();
  await form.getByRole('button', { name: 'Save circle settings' }).click();
  await form.getByRole('status').filter({ hasText: 'Circle settings saved' }).waitFor();
  await shot(faye.page, 'circle-defaults-desktop');

  // The next session (moved to now) opens with all of them.
  await cohort.admin.call('PATCH', `/cohorts/${cohort.cohortId}/sessions/${cohort.nextSessionId}`, { startsAt: new Date(Date.now() + 5 * 60_000).toISOString() });
  await enterCircle(faye.page, ctx.server.url, cohort.nextSessionId, 'join');
  await faye.page.getByTestId('mode').filter({ hasText: 'Hand queue' }).waitFor();
  expect(await panel.getByLabel('Not yet spoken first').isChecked()).toBe(true);
  expect(await panel.getByLabel('Turn limit').inputValue()).toBe('120000');
  expect(await panel.getByRole('switch', { name: /Direct replies/ }).isChecked()).toBe(true);
});

it('a mistyped circle link while signed out says it cannot be found (not "isn\'t one of yours")', async () => {
  const page = await (await ctx.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await page.goto(`${ctx.server.url}/c/no-such-circle-here`);
  await page.getByRole('heading', { name: "We couldn't find that circle" }).waitFor();
  expect(await page.getByText("isn't one of yours").count()).toBe(0);
});

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { useServerWithAdmin } from '../helpers/e2e';
import { enterCircle, openCohort } from '../helpers/e2eCohort';

jest.setTimeout(240_000);

const ctx = useServerWithAdmin({ OPEN_CIRCLES: 'false' });
const shots = process.env.HEARTH_SCREENSHOTS ?? path.join(__dirname, '..', '..', '.screenshots');

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
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
  await sam.page.getByTestId('just-ended').filter({ hasText: 'Session 1 · Arriving has ended.' }).waitFor();
  await sam.page.getByText('Next session · Session 2').waitFor();
  expect(await sam.page.getByRole('button', { name: 'Join' }).getAttribute('aria-disabled')).toBe('true');
  await shot(sam.page, 'home-after-end-desktop');
  await bo.page.goto(`${ctx.server.url}/home`);
  await bo.page.getByTestId('just-ended').waitFor();
  await shot(bo.page, 'home-after-end-phone');
});

import type { Page } from 'playwright-core';
import { useServerWithAdmin } from '../helpers/e2e';
import { openCohort } from '../helpers/e2eCohort';

jest.setTimeout(180_000);

const ctx = useServerWithAdmin({ OPEN_CIRCLES: 'false' });

/** The focused element's name, roughly as assistive technology reads it. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const labelled = el.getAttribute('aria-labelledby');
    const byId = labelled ? labelled.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : '';
    const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    return (el.getAttribute('aria-label') || byId || label || el.textContent || '').replace(/\s+/g, ' ').trim();
  });

/** Presses Tab until the focused element's name matches (at most `max` presses): reachable by keyboard. */
async function tabTo(page: Page, name: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (name.test(await focusedName(page))) return;
  }
  throw new Error(`could not reach ${name} with the keyboard (last: "${await focusedName(page)}")`);
}

it('a member and a facilitator go through a whole session with the keyboard only', async () => {
  const cohort = await openCohort(ctx.browser, ctx.server.url, { name: 'Keys circle' });
  const faye = await cohort.person('Faye', 'facilitator');
  const sam = await cohort.person('Sam', 'member');

  // The facilitator: affirm, join.
  await faye.page.goto(`${ctx.server.url}/c/${cohort.sessionId}`);
  await faye.page.getByTestId('session-prejoin').waitFor();
  await tabTo(faye.page, /keep to our group agreement/);
  await faye.page.keyboard.press('Space');
  await tabTo(faye.page, /^Join$/);
  await faye.page.keyboard.press('Enter');
  await faye.page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });

  // The member: affirm, ask to join.
  await sam.page.goto(`${ctx.server.url}/c/${cohort.sessionId}`);
  await sam.page.getByTestId('session-prejoin').waitFor();
  await tabTo(sam.page, /keep to our group agreement/);
  await sam.page.keyboard.press('Space');
  await tabTo(sam.page, /^Ask to join$/);
  await sam.page.keyboard.press('Enter');
  await sam.page.getByTestId('lobby-waiting').waitFor();

  // The facilitator lets them in, then switches to the hand queue.
  await tabTo(faye.page, /^Let Sam in$/);
  await faye.page.keyboard.press('Enter');
  await sam.page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });
  // A radio group is one Tab stop (the chosen mode); the arrow keys choose another.
  await tabTo(faye.page, /^Open floor$/);
  await faye.page.keyboard.press('ArrowDown');
  await faye.page.getByTestId('mode').filter({ hasText: 'Hand queue' }).waitFor();

  // The member: H raises a hand (the free floor comes at once), F finishes, N asks for a moment.
  await sam.page.locator('body').focus();
  await sam.page.getByTestId('mode').filter({ hasText: 'Hand queue' }).waitFor();
  await sam.page.keyboard.press('h');
  await sam.page.getByTestId('self-status').filter({ hasText: 'You have the floor' }).waitFor();
  await sam.page.keyboard.press('f');
  await sam.page.getByTestId('self-status').filter({ hasText: 'You have the floor' }).waitFor({ state: 'detached' });
  await sam.page.keyboard.press('n');
  await faye.page.getByTestId('moment-badge').waitFor();

  // The facilitator acknowledges it and ends the session, confirming in the dialog.
  await tabTo(faye.page, /^Acknowledge$/);
  await faye.page.keyboard.press('Enter');
  await faye.page.getByTestId('moment-badge').waitFor({ state: 'detached' });
  await tabTo(faye.page, /^End session for all$/);
  await faye.page.keyboard.press('Enter');
  // "Cancel" has the focus first, so a stray Enter never ends anything.
  expect(await focusedName(faye.page)).toBe('Cancel');
  await faye.page.keyboard.press('Tab');
  expect(await focusedName(faye.page)).toBe('End session');
  await faye.page.keyboard.press('Enter');

  // Both are told, with the focus on what happened.
  for (const p of [sam.page, faye.page]) {
    await p.getByRole('heading', { name: 'The session has ended. Thank you for being here.' }).waitFor();
    await p.waitForFunction(() => document.activeElement?.id === 'farewell-title');
  }
});

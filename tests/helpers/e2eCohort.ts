import type { Browser, Page } from 'playwright-core';
import { CSRF_HEADER, SIGN_IN_COOKIE, type CircleDefaults, type CohortView, type CreatedInvite } from '@hearth/shared';
import { ADMIN } from './e2e';

/*
 * Setting a cohort up over the HTTP API, so an e2e test spends its browser time on the part
 * it is about (the admin screens have their own tests). Everything goes through the public
 * API of the running server, as a browser would send it.
 */

/** A signed-in API caller: the session cookie and its CSRF token. */
export interface ApiAs {
  cookie: string;
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Signs in over the API (the rate limiter allows a few per test file). */
export async function signInApi(baseUrl: string, email: string, password: string): Promise<ApiAs> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = /hearth_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  if (!cookie) throw new Error('no session cookie');
  return withSession(baseUrl, decodeURIComponent(cookie), csrfToken);
}

function withSession(baseUrl: string, cookie: string, csrf: string): ApiAs {
  return {
    cookie,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${baseUrl}/api${path}`, {
        method,
        headers: { cookie: `${SIGN_IN_COOKIE}=${encodeURIComponent(cookie)}`, [CSRF_HEADER]: csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
  };
}

/** A person in the test cohort: their account and a signed-in browser page. */
export interface CohortPerson {
  name: string;
  email: string;
  api: ApiAs;
  page: Page;
}

/** A cohort whose first session starts in five minutes (its circle is open now). */
export interface OpenCohort {
  cohortId: string;
  sessionId: string;
  nextSessionId: string;
  admin: ApiAs;
  person(display: string, role: 'member' | 'facilitator', viewport?: { width: number; height: number }): Promise<CohortPerson>;
}

const PASSWORD = 'a long enough password';

/**
 * Creates a London cohort (lobby on) with a monthly schedule, moves session 1 to five
 * minutes from now and gives it an agreement; `person` invites and signs up someone and
 * opens a signed-in page for them (agreement accepted).
 */
export async function openCohort(browser: Browser, baseUrl: string, opts: { name: string; crisisResources?: string; circleDefaults?: CircleDefaults }): Promise<OpenCohort> {
  const admin = await signInApi(baseUrl, ADMIN.email, ADMIN.password);
  const cohort = await admin.call<CohortView>('POST', '/cohorts', {
    name: opts.name,
    timeZone: 'Europe/London',
    crisisResources: opts.crisisResources ?? 'Samaritans: 116 123 (UK, free, any time)',
    agreement: 'What is said here stays here.\nEveryone may pass.',
    ...(opts.circleDefaults ? { circleDefaults: opts.circleDefaults } : {}),
  });
  const spec = { timeZone: 'Europe/London', startDate: new Date().toISOString().slice(0, 10), time: '19:00', durationMinutes: 90, rule: { freq: 'monthly', byWeekday: 'TU', bySetPos: 2 }, count: 4 };
  const { sessions } = await admin.call<{ sessions: { id: string }[] }>('PUT', `/cohorts/${cohort.id}/schedule`, { spec, themes: ['Arriving', 'Roots', 'Branches', 'Leaving'] });
  const soon = new Date(Date.now() + 5 * 60_000).toISOString();
  await admin.call('PATCH', `/cohorts/${cohort.id}/sessions/${sessions[0]!.id}`, { startsAt: soon });
  let n = 0;
  return {
    cohortId: cohort.id,
    sessionId: sessions[0]!.id,
    nextSessionId: sessions[1]!.id,
    admin,
    async person(display, role, viewport = { width: 1280, height: 800 }) {
      const email = `${display.toLowerCase()}-${Date.now().toString(36)}-${++n}@example.org`;
      const invite = await admin.call<CreatedInvite>('POST', `/cohorts/${cohort.id}/invites`, { role, email });
      const res = await fetch(`${baseUrl}/api/invites/${invite.token}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ displayName: display, account: { email, name: display, password: PASSWORD } }),
      });
      if (!res.ok) throw new Error(`accept invite: ${res.status} ${await res.text()}`);
      const api = await signInApi(baseUrl, email, PASSWORD);
      const fresh = await api.call<CohortView>('GET', `/cohorts/${cohort.id}`);
      await api.call('POST', `/cohorts/${cohort.id}/agreement/accept`, { version: fresh.agreement.version });
      const context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-GB', viewport });
      await context.addCookies([{ name: SIGN_IN_COOKIE, value: api.cookie, url: baseUrl }]);
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error(`[${display}] page error:`, err.message));
      return { name: display, email, api, page };
    },
  };
}

/** On the session pre-join screen: ticks the affirmation. */
export async function affirmAgreement(page: Page): Promise<void> {
  await page.getByTestId('session-prejoin').waitFor();
  await page.getByLabel("I'll keep to our group agreement in this session").check();
}

/** Opens the circle and joins straight in (facilitators) or knocks (members); returns when in / waiting. */
export async function enterCircle(page: Page, baseUrl: string, sessionId: string, how: 'join' | 'knock'): Promise<void> {
  await page.goto(`${baseUrl}/c/${sessionId}`);
  await affirmAgreement(page);
  if (how === 'join') {
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });
  } else {
    await page.getByRole('button', { name: 'Ask to join' }).click();
    await page.getByTestId('lobby-waiting').waitFor();
  }
}

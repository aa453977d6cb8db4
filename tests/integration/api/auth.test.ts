import { SIGN_IN_COOKIE } from '@hearth/shared';
import { hashToken } from '../../../server/src/accounts/tokens';
import { keys } from '../../../server/src/store/keys';
import {
  ApiClient,
  PASSWORD,
  addMember,
  clientFor,
  createCohort,
  createUser,
  expectError,
  startApi,
  type ApiHarness,
  type StoreKind,
} from '../../helpers/api';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;

describe.each<StoreKind>(['redis', 'embedded'])('accounts and sessions (%s store)', (kind) => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApi(kind, { signInLimits: { perEmailIp: 3, emailIpLockSeconds: 60, perIp: 6, ipWindowSeconds: 60 } });
  });
  afterAll(async () => h?.close());

  test('sign-in sets an httpOnly, SameSite=Lax session cookie whose value is stored only hashed', async () => {
    const user = await createUser(h, 'ada');
    const client = new ApiClient(h.app);
    const res = await client.post('/api/auth/sign-in', { email: user.email.toUpperCase(), password: PASSWORD }, { ip: '10.0.0.1' });
    expect(res.status).toBe(200);
    const line = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith(`${SIGN_IN_COOKIE}=`))!;
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; SameSite=Lax/i);
    expect(line).toMatch(/; Path=\//i);
    expect(line).not.toMatch(/; Secure/i);
    expect(await h.store.get(keys.authSession(client.cookie!))).toBeNull();
    expect(await h.store.get(keys.authSession(hashToken(client.cookie!)))).toMatchObject({ userId: user.id });
    expect(res.body).toMatchObject({ me: { id: user.id, email: user.email }, csrfToken: expect.any(String) });
  });

  test('the password and its hash never appear in a response', async () => {
    const user = await createUser(h, 'secretive', { isAdmin: true });
    const hash = await h.store.get<string>(keys.userPassword(user.id));
    const cohort = await createCohort(h, user);
    await addMember(h, cohort, user, 'facilitator', 'Sec');
    const client = new ApiClient(h.app);
    const bodies = [
      await client.post('/api/auth/sign-in', { email: user.email, password: PASSWORD }, { ip: '10.0.0.2' }),
      await client.get('/api/session'),
      await client.get('/api/home'),
      await client.patch('/api/me', { name: 'Secretive' }),
      await client.get(`/api/cohorts/${cohort.id}`),
      await client.get(`/api/cohorts/${cohort.id}/members`),
    ].map((r) => JSON.stringify(r.body));
    for (const body of bodies) {
      expect(body).not.toContain(PASSWORD);
      expect(body).not.toContain(hash);
      expect(body.toLowerCase()).not.toContain('password');
    }
  });

  test('wrong password and unknown email get the same 401', async () => {
    const user = await createUser(h, 'bob');
    const client = new ApiClient(h.app);
    const wrong = await client.post('/api/auth/sign-in', { email: user.email, password: 'nope-nope-nope' }, { ip: '10.0.0.3' });
    const unknown = await client.post('/api/auth/sign-in', { email: 'nobody@example.test', password: 'nope-nope-nope' }, { ip: '10.0.0.3' });
    expectError(wrong, 401, 'UNAUTHENTICATED');
    expect(unknown.body).toEqual(wrong.body);
    expect(client.cookie).toBeUndefined();
  });

  test('cookie-authenticated writes need the session CSRF token', async () => {
    const client = await clientFor(h, await createUser(h, 'csrf'));
    expectError(await client.post('/api/me/ical-token', undefined, { csrf: false }), 403, 'CSRF');
    const forged = await client.send('patch', '/api/me', { name: 'Mallory' }, { csrf: false });
    expectError(forged, 403, 'CSRF');
    const saved = client.csrf;
    client.csrf = 'x'.repeat(43);
    expectError(await client.patch('/api/me', { name: 'Mallory' }), 403, 'CSRF');
    client.csrf = saved;
    expect((await client.get('/api/session')).body.me.name).toBe('csrf'); // nothing changed
    // The token comes from GET /api/session, and with it the write goes through.
    client.csrf = undefined;
    await client.get('/api/session');
    expect((await client.patch('/api/me', { name: 'Carol' })).status).toBe(200);
  });

  test('sign-out ends the session server-side and clears the cookie', async () => {
    const client = await clientFor(h, await createUser(h, 'leaving'));
    const token = client.cookie!;
    const res = await client.post('/api/auth/sign-out');
    expect(res.status).toBe(204);
    expect(client.cookie).toBeUndefined();
    client.cookie = token; // a copy of the old cookie is useless now, and is cleared
    expectError(await client.get('/api/session'), 401, 'UNAUTHENTICATED');
    expect(client.cookie).toBeUndefined();
    expect(await h.services.authenticateCookieHeader(`${SIGN_IN_COOKIE}=${token}`)).toBeNull();
  });

  test('authenticateCookieHeader resolves the socket handshake cookie', async () => {
    const user = await createUser(h, 'socket');
    const client = await clientFor(h, user);
    const header = `other=1; ${SIGN_IN_COOKIE}=${client.cookie}; theme=dark`;
    expect(await h.services.authenticateCookieHeader(header)).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: false,
      timeZone: null,
    });
    expect(await h.services.authenticateCookieHeader(undefined)).toBeNull();
    expect(await h.services.authenticateCookieHeader(`${SIGN_IN_COOKIE}=garbage`)).toBeNull();
  });

  test('sessions slide: used within 30 days they live on, unused they lapse', async () => {
    const client = await clientFor(h, await createUser(h, 'slider'));
    h.clock.advance(29 * DAY);
    const res = await client.get('/api/session');
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeDefined(); // the cookie's lifetime slides too
    h.clock.advance(29 * DAY);
    expect((await client.get('/api/session')).status).toBe(200);
    h.clock.advance(31 * DAY);
    expectError(await client.get('/api/session'), 401, 'UNAUTHENTICATED');
  });

  test('failed sign-ins for one email from one IP are rate limited, and success resets them', async () => {
    const user = await createUser(h, 'target');
    const client = new ApiClient(h.app);
    const attempt = (password: string, ip = '10.1.0.1') => client.post('/api/auth/sign-in', { email: user.email, password }, { ip });
    for (let i = 0; i < 2; i++) expectError(await attempt('wrong-password'), 401, 'UNAUTHENTICATED');
    expect((await attempt(PASSWORD)).status).toBe(200); // resets the email+IP count
    for (let i = 0; i < 3; i++) expectError(await attempt('wrong-password', '10.1.0.2'), 401, 'UNAUTHENTICATED');
    const limited = await attempt(PASSWORD, '10.1.0.2'); // even the right password waits now
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(PASSWORD, '10.1.0.3')).status).toBe(200); // another IP is not locked out
  });

  test('many attempts from one IP are limited across emails', async () => {
    const client = new ApiClient(h.app);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await client.post('/api/auth/sign-in', { email: `spray${i}@example.test`, password: 'Winter2030!' }, { ip: '10.2.0.1' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });

  test('a parallel burst of guesses is limited too (no check-then-count gap)', async () => {
    const user = await createUser(h, 'burst');
    const client = new ApiClient(h.app);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => client.post('/api/auth/sign-in', { email: user.email, password: 'guess-guess' }, { ip: '10.3.0.1' })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });

  test('successful sign-ins do not use up the IP budget (a group at one venue)', async () => {
    const people = await Promise.all(Array.from({ length: 7 }, (_, i) => createUser(h, `venue${i}`)));
    for (const p of people) {
      const res = await new ApiClient(h.app).post('/api/auth/sign-in', { email: p.email, password: PASSWORD }, { ip: '10.4.0.1' });
      expect(res.status).toBe(200);
    }
  });

  test('PATCH /me sets the time zone used for every time shown', async () => {
    const client = await clientFor(h, await createUser(h, 'tz'));
    const res = await client.patch('/api/me', { timeZone: 'Asia/Tokyo' });
    expect(res.body).toMatchObject({ timeZone: 'Asia/Tokyo' });
    expect((await client.patch('/api/me', { timeZone: null })).body).toMatchObject({ timeZone: null });
    expectError(await client.patch('/api/me', { timeZone: 'Mars/Olympus' }), 400, 'INVALID_PAYLOAD');
  });
});

test('with secureCookies the session cookie is Secure', async () => {
  const h = await startApi('embedded', { secureCookies: true });
  try {
    const user = await createUser(h, 'secure');
    const res = await new ApiClient(h.app).post('/api/auth/sign-in', { email: user.email, password: PASSWORD });
    const line = (res.headers['set-cookie'] as unknown as string[])[0]!;
    expect(line).toMatch(/; Secure/i);
    expect(line).toMatch(/; HttpOnly/i);
  } finally {
    await h.close();
  }
});

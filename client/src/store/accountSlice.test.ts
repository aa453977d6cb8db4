import { CSRF_HEADER } from '@hearth/shared';
import { sessionView } from '../test/apiViews';
import { fakeApi, fakeFetch, fakeServices, type FakeReply } from '../test/fakeServices';
import { createHearthStore } from './createStore';

/** A store whose API answers from `route`, with the real CSRF wiring (token read from the store). */
function storeWith(route: (method: string, url: string, body: unknown) => FakeReply) {
  const f = fakeFetch(route);
  // The token is read from the store at call time, as in the app.
  const api = fakeApi(f.fetch, () => store.getState().account.csrfToken);
  const store = createHearthStore(() => services);
  const services = fakeServices({ api });
  return { store, services, requests: f.requests };
}

const unauthenticated: FakeReply = { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'sign in first' } } };

describe('account slice', () => {
  it('starts unknown, then mirrors GET /api/session', async () => {
    const { store } = storeWith(() => ({ body: sessionView() }));
    expect(store.getState().account.status).toBe('unknown');
    await store.getState().loadSession();
    expect(store.getState().account).toMatchObject({ status: 'signedIn', csrfToken: 'csrf-A', me: { name: 'Ada' } });
  });

  it('is signed out when the session is refused or unreachable', async () => {
    const { store } = storeWith(() => unauthenticated);
    await store.getState().loadSession();
    expect(store.getState().account).toMatchObject({ status: 'signedOut', me: null, csrfToken: null });
    const down = storeWith(() => ({ status: 503 }));
    await down.store.getState().loadSession();
    expect(down.store.getState().account.status).toBe('signedOut');
  });

  it('signs in, and later writes carry the new CSRF token', async () => {
    const { store, requests } = storeWith((method, url) => {
      if (url === '/api/auth/sign-in') return { body: sessionView({ csrfToken: 'csrf-B' }) };
      if (url === '/api/me') return { body: { ...sessionView().me, timeZone: 'Asia/Tokyo' } };
      return { status: 404 };
    });
    const result = await store.getState().signIn('ada@example.org', 'pw');
    expect(result.ok).toBe(true);
    await store.getState().updateMe({ timeZone: 'Asia/Tokyo' });
    expect(requests[1]!.headers[CSRF_HEADER]).toBe('csrf-B');
    expect(store.getState().account.me?.timeZone).toBe('Asia/Tokyo');
  });

  it('explains a wrong password and a rate limit in words', async () => {
    const wrong = storeWith(() => ({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'email or password is incorrect' } } }));
    const r1 = await wrong.store.getState().signIn('a@b.org', 'x');
    expect(r1).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', message: expect.stringMatching(/don't match/) });
    expect(wrong.store.getState().account.status).toBe('unknown');

    const limited = storeWith(() => ({ status: 429, headers: { 'retry-after': '300' }, body: { error: { code: 'RATE_LIMITED', message: 'too many' } } }));
    const r2 = await limited.store.getState().signIn('a@b.org', 'x');
    expect(r2).toMatchObject({ ok: false, code: 'RATE_LIMITED', message: expect.stringMatching(/about 5 minutes/) });
  });

  it('signs out locally at once (even when the server is unreachable), forgetting cohort data', async () => {
    const { store, requests } = storeWith((_m, url) => (url === '/api/session' ? { body: sessionView() } : { status: 503 }));
    await store.getState().loadSession();
    store.setState((s) => ({ cohorts: { ...s.cohorts, details: { c1: {} as never } } }));
    const done = store.getState().signOut();
    expect(store.getState().account.status).toBe('signedOut');
    await done;
    // The request still carried the token of the session it ends.
    expect(requests[1]).toMatchObject({ method: 'POST', url: '/api/auth/sign-out', headers: { [CSRF_HEADER]: 'csrf-A' } });
    expect(store.getState().cohorts.details).toEqual({});
  });

  it('treats UNAUTHENTICATED from any call as an expired session, keeping returnTo', async () => {
    const { store } = storeWith((_m, url) => (url === '/api/session' ? { body: sessionView() } : unauthenticated));
    await store.getState().loadSession();
    store.getState().setReturnTo('/admin');
    const result = await store.getState().updateMe({ name: 'Ada L' });
    expect(result.ok).toBe(false);
    expect(store.getState().account).toMatchObject({ status: 'signedOut', returnTo: '/admin' });
  });

  it('takes the session an invite acceptance started', () => {
    const { store } = storeWith(() => ({ status: 404 }));
    store.getState().sessionStarted(sessionView({ csrfToken: 'csrf-C' }));
    expect(store.getState().account).toMatchObject({ status: 'signedIn', csrfToken: 'csrf-C' });
  });

  it('reconnects the socket whenever the account changes: the server reads the cookie only on connect', async () => {
    const { store, services } = storeWith((_m, url) => (url === '/api/auth/sign-in' ? { body: sessionView() } : { status: 204 }));
    const reauths = () => services.calls.filter(([n]) => n === 'reauthenticate').length;
    await store.getState().loadSession();
    expect(reauths()).toBe(0);
    await store.getState().signIn('ada@example.org', 'pw');
    expect(reauths()).toBe(1);
    await store.getState().signOut();
    expect(reauths()).toBe(2);
    store.getState().sessionStarted(sessionView());
    expect(reauths()).toBe(3);
    store.getState().sessionExpired();
    expect(reauths()).toBe(4);
  });

  it('deleting the account sends the password, then forgets the person here and lands on the goodbye page', async () => {
    const summary = { userId: 'u1', signedOutSessions: 2, cohortsLeft: 1, attendanceAnonymised: 3, invitesScrubbed: 1, hostedCirclesEnded: 0 };
    const { store, services, requests } = storeWith((method, url) => (method === 'DELETE' && url === '/api/me' ? { body: summary } : { body: sessionView() }));
    await store.getState().loadSession();
    store.getState().routeChanged({ name: 'settings' });
    store.setState((s) => ({ cohorts: { ...s.cohorts, details: { c1: {} as never } } }));
    const result = await store.getState().deleteAccount('my password');
    expect(result).toEqual({ ok: true, data: summary });
    expect(requests.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/me', body: { password: 'my password' }, headers: { [CSRF_HEADER]: 'csrf-A' } });
    expect(store.getState().account).toMatchObject({ status: 'signedOut', me: null, csrfToken: null, attendanceRetentionDays: null });
    expect(store.getState().cohorts.details).toEqual({});
    expect(store.getState().ui.route).toEqual({ name: 'account-deleted' });
    const names = services.calls.map(([n]) => n);
    expect(names).toEqual(expect.arrayContaining(['forgetLocalData', 'reauthenticate', 'replacePath']));
  });

  it('a wrong password keeps the account and the session, and says so', async () => {
    const refused: FakeReply = { status: 403, body: { error: { code: 'REAUTH_FAILED', message: 'that password is not right' } } };
    const { store, services } = storeWith((method) => (method === 'DELETE' ? refused : { body: sessionView() }));
    await store.getState().loadSession();
    const result = await store.getState().deleteAccount('wrong');
    expect(result).toMatchObject({ ok: false, code: 'REAUTH_FAILED', message: expect.stringMatching(/has not been deleted/) });
    expect(store.getState().account.status).toBe('signedIn');
    expect(services.calls.some(([n]) => n === 'forgetLocalData')).toBe(false);
  });

  it('fetches my data for the download and knows the retention the server keeps attendance for', async () => {
    const exported = { format: 'hearth-personal-data/1', exportedAt: '2030-01-06T12:00:00.000Z' };
    const { store } = storeWith((_m, url) => (url === '/api/me/export' ? { body: exported } : { body: sessionView({ attendanceRetentionDays: 30 }) }));
    await store.getState().loadSession();
    expect(store.getState().account.attendanceRetentionDays).toBe(30);
    expect(await store.getState().exportMyData()).toEqual({ ok: true, data: exported });
  });
});

import type { CircleAccessView } from '@hearth/shared';
import { sessionAccess, sessionView } from '../test/apiViews';
import { deferred, fakeApi, fakeFetch, fakeServices, storeOnCirclePage, type FakeReply } from '../test/fakeServices';

/** A connected store on `/c/circle1` whose API answers from `route`. */
function storeWith(route: (method: string, url: string, body: unknown) => FakeReply | Promise<FakeReply>) {
  const f = fakeFetch(route);
  const services = fakeServices({ api: fakeApi(f.fetch) });
  const store = storeOnCirclePage(services);
  return { store, services, requests: f.requests };
}

const reply = (view: CircleAccessView): FakeReply => ({ body: view });

describe('access slice: the pre-join check', () => {
  it('asks GET /api/circles/<id> and keeps the answer', async () => {
    const { store, requests } = storeWith(() => reply({ kind: 'open' }));
    const loading = store.getState().loadAccess('circle1');
    expect(store.getState().access).toMatchObject({ circleId: 'circle1', status: 'loading', view: null });
    await loading;
    expect(store.getState().access).toMatchObject({ circleId: 'circle1', status: 'ready', view: { kind: 'open' }, error: null });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/circles/circle1']);
  });

  it('says NOT_FOUND for a cohort circle that is not yours', async () => {
    const { store } = storeWith(() => ({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'This circle isn’t one of yours.' } } }));
    await store.getState().loadAccess('circle1');
    expect(store.getState().access).toMatchObject({ status: 'error', view: null, error: { code: 'NOT_FOUND' } });
  });

  it('treats UNAUTHENTICATED as a session that is gone', async () => {
    const { store, services } = storeWith((_m, url) =>
      url === '/api/session' ? { body: sessionView() } : { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } } },
    );
    await store.getState().loadSession();
    await store.getState().loadAccess('circle1');
    expect(store.getState().access.error?.code).toBe('UNAUTHENTICATED');
    expect(store.getState().account.status).toBe('signedOut');
    // The socket must not go on as the account that is gone.
    expect(services.calls.some(([n]) => n === 'reauthenticate')).toBe(true);
  });

  it('keeps the view through a failed re-check of the same circle', async () => {
    let down = false;
    const { store } = storeWith(() => (down ? { status: 503 } : reply(sessionAccess())));
    await store.getState().loadAccess('circle1');
    down = true;
    await store.getState().loadAccess('circle1');
    expect(store.getState().access).toMatchObject({ status: 'error', view: { kind: 'session' }, error: { code: 'UNAVAILABLE' } });
  });

  it('drops a late answer for a circle the person already left', async () => {
    const slow = deferred<FakeReply>();
    const { store } = storeWith((_m, url) => (url === '/api/circles/circle1' ? slow.promise : reply({ kind: 'open' })));
    const first = store.getState().loadAccess('circle1');
    await store.getState().loadAccess('other');
    slow.resolve(reply(sessionAccess()));
    await first;
    expect(store.getState().access).toMatchObject({ circleId: 'other', view: { kind: 'open' } });
  });

  it('a new circle starts with the affirmation unticked', async () => {
    const { store } = storeWith(() => reply(sessionAccess()));
    await store.getState().loadAccess('circle1');
    store.getState().setAffirmed(true);
    await store.getState().loadAccess('circle1');
    expect(store.getState().access.affirmed).toBe(true);
    await store.getState().loadAccess('circle2');
    expect(store.getState().access.affirmed).toBe(false);
  });

  it('accepting the agreement posts this version, then checks the circle again', async () => {
    let accepted = false;
    const { store, requests } = storeWith((method, url) => {
      if (url === '/api/cohorts/c1/agreement/accept') {
        accepted = true;
        return { body: { acceptedAgreementVersion: 2, acceptedAt: 'now' } };
      }
      return reply(sessionAccess({ agreement: { ...sessionAccess().agreement, accepted } }));
    });
    await store.getState().loadAccess('circle1');
    const result = await store.getState().acceptCircleAgreement();
    expect(result).toEqual({ ok: true, data: 2 });
    const post = requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({ url: '/api/cohorts/c1/agreement/accept', body: { version: 2 } });
    expect(store.getState().access).toMatchObject({ accepting: false, view: { agreement: { accepted: true } } });
    expect(requests.filter((r) => r.url === '/api/circles/circle1')).toHaveLength(2);
  });

  it('leaving the circle page forgets the check', async () => {
    const { store } = storeWith(() => reply(sessionAccess()));
    await store.getState().loadAccess('circle1');
    store.getState().routeChanged({ name: 'home' });
    expect(store.getState().access).toMatchObject({ circleId: null, status: 'idle', view: null });
  });
});

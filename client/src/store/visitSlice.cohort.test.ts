import type { CircleAccessView } from '@hearth/shared';
import { RequestError } from '../net/request';
import { sessionAccess, sessionView } from '../test/apiViews';
import { callNames, fakeApi, fakeFetch, fakeServices, joinedCircle, storeOnCirclePage } from '../test/fakeServices';
import type { HearthServices } from './types';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('visit slice: a cohort session\'s circle', () => {
  /** A connected store on `/c/circle1` whose access check says `view`. */
  async function sessionCircle(overrides: Partial<HearthServices> = {}, view: CircleAccessView = sessionAccess({ lobby: false }), affirmed = true) {
    const f = fakeFetch((_m, url) => (url === '/api/session' ? { body: sessionView() } : { body: view }));
    const services = fakeServices({ api: fakeApi(f.fetch), ...overrides });
    const store = storeOnCirclePage(services);
    await store.getState().loadSession();
    await store.getState().loadAccess('circle1');
    store.getState().setAffirmed(affirmed);
    services.calls.length = 0;
    return { store, services, requests: f.requests };
  }

  it('joins as the cohort knows the person, with the affirmation, and keeps the typed name for open circles', async () => {
    const { store, services } = await sessionCircle();
    await store.getState().join('whatever was typed');
    expect(services.calls.find(([n]) => n === 'joinCircle')).toEqual(['joinCircle', 'circle1', 'Sam', null, { affirmAgreement: true }]);
    expect(callNames(services)).not.toContain('saveDisplayName');
    expect(store.getState().circle).toMatchObject({ phase: 'joined', displayName: 'Sam' });
  });

  it('needs the agreement accepted and affirmed before it asks the server', async () => {
    const unaffirmed = await sessionCircle({}, sessionAccess({ lobby: false }), false);
    await unaffirmed.store.getState().join('');
    expect(callNames(unaffirmed.services)).not.toContain('joinCircle');
    expect(unaffirmed.store.getState().ui.errors[0]?.code).toBe('AGREEMENT_REQUIRED');

    const unaccepted = await sessionCircle({}, sessionAccess({ lobby: false, agreement: { ...sessionAccess().agreement, accepted: false } }));
    await unaccepted.store.getState().join('');
    expect(callNames(unaccepted.services)).not.toContain('joinCircle');
  });

  it('rejoins after a dropped connection with the token and the affirmation', async () => {
    const { store, services } = await sessionCircle();
    await store.getState().join('');
    store.getState().onDisconnected();
    services.calls.length = 0;
    store.getState().onConnected();
    await flush();
    expect(services.calls.find(([n]) => n === 'joinCircle')).toEqual(['joinCircle', 'circle1', 'Sam', 'token-of-me-0123456789', { affirmAgreement: true }]);
    expect(store.getState().circle.phase).toBe('joined');
  });

  it('shows a closed circle in the person\'s own zone, and checks the circle again', async () => {
    const { store, requests } = await sessionCircle({
      joinCircle: async () => {
        throw new RequestError('CIRCLE_CLOSED', 'This circle opens at 2026-02-10T18:50:00.000Z.');
      },
    });
    await store.getState().join('');
    const [error] = store.getState().ui.errors;
    expect(error?.code).toBe('CIRCLE_CLOSED');
    // Ada's zone is New York: 13:50 there (the exact format follows the platform's locale).
    expect(error?.message).toMatch(/^This circle opens at .*1:50.*(EST|GMT-5)/);
    expect(error?.message).not.toContain('2026-02-10T');
    await flush();
    expect(requests.filter((r) => r.url === '/api/circles/circle1')).toHaveLength(2);
  });

  it('waits in the lobby again when the server cannot take a member straight back', async () => {
    let joins = 0;
    const { store, services } = await sessionCircle(
      {
        joinCircle: async () => {
          if (++joins === 1) return joinedCircle();
          throw new RequestError('LOBBY_REQUIRED', 'Please wait in the lobby until a facilitator lets you in.');
        },
      },
      sessionAccess({ lobby: true }),
    );
    await store.getState().join('');
    store.getState().onDisconnected();
    store.getState().onConnected();
    await flush();
    await flush();
    expect(callNames(services)).toContain('knockCircle');
    expect(store.getState().lobby.knock.status).toBe('waiting');
    expect(store.getState().ui.errors).toEqual([]);
  });
});

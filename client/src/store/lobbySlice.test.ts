import type { CircleAccessView, LobbyEntry } from '@hearth/shared';
import { RequestError } from '../net/request';
import { sessionAccess } from '../test/apiViews';
import { callNames, deferred, fakeApi, fakeFetch, fakeServices, joinedCircle, storeOnCirclePage, type FakeRequests, type FakeServices } from '../test/fakeServices';
import type { HearthServices } from './types';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const TICKET = 'ticket-0123456789abcdef';
const entry = (entryId: string, displayName: string, since = '2026-02-10T19:00:00.000Z'): LobbyEntry => ({ entryId, displayName, since, removed: false, participantId: null });

/** A connected store on `/c/circle1`, a session circle per `view`, checked and (by default) affirmed. */
async function sessionStore(overrides: Partial<HearthServices> & FakeRequests = {}, view: CircleAccessView = sessionAccess(), affirmed = true) {
  const f = fakeFetch(() => ({ body: view }));
  const services = fakeServices({ api: fakeApi(f.fetch), ...overrides });
  const store = storeOnCirclePage(services);
  await store.getState().loadAccess('circle1');
  store.getState().setAffirmed(affirmed);
  services.calls.length = 0;
  return { store, services, requests: f.requests };
}

const joinCall = (services: FakeServices) => services.calls.find(([n]) => n === 'joinCircle');

describe('lobby slice: waiting to be let in', () => {
  it('knocks, waits, and joins with the ticket when admitted', async () => {
    const { store, services } = await sessionStore();
    await store.getState().knock();
    expect(services.calls).toContainEqual(['knockCircle', { circleId: 'circle1' }]);
    expect(store.getState().lobby.knock).toEqual({ status: 'waiting', circleId: 'circle1', entryId: 'entry-1' });

    store.getState().onAdmitted('circle1', TICKET);
    expect(store.getState().lobby.knock.status).toBe('admitted');
    await flush();
    // The cohort's name, the affirmation, and the single-use ticket.
    expect(joinCall(services)).toEqual(['joinCircle', 'circle1', 'Sam', null, { affirmAgreement: true, admissionTicket: TICKET }]);
    expect(store.getState().circle.phase).toBe('joined');
    expect(store.getState().lobby.knock.status).toBe('idle');
  });

  it('does not knock before the agreement is affirmed for this session', async () => {
    const { store, services } = await sessionStore({}, sessionAccess(), false);
    await store.getState().knock();
    expect(callNames(services)).not.toContain('knockCircle');
    expect(store.getState().lobby.knock.status).toBe('idle');
  });

  it('shows a refusal and checks the circle again', async () => {
    const { store, requests } = await sessionStore({
      knockCircle: async () => {
        throw new RequestError('CIRCLE_CLOSED', 'This circle is not open now.');
      },
    });
    await store.getState().knock();
    expect(store.getState().lobby.knock.status).toBe('idle');
    expect(store.getState().ui.errors).toEqual([expect.objectContaining({ code: 'CIRCLE_CLOSED', message: 'This circle is not open now.' })]);
    await flush();
    expect(requests.filter((r) => r.url === '/api/circles/circle1')).toHaveLength(2);
  });

  it('"Stop waiting" cancels, and a late knock ack cannot bring the wait back', async () => {
    const ack = deferred<{ entryId: string }>();
    const { store, services } = await sessionStore({ knockCircle: () => ack.promise });
    const knocking = store.getState().knock();
    expect(store.getState().lobby.knock.status).toBe('knocking');
    await store.getState().stopWaiting();
    ack.resolve({ entryId: 'late' });
    await knocking;
    expect(store.getState().lobby.knock.status).toBe('idle');
    expect(callNames(services)).toContain('cancelKnock');
  });

  it('ignores an admission for another circle, or when not waiting', async () => {
    const { store, services } = await sessionStore();
    store.getState().onAdmitted('circle1', TICKET);
    await store.getState().knock();
    store.getState().onAdmitted('elsewhere', TICKET);
    await flush();
    expect(callNames(services)).not.toContain('joinCircle');
    expect(store.getState().lobby.knock.status).toBe('waiting');
  });

  it('knocks again after the connection comes back (the server forgot the wait with the socket)', async () => {
    const { store, services } = await sessionStore();
    await store.getState().knock();
    store.getState().onDisconnected();
    services.calls.length = 0;
    store.getState().onConnected();
    await flush();
    expect(callNames(services)).toEqual(['knockCircle']);
    expect(store.getState().lobby.knock.status).toBe('waiting');
  });

  it('leaving the page stops waiting', async () => {
    const { store, services } = await sessionStore();
    await store.getState().knock();
    store.getState().routeChanged({ name: 'home' });
    await flush();
    expect(callNames(services)).toContain('cancelKnock');
    expect(store.getState().lobby.knock.status).toBe('idle');
  });

  it('an admitted join that fails shows why and returns to the pre-join screen', async () => {
    const { store } = await sessionStore({
      joinCircle: async () => {
        throw new RequestError('ROOM_FULL', 'This circle is full (12 members).');
      },
    });
    await store.getState().knock();
    store.getState().onAdmitted('circle1', TICKET);
    await flush();
    expect(store.getState().circle.phase).toBe('idle');
    expect(store.getState().lobby.knock.status).toBe('idle');
    expect(store.getState().ui.errors).toEqual([expect.objectContaining({ code: 'ROOM_FULL' })]);
  });
});

describe('lobby slice: how a wait stands', () => {
  const status = (over: object = {}) => ({ circleId: 'circle1', ended: false, locked: false, facilitatorPresent: true, removed: false, ...over });

  it('keeps what the server says about the wait, and says when a facilitator arrives', async () => {
    const { store } = await sessionStore();
    await store.getState().knock();
    store.getState().onLobbyStatus(status({ facilitatorPresent: false }));
    expect(store.getState().lobby.status).toMatchObject({ facilitatorPresent: false });
    store.getState().onLobbyStatus(status());
    expect(store.getState().ui.announcement).toBe('A facilitator is here now and can see that you are waiting.');
    // Not for another circle, nor when not waiting.
    store.getState().onLobbyStatus(status({ circleId: 'other', removed: true }));
    expect(store.getState().lobby.status?.removed).toBe(false);
  });

  it('an ended session stops the wait and checks the circle again (which then says so)', async () => {
    const { store, requests } = await sessionStore();
    await store.getState().knock();
    store.getState().onLobbyStatus(status({ ended: true }));
    expect(store.getState().lobby.knock.status).toBe('idle');
    expect(store.getState().ui.announcement).toBe('This session has ended. Nobody will be let in now.');
    await flush();
    expect(requests.filter((r) => r.url === '/api/circles/circle1')).toHaveLength(2);
    // A late admission for the ended wait joins nothing.
    store.getState().onAdmitted('circle1', TICKET);
    await flush();
    expect(store.getState().circle.phase).toBe('idle');
  });
});

describe('lobby slice: facilitators letting people in', () => {
  async function facilitatorInCircle(overrides: Partial<HearthServices> & FakeRequests = {}) {
    const ctx = await sessionStore(overrides, sessionAccess({ role: 'facilitator', lobby: false }));
    await ctx.store.getState().join('');
    ctx.services.calls.length = 0;
    return ctx;
  }

  it('keeps who waits, oldest first, and announces new arrivals', async () => {
    const { store } = await facilitatorInCircle();
    store.getState().onLobbyChanged('circle1', [entry('e2', 'Bo', '2026-02-10T19:05:00.000Z'), entry('e1', 'Sam')]);
    expect(store.getState().lobby.waiting.map((e) => e.entryId)).toEqual(['e1', 'e2']);
    expect(store.getState().ui.announcement).toBe('Sam and Bo are waiting to be let in.');
    store.getState().onLobbyChanged('circle1', [entry('e1', 'Sam'), entry('e3', 'Ida', '2026-02-10T19:06:00.000Z')]);
    expect(store.getState().ui.announcement).toBe('Ida is waiting to be let in.');
  });

  it('ignores lobby news for another circle or outside a circle', async () => {
    const { store } = await facilitatorInCircle();
    store.getState().onLobbyChanged('other', [entry('e1', 'Sam')]);
    expect(store.getState().lobby.waiting).toEqual([]);
    await store.getState().leave();
    store.getState().onLobbyChanged('circle1', [entry('e1', 'Sam')]);
    expect(store.getState().lobby.waiting).toEqual([]);
  });

  it('accepts the list sent while the join ack is still on its way', async () => {
    const ack = deferred<ReturnType<typeof joinedCircle>>();
    const { store } = await sessionStore({ joinCircle: () => ack.promise }, sessionAccess({ role: 'facilitator' }));
    const joining = store.getState().join('');
    store.getState().onLobbyChanged('circle1', [entry('e1', 'Sam')]);
    ack.resolve(joinedCircle());
    await joining;
    expect(store.getState().lobby.waiting).toHaveLength(1);
  });

  it('lets someone removed earlier back in: readmit first, then the admission', async () => {
    const { store, services } = await facilitatorInCircle();
    const removed = { ...entry('e1', 'Sam'), removed: true, participantId: 'u-sam' };
    store.getState().onLobbyChanged('circle1', [removed]);
    expect(await store.getState().readmitAndAdmit(removed)).toBe(true);
    expect(services.calls.map(([n, a]) => [n, n === 'circleCommand' ? (a as { command: { type: string } }).command.type : a])).toEqual([
      ['circleCommand', 'readmit'],
      ['admitFromLobby', { entryId: 'e1' }],
    ]);
  });

  it('lets one person in, then everyone', async () => {
    const { store, services } = await facilitatorInCircle();
    store.getState().onLobbyChanged('circle1', [entry('e1', 'Sam'), entry('e2', 'Bo')]);
    expect(await store.getState().admit({ entryId: 'e1' })).toBe(true);
    expect(store.getState().lobby.waiting.map((e) => e.entryId)).toEqual(['e2']);
    expect(await store.getState().admit({ all: true })).toBe(true);
    expect(store.getState().lobby.waiting).toEqual([]);
    expect(services.calls).toEqual([
      ['admitFromLobby', { entryId: 'e1' }],
      ['admitFromLobby', { all: true }],
    ]);
    expect(store.getState().lobby.admitting).toEqual([]);
  });

  it('sends one admission per person at a time, and shows a refusal', async () => {
    const answer = deferred<{ admitted: number }>();
    const { store, services } = await facilitatorInCircle({ admitFromLobby: () => answer.promise });
    store.getState().onLobbyChanged('circle1', [entry('e1', 'Sam')]);
    const first = store.getState().admit({ entryId: 'e1' });
    expect(store.getState().lobby.admitting).toEqual(['e1']);
    expect(await store.getState().admit({ entryId: 'e1' })).toBe(false);
    answer.reject(new RequestError('NOT_FOUND', 'That person is no longer waiting.'));
    expect(await first).toBe(false);
    expect(callNames(services)).toEqual(['admitFromLobby']);
    expect(store.getState().ui.errors[0]).toMatchObject({ code: 'NOT_FOUND', message: 'That person is no longer waiting.' });
    expect(store.getState().lobby.admitting).toEqual([]);
  });

  it('forgets the list when the visit ends, but keeps it through a reconnect', async () => {
    const { store } = await facilitatorInCircle();
    store.getState().onLobbyChanged('circle1', [entry('e1', 'Sam')]);
    store.getState().onDisconnected();
    expect(store.getState().lobby.waiting).toHaveLength(1);
    store.getState().onConnected();
    await flush();
    await store.getState().leave();
    expect(store.getState().lobby).toMatchObject({ waiting: [], waitingCircleId: null });
  });
});

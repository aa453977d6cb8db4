import type { CircleAccessView } from '@hearth/shared';
import { hostedAccessOf, hostedAction, hostedShareLink } from '../lib/circleAccess';
import { callNames, fakeApi, fakeFetch, fakeServices, type FakeReply } from '../test/fakeServices';
import { createHearthStore } from './createStore';
import type { HearthServices } from './types';

const KEY = 'key-abcdefghijklmnop';
const TICKET = 'ticket-0123456789abcdef';
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const guestView: CircleAccessView = { kind: 'hosted', name: 'Thursday circle', role: 'member', lobby: true, ended: false, locked: false };
const creatorView: CircleAccessView = { kind: 'hosted', name: 'Thursday circle', role: 'facilitator', lobby: true, ended: false, locked: false };

/** A connected store whose API answers from `route`, on `path` (a circle page with `?k=` by default). */
function hostedStore(
  route: (method: string, url: string, body: unknown) => FakeReply | Promise<FakeReply>,
  path = `/c/circle1?k=${KEY}`,
  overrides: Partial<HearthServices> = {},
) {
  const f = fakeFetch(route);
  const services = fakeServices({ api: fakeApi(f.fetch), ...overrides });
  const store = createHearthStore(() => services);
  store.getState().navigate(path, { replace: true });
  store.getState().connectionChanged('connected');
  services.calls.length = 0;
  return { store, services, requests: f.requests };
}

describe('hosted circles: pure helpers', () => {
  it('tells the creator from a guest', () => {
    expect(hostedAction({ kind: 'hosted', name: 'x', role: 'member', lobby: true, ended: false, locked: false })).toBe('knock');
    expect(hostedAction({ kind: 'hosted', name: 'x', role: 'facilitator', lobby: true, ended: false, locked: false })).toBe('join');
    expect(hostedAction({ kind: 'hosted', name: 'x', role: 'member', lobby: false, ended: false, locked: false })).toBe('join');
    expect(hostedAccessOf({ circleId: 'c1', view: guestView }, 'c1')).toEqual(guestView);
    expect(hostedAccessOf({ circleId: 'c1', view: guestView }, 'c2')).toBeNull();
    expect(hostedAccessOf({ circleId: 'c1', view: { kind: 'open' } }, 'c1')).toBeNull();
  });

  it('shares the link made here, else the one in the address bar', () => {
    const origin = 'https://h.example';
    expect(hostedShareLink({ circleId: null, url: null }, 'c1', KEY, origin)).toBe(`https://h.example/c/c1?k=${KEY}`);
    expect(hostedShareLink({ circleId: 'c1', url: 'https://h.example/c/c1?k=newkey123' }, 'c1', KEY, origin)).toBe('https://h.example/c/c1?k=newkey123');
    // Revoked here: nothing to share, even though the address bar still has the old key.
    expect(hostedShareLink({ circleId: 'c1', url: null }, 'c1', KEY, origin)).toBeNull();
    expect(hostedShareLink({ circleId: 'other', url: 'x' }, 'c1', null, origin)).toBeNull();
  });
});

describe('hosted slice: starting a circle and its link', () => {
  it('ends the circle from its pre-join page: the record goes and the page with it', async () => {
    const { store, requests } = hostedStore((m) => (m === 'DELETE' ? { status: 204 } : { status: 404 }));
    const result = await store.getState().endHostedCircle('circle1');
    expect(result.ok).toBe(true);
    expect(requests.map((r) => [r.method, r.url])).toEqual([['DELETE', '/api/circles/circle1']]);
    expect(store.getState().ui.route).toEqual({ name: 'welcome' });
    expect(store.getState().ui.announcement).toMatch(/Circle ended/);
  });

  it('someone else cannot end it, and is told so', async () => {
    const { store } = hostedStore(() => ({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'No such circle of yours.' } } }));
    const result = await store.getState().endHostedCircle('circle1');
    expect(result).toMatchObject({ ok: false, message: 'Only the person who started this circle can end it.' });
    expect(store.getState().ui.route).toMatchObject({ name: 'circle', circleId: 'circle1' });
  });

  it('creates the circle and goes to its page with the key', async () => {
    const { store, services, requests } = hostedStore(
      () => ({ status: 201, body: { circleId: 'h-abc', name: 'Thursday circle', url: `https://h.example/c/h-abc?k=${KEY}` } }),
      '/',
    );
    const result = await store.getState().startHostedCircle('  Thursday circle ');
    expect(result.ok).toBe(true);
    expect(requests.map((r) => [r.method, r.url, r.body])).toEqual([['POST', '/api/circles', { name: 'Thursday circle' }]]);
    expect(services.calls).toContainEqual(['pushPath', `/c/h-abc?k=${KEY}`]);
    expect(store.getState().ui.route).toEqual({ name: 'circle', circleId: 'h-abc', linkKey: KEY });
    expect(store.getState().hosted).toMatchObject({ circleId: 'h-abc', url: `https://h.example/c/h-abc?k=${KEY}`, busy: null });
  });

  it('asks for a name before calling the server', async () => {
    const { store, requests } = hostedStore(() => ({ status: 500 }), '/');
    expect(await store.getState().startHostedCircle('   ')).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(requests).toHaveLength(0);
  });

  it('replaces the link and keeps the address bar on the new key', async () => {
    const { store, services, requests } = hostedStore(() => ({ body: { circleId: 'circle1', name: 'Thursday circle', url: 'https://h.example/c/circle1?k=fresh-key-0123' } }));
    const result = await store.getState().replaceHostedLink('circle1');
    expect(result.ok).toBe(true);
    expect(requests.map((r) => [r.method, r.url, r.body])).toEqual([['POST', '/api/circles/circle1/link', {}]]);
    expect(services.calls).toContainEqual(['replacePath', '/c/circle1?k=fresh-key-0123']);
    expect(store.getState().ui.route).toEqual({ name: 'circle', circleId: 'circle1', linkKey: 'fresh-key-0123' });
    expect(store.getState().ui.announcement).toMatch(/old link no longer works/);
  });

  it('revokes the link', async () => {
    const { store, services, requests } = hostedStore(() => ({ body: { circleId: 'circle1', name: 'Thursday circle', url: null } }));
    await store.getState().revokeHostedLink('circle1');
    expect(requests[0]?.body).toEqual({ revoke: true });
    expect(store.getState().hosted).toMatchObject({ circleId: 'circle1', url: null });
    expect(services.calls).toContainEqual(['replacePath', '/c/circle1']);
    expect(store.getState().ui.announcement).toMatch(/Link revoked/);
  });

  it("says so when someone else's circle's link cannot be changed", async () => {
    const { store } = hostedStore(() => ({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Not found.' } } }));
    expect(await store.getState().replaceHostedLink('circle1')).toMatchObject({ ok: false, message: expect.stringMatching(/Only the person who started/) });
    expect(store.getState().hosted.busy).toBeNull();
  });
});

describe('hosted circles: guests with the link', () => {
  it('checks access with the key, knocks with name and key, and joins with key and ticket', async () => {
    const { store, services, requests } = hostedStore(() => ({ body: guestView }));
    await store.getState().loadAccess('circle1');
    expect(requests.map((r) => r.url)).toEqual([`/api/circles/circle1?k=${KEY}`]);
    await store.getState().knock('  Sam ');
    expect(services.calls).toContainEqual(['knockCircle', { circleId: 'circle1', displayName: 'Sam', linkKey: KEY }]);
    expect(store.getState().lobby.knock.status).toBe('waiting');

    store.getState().onAdmitted('circle1', TICKET);
    await flush();
    expect(services.calls.find(([n]) => n === 'joinCircle')).toEqual(['joinCircle', 'circle1', 'Sam', null, { linkKey: KEY, admissionTicket: TICKET }]);
  });

  it('does not knock without a name', async () => {
    const { store, services } = hostedStore(() => ({ body: guestView }));
    await store.getState().loadAccess('circle1');
    await store.getState().knock('   ');
    expect(callNames(services)).not.toContain('knockCircle');
    expect(store.getState().ui.errors[0]?.code).toBe('INVALID_PAYLOAD');
  });

  it('knocks again with the same name and key after the connection came back', async () => {
    const { store, services } = hostedStore(() => ({ body: guestView }));
    await store.getState().loadAccess('circle1');
    await store.getState().knock('Sam');
    services.calls.length = 0;
    store.getState().lobbyReconnected();
    await flush();
    expect(services.calls).toContainEqual(['knockCircle', { circleId: 'circle1', displayName: 'Sam', linkKey: KEY }]);
  });

  it('rejoins with the rejoin token and the key', async () => {
    const { store, services } = hostedStore(() => ({ body: guestView }));
    await store.getState().loadAccess('circle1');
    await store.getState().join('Sam', { admissionTicket: TICKET });
    store.getState().onDisconnected();
    services.calls.length = 0;
    store.getState().onConnected();
    await flush();
    expect(services.calls.find(([n]) => n === 'joinCircle')).toEqual(['joinCircle', 'circle1', 'Sam', 'token-of-me-0123456789', { linkKey: KEY }]);
  });

  it('lets the creator join without a key or a knock', async () => {
    const { store, services } = hostedStore(() => ({ body: creatorView }), '/c/circle1');
    await store.getState().loadAccess('circle1');
    await store.getState().knock('Ada');
    expect(callNames(services)).not.toContain('knockCircle');
    await store.getState().join('Ada');
    expect(services.calls.find(([n]) => n === 'joinCircle')).toEqual(['joinCircle', 'circle1', 'Ada', null]);
  });
});

import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION, type HostedCircleLink } from '@hearth/shared';
import type { UserRecord } from '../../server/src/accounts/types';
import { nextEvent, request, requestOk, startTestServer, type TestServer, type TestSocket } from '../helpers/server';
import { PASSWORD, uniqueEmail } from '../helpers/api';
import { CircleAccess } from '../../server/src/services/circleAccess';

jest.setTimeout(30_000);

let server: TestServer;
let host: UserRecord;
let hostCookie: string;
let csrf: string;
const sockets: TestSocket[] = [];

async function socket(cookie?: string): Promise<TestSocket> {
  const s: TestSocket = connect(server.url, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  sockets.push(s);
  return s;
}

async function api(method: string, path: string, body?: unknown, cookie = hostCookie, csrfToken = csrf): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

beforeAll(async () => {
  // Open circles off: only cohort and hosted circles exist, as in production.
  server = await startTestServer({ OPEN_CIRCLES: 'false' });
  host = await server.hearth.api.users.create({ email: uniqueEmail('host'), name: 'Host', password: PASSWORD });
  const { token, session } = await server.hearth.api.signIns.create(host.id);
  hostCookie = `hearth_session=${token}`;
  csrf = session.csrfToken;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

it('a signed-in person starts a circle; guests with the link knock and are let in; the link can be revoked', async () => {
  expect((await api('POST', '/circles', { name: 'Tuesday group' }, '')).status).toBe(401);
  const created = await api('POST', '/circles', { name: 'Tuesday group' });
  expect(created.status).toBe(201);
  const { circleId, url } = created.body as HostedCircleLink;
  const key = new URL(url!).searchParams.get('k')!;

  // The creator facilitates, without a lobby.
  const hostSocket = await socket(hostCookie);
  const joinedHost = await requestOk(hostSocket, 'joinCircle', { circleId, displayName: 'Host' });
  expect(joinedHost.circle.you?.role).toBe('facilitator');
  expect(joinedHost.peerId).toBe(host.id);

  // Without the key nothing is found; with it, a guest must knock first.
  const guest = await socket();
  const noKey = await request(guest, 'joinCircle', { circleId, displayName: 'Guest' });
  expect(noKey.ok || noKey.error.code).toBe('NOT_FOUND');
  const direct = await request(guest, 'joinCircle', { circleId, displayName: 'Guest', linkKey: key });
  expect(direct.ok || direct.error.code).toBe('LOBBY_REQUIRED');
  const seen = nextEvent(hostSocket, 'lobbyChanged');
  const { entryId } = await requestOk(guest, 'knockCircle', { circleId, displayName: 'Guest', linkKey: key });
  expect((await seen).waiting).toEqual([{ entryId, displayName: 'Guest', since: expect.any(String), removed: false, participantId: null }]);
  const admitted = nextEvent(guest, 'admitted');
  await requestOk(hostSocket, 'admitFromLobby', { all: true });
  const { ticket } = await admitted;
  const joinedGuest = await requestOk(guest, 'joinCircle', { circleId, displayName: 'Guest', linkKey: key, admissionTicket: ticket });
  expect(joinedGuest.circle.you?.role).toBe('member');

  // Revoked: the old link stops working for newcomers.
  const revoked = await api('POST', `/circles/${circleId}/link`, { revoke: true });
  expect(revoked.body).toMatchObject({ circleId, url: null });
  const late = await socket();
  const refused = await request(late, 'knockCircle', { circleId, displayName: 'Late', linkKey: key });
  expect(refused.ok || refused.error.code).toBe('NOT_FOUND');
  expect(((await api('GET', `/circles/${circleId}?k=${key}`, undefined, '')).status)).toBe(404);
  // A new link works again.
  const renewed = (await api('POST', `/circles/${circleId}/link`, {})).body as HostedCircleLink;
  const newKey = new URL(renewed.url!).searchParams.get('k')!;
  expect((await api('GET', `/circles/${circleId}?k=${newKey}`, undefined, '')).body).toEqual({ kind: 'hosted', name: 'Tuesday group', role: 'member', lobby: true, ended: false, locked: false });
  // Only the creator may change the link.
  const other = await server.hearth.api.users.create({ email: uniqueEmail('other'), name: 'Other', password: PASSWORD });
  const otherSession = await server.hearth.api.signIns.create(other.id);
  const res = await fetch(`${server.url}/api/circles/${circleId}/link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `hearth_session=${otherSession.token}`, 'x-csrf-token': otherSession.session.csrfToken },
    body: '{}',
  });
  expect(res.status).toBe(404);
});

it('with open circles off, an unknown circle id is not found', async () => {
  const s = await socket();
  const ack = await request(s, 'joinCircle', { circleId: 'made-up', displayName: 'X' });
  expect(ack.ok || ack.error.code).toBe('NOT_FOUND');
});

it('a co-facilitator promoted in the circle sees who waits in the lobby at once', async () => {
  const { circleId, url } = (await api('POST', '/circles', { name: 'Promotions' })).body as HostedCircleLink;
  const key = new URL(url!).searchParams.get('k')!;
  const hostSocket = await socket(hostCookie);
  await requestOk(hostSocket, 'joinCircle', { circleId, displayName: 'Host' });
  const guest = await socket();
  await requestOk(guest, 'knockCircle', { circleId, displayName: 'Guest', linkKey: key });
  const admitted = nextEvent(guest, 'admitted');
  await requestOk(hostSocket, 'admitFromLobby', { all: true });
  const joined = await requestOk(guest, 'joinCircle', { circleId, displayName: 'Guest', linkKey: key, admissionTicket: (await admitted).ticket });
  const waiter = await socket();
  await requestOk(waiter, 'knockCircle', { circleId, displayName: 'Waiter', linkKey: key });
  const seen = nextEvent(guest, 'lobbyChanged');
  await requestOk(hostSocket, 'circleCommand', { command: { type: 'promote', target: joined.peerId } });
  expect((await seen).waiting.map((w) => w.displayName)).toEqual(['Waiter']);
});

it('a hosted circle keeps its creator’s settings for next time; its lobby refuses knocks once it has ended', async () => {
  const { circleId, url } = (await api('POST', '/circles', { name: 'Monthly group' })).body as HostedCircleLink;
  const key = new URL(url!).searchParams.get('k')!;
  // Only its creator may save them (anyone else: not found, as for any circle not theirs).
  const other = await server.hearth.api.users.create({ email: uniqueEmail('other2'), name: 'Other', password: PASSWORD });
  const otherSession = await server.hearth.api.signIns.create(other.id);
  const refused = await fetch(`${server.url}/api/circles/${circleId}/defaults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie: `hearth_session=${otherSession.token}`, 'x-csrf-token': otherSession.session.csrfToken },
    body: JSON.stringify({ rules: { mode: 'queue' } }),
  });
  expect(refused.status).toBe(404);
  expect((await api('PUT', `/circles/${circleId}/defaults`, { rules: { mode: 'directed', turnLimitMs: 60_000 } })).status).toBe(200);

  const hostSocket = await socket(hostCookie);
  const joined = await requestOk(hostSocket, 'joinCircle', { circleId, displayName: 'Host' });
  expect(joined.circle.rules).toMatchObject({ mode: 'directed', turnLimitMs: 60_000 });

  await requestOk(hostSocket, 'circleCommand', { command: { type: 'endSession' } });
  const view = await api('GET', `/circles/${circleId}?k=${key}`, undefined, '');
  expect(view.body).toMatchObject({ kind: 'hosted', ended: true });
  const guest = await socket();
  const knock = await request(guest, 'knockCircle', { circleId, displayName: 'Late', linkKey: key });
  expect(knock.ok ? 'ok' : knock.error).toEqual({ code: 'CIRCLE_CLOSED', message: 'This session has ended.' });
});

it('its creator ends a hosted circle: the record goes, and its id never turns into an open circle', async () => {
  const { circleId, url } = (await api('POST', '/circles', { name: 'One evening' })).body as HostedCircleLink;
  const key = new URL(url!).searchParams.get('k')!;
  const other = await server.hearth.api.users.create({ email: uniqueEmail('stranger'), name: 'Stranger', password: PASSWORD });
  const otherSession = await server.hearth.api.signIns.create(other.id);
  const asStranger = await api('DELETE', `/circles/${circleId}`, undefined, `hearth_session=${otherSession.token}`, otherSession.session.csrfToken);
  expect(asStranger.status).toBe(404);
  expect((await api('DELETE', `/circles/${circleId}`)).status).toBe(204);
  expect(await server.hearth.api.hosted.get(circleId)).toBeNull();
  expect((await api('GET', `/circles/${circleId}?k=${key}`, undefined, '')).body).toEqual({
    error: { code: 'NOT_FOUND', message: 'This circle has ended.' },
  });
  // Even where open circles are allowed, an ended hosted circle's id stays ended.
  const permissive = new CircleAccess(server.hearth.api, server.hearth.api.hosted, { allowOpenCircles: true });
  await expect(permissive.resolve(circleId, null, key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(permissive.resolve('any-other-id', null)).resolves.toEqual({ kind: 'open' });
});

it('erasing an account closes its open connections', async () => {
  const person = await server.hearth.api.users.create({ email: uniqueEmail('leaving'), name: 'Leaving', password: PASSWORD });
  const { token, session } = await server.hearth.api.signIns.create(person.id);
  const cookie = `hearth_session=${token}`;
  const { circleId } = (
    await fetch(`${server.url}/api/circles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ name: 'Mine' }),
    }).then((r) => r.json())
  ) as HostedCircleLink;
  const theirs = await socket(cookie);
  await requestOk(theirs, 'joinCircle', { circleId, displayName: 'Leaving' });
  const bystander = await socket(hostCookie);
  const closed = new Promise<string>((resolve) => theirs.once('disconnect', resolve));
  const res = await fetch(`${server.url}/api/me`, {
    method: 'DELETE',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrfToken },
    body: JSON.stringify({ password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  expect(await closed).toBe('io server disconnect');
  expect(bystander.connected).toBe(true);
  expect(await server.hearth.api.hosted.get(circleId)).toBeNull();
});

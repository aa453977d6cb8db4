import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION, type CircleEvent, type HomeView, type LobbyEntry, type LobbyStatus } from '@hearth/shared';
import type { UserRecord } from '../../server/src/accounts/types';
import type { CohortRecord } from '../../server/src/cohorts/records/types';
import { nextEvent, request, requestOk, startTestServer, type TestServer, type TestSocket } from '../helpers/server';
import { monthlySpec, PASSWORD, testClock, uniqueEmail } from '../helpers/api';

/*
 * The life of a session circle around its edges: the rules it starts with, the lock and
 * the lobby, removal and readmission, and how it ends — by a facilitator, or by its window
 * closing — as every screen (the API) and everyone waiting sees it.
 */

jest.setTimeout(40_000);

const clock = testClock(Date.parse('2030-01-06T12:00:00Z'));
let server: TestServer;
let cohort: CohortRecord;
let sessions: { id: string; startsAt: string }[];
const people = {} as Record<'fac' | 'ash' | 'bea' | 'cal', UserRecord>;
const sockets: TestSocket[] = [];
/** A fresh sign-in at the test clock's time (the clock jumps further than a session lasts). */
async function credentials(user: UserRecord): Promise<{ cookie: string; csrf: string }> {
  const { token, session } = await server.hearth.api.signIns.create(user.id);
  return { cookie: `hearth_session=${token}`, csrf: session.csrfToken };
}

async function socketAs(user: UserRecord): Promise<TestSocket> {
  const { cookie } = await credentials(user);
  const socket: TestSocket = connect(server.url, { auth: { protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  sockets.push(socket);
  return socket;
}

async function http<T = Record<string, unknown>>(user: UserRecord, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const { cookie, csrf } = await credentials(user);
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Collects a socket's notifications of one kind. */
function collect<T>(socket: TestSocket, event: 'lobbyChanged' | 'lobbyStatus' | 'circleEvent'): T[] {
  const seen: T[] = [];
  (socket.on as (ev: string, fn: (p: T) => void) => void)(event, (p) => seen.push(p));
  return seen;
}

async function until<T>(probe: () => T | undefined, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const joinSession = (s: TestSocket, sessionId: string, extra: object = {}) =>
  request(s, 'joinCircle', { circleId: sessionId, displayName: 'x', affirmAgreement: true, ...extra });

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  const api = server.hearth.api;
  const admin = await api.users.create({ email: uniqueEmail('admin'), name: 'Admin', password: PASSWORD, isAdmin: true });
  cohort = await api.cohorts.create(
    { name: 'Spring', timeZone: 'Europe/London', description: '', stage: '', capacity: 12, crisisResources: 'Samaritans 116 123', lobbyEnabled: true, openBeforeMinutes: 10, graceMinutes: 15, agreement: '', circleDefaults: {} },
    admin.id,
  );
  for (const [key, role] of [['fac', 'facilitator'], ['ash', 'member'], ['bea', 'member'], ['cal', 'member']] as const) {
    people[key] = await api.users.create({ email: uniqueEmail(key), name: key, password: PASSWORD });
    const at = new Date(clock()).toISOString();
    await api.members.add(cohort.id, { userId: people[key].id, role, displayName: key.toUpperCase(), joinedAt: at, acceptedAgreementVersion: null, acceptedAgreementAt: null }, cohort.capacity);
  }
  sessions = (await api.sessions.regenerate(cohort.id, monthlySpec(3), undefined)).sessions;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

it('a cohort’s saved rules are the ones its next circle starts with; only its facilitators save them', async () => {
  const saved = await http(people.fac, 'PATCH', `/api/cohorts/${cohort.id}`, { circleDefaults: { mode: 'queue', queueOrder: 'notYetSpoken', directReplies: true } });
  expect(saved.status).toBe(200);
  expect(saved.body.circleDefaults).toEqual({ mode: 'queue', queueOrder: 'notYetSpoken', directReplies: true });
  // A round is not a way to start; nor is a member's say-so.
  expect((await http(people.fac, 'PATCH', `/api/cohorts/${cohort.id}`, { circleDefaults: { mode: 'round' } })).status).toBe(400);
  expect((await http(people.ash, 'PUT', `/api/circles/${sessions[0]!.id}/defaults`, { rules: { mode: 'open' } })).status).toBe(404);

  clock.now = Date.parse(sessions[0]!.startsAt) - 5 * 60_000;
  const fac = await socketAs(people.fac);
  const joined = await requestOk(fac, 'joinCircle', { circleId: sessions[0]!.id, displayName: 'x', affirmAgreement: true });
  expect(joined.circle.rules).toMatchObject({ mode: 'queue', queueOrder: 'notYetSpoken', directReplies: true, turnLimitMs: null });

  // "Save these settings for next time" from inside the circle.
  const put = await http(people.fac, 'PUT', `/api/circles/${sessions[0]!.id}/defaults`, { rules: { mode: 'directed', turnLimitMs: 180_000, autoAdvance: true } });
  expect(put.status).toBe(200);
  expect((await server.hearth.api.cohorts.get(cohort.id))?.circleDefaults).toEqual({ mode: 'directed', turnLimitMs: 180_000, autoAdvance: true });
  fac.disconnect();
});

describe('one session from lock to end', () => {
  let fac: TestSocket;
  let facLobby: { waiting: LobbyEntry[] }[];
  const circleId = () => sessions[0]!.id;

  beforeAll(async () => {
    clock.now = Date.parse(sessions[0]!.startsAt) - 5 * 60_000;
    fac = await socketAs(people.fac);
    facLobby = collect(fac, 'lobbyChanged');
    await requestOk(fac, 'joinCircle', { circleId: circleId(), displayName: 'x', affirmAgreement: true });
  });

  it('a waiting person hears how their wait stands; while locked a newcomer cannot knock and is told why', async () => {
    const ash = await socketAs(people.ash);
    const status = collect<LobbyStatus>(ash, 'lobbyStatus');
    const { entryId } = await requestOk(ash, 'knockCircle', { circleId: circleId() });
    expect(await until(() => status.at(-1))).toEqual({ circleId: circleId(), ended: false, locked: false, facilitatorPresent: true, removed: false });

    await requestOk(fac, 'circleCommand', { command: { type: 'lockCircle' } });
    await until(() => status.find((s) => s.locked));
    const bea = await socketAs(people.bea);
    const refused = await request(bea, 'knockCircle', { circleId: circleId() });
    expect(refused.ok ? 'ok' : refused.error).toEqual({ code: 'NOT_ALLOWED', message: expect.stringContaining('locked') });

    // Locked: not everyone at once, but a named person already waiting may come in.
    const all = await request(fac, 'admitFromLobby', { all: true });
    expect(all.ok ? 'ok' : all.error.message).toContain('one at a time');
    const admitted = nextEvent(ash, 'admitted');
    await requestOk(fac, 'admitFromLobby', { entryId });
    const { ticket } = await admitted;
    const joined = await joinSession(ash, circleId(), { admissionTicket: ticket });
    expect(joined.ok).toBe(true);
    await requestOk(fac, 'circleCommand', { command: { type: 'unlockCircle' } });
  });

  it('a removed person may knock; facilitators see it is them; they are let back in only on purpose', async () => {
    await requestOk(fac, 'circleCommand', { command: { type: 'removeParticipant', target: people.ash.id } });
    const ash = await socketAs(people.ash);
    const direct = await joinSession(ash, circleId());
    expect(direct.ok || direct.error.code).toBe('LOBBY_REQUIRED');
    const status = collect<LobbyStatus>(ash, 'lobbyStatus');
    const { entryId } = await requestOk(ash, 'knockCircle', { circleId: circleId() });
    const entry = await until(() => facLobby.at(-1)?.waiting.find((e) => e.entryId === entryId));
    expect(entry).toMatchObject({ displayName: 'ASH', removed: true, participantId: people.ash.id });
    expect(await until(() => status.at(-1))).toMatchObject({ removed: true });

    const plain = await request(fac, 'admitFromLobby', { entryId });
    expect(plain.ok ? 'ok' : plain.error.message).toContain('removed earlier');
    // "Let everyone in" leaves them waiting rather than let them in by accident.
    expect(await requestOk(fac, 'admitFromLobby', { all: true })).toEqual({ admitted: 0 });

    await requestOk(fac, 'circleCommand', { command: { type: 'readmit', target: people.ash.id } });
    await until(() => (facLobby.at(-1)?.waiting.find((e) => e.entryId === entryId)?.removed === false ? true : undefined));
    const admitted = nextEvent(ash, 'admitted');
    await requestOk(fac, 'admitFromLobby', { entryId });
    expect((await joinSession(ash, circleId(), { admissionTicket: (await admitted).ticket })).ok).toBe(true);
  });

  it('ending it: the waiting are told and let go, nobody can knock, and every screen says so with the next session', async () => {
    const cal = await socketAs(people.cal);
    const status = collect<LobbyStatus>(cal, 'lobbyStatus');
    await requestOk(cal, 'knockCircle', { circleId: circleId() });
    await until(() => status.at(-1));

    await requestOk(fac, 'circleCommand', { command: { type: 'endSession' } });
    expect(await until(() => status.find((s) => s.ended))).toMatchObject({ circleId: circleId(), ended: true });
    expect(facLobby.at(-1)?.waiting).toEqual([]);

    const again = await request(cal, 'knockCircle', { circleId: circleId() });
    expect(again.ok ? 'ok' : again.error).toEqual({ code: 'CIRCLE_CLOSED', message: 'This session has ended.' });
    const join = await joinSession(cal, circleId());
    expect(join.ok ? 'ok' : join.error).toEqual({ code: 'CIRCLE_CLOSED', message: 'This session has ended.' });

    const stored = (await server.hearth.api.sessions.get(cohort.id)).sessions[0]!;
    expect(stored.endedAt).toBe(new Date(clock()).toISOString());
    const access = await http(people.cal, 'GET', `/api/circles/${circleId()}`);
    expect(access.body).toMatchObject({ kind: 'session', window: { state: 'over' }, session: { endedAt: stored.endedAt }, next: { id: sessions[1]!.id } });
    const home = await http<HomeView>(people.cal, 'GET', '/api/home');
    expect(home.body.cohorts[0]).toMatchObject({ justEnded: { id: circleId() }, canJoin: false, nextSession: { id: sessions[1]!.id }, window: { state: 'notYet', sessionId: sessions[1]!.id } });
  });
});

it('a circle still going when its window closes is ended by the server, for everyone', async () => {
  const second = sessions[1]!;
  clock.now = Date.parse(second.startsAt);
  const fac = await socketAs(people.fac);
  const events = collect<CircleEvent>(fac, 'circleEvent');
  await requestOk(fac, 'joinCircle', { circleId: second.id, displayName: 'x', affirmAgreement: true });
  // 90 minutes long, 15 of grace: one minute after that, the window is closed.
  clock.now = Date.parse(second.startsAt) + (90 + 16) * 60_000;
  expect(await until(() => events.find((e) => e.type === 'sessionEnded'), 10_000)).toEqual({ type: 'sessionEnded', by: '__system__' });
  const stored = (await server.hearth.api.sessions.get(cohort.id)).sessions[1]!;
  expect(stored.endedAt).not.toBeNull();
  expect(server.hearth.circles.stats().peers).toBe(0);
});

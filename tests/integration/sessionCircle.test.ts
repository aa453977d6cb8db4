import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION, type LobbyEntry } from '@hearth/shared';
import type { UserRecord } from '../../server/src/accounts/types';
import type { CohortRecord } from '../../server/src/cohorts/records/types';
import { nextEvent, request, requestOk, startTestServer, type TestServer, type TestSocket } from '../helpers/server';
import { monthlySpec, PASSWORD, testClock, uniqueEmail } from '../helpers/api';

jest.setTimeout(30_000);

const clock = testClock(Date.parse('2030-01-06T12:00:00Z'));
let server: TestServer;
let cohort: CohortRecord;
let sessionId: string;
let startsAt: number;
const people: Record<'fac' | 'ash' | 'bea' | 'outsider', UserRecord> = {} as never;
const sockets: TestSocket[] = [];

/** A socket signed in as `user` (the session cookie in the handshake, as a browser sends it). */
async function socketAs(user: UserRecord | null): Promise<TestSocket> {
  const extraHeaders: Record<string, string> = {};
  if (user) {
    const { token } = await server.hearth.api.signIns.create(user.id);
    extraHeaders.cookie = `hearth_session=${token}`;
  }
  const socket: TestSocket = connect(server.url, { auth: { protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], extraHeaders, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  sockets.push(socket);
  return socket;
}

const join = (s: TestSocket, extra: object = {}) => request(s, 'joinCircle', { circleId: sessionId, displayName: 'ignored', affirmAgreement: true, ...extra });

beforeAll(async () => {
  server = await startTestServer({ MAX_PEERS_PER_CIRCLE: '10' }, { clock });
  const api = server.hearth.api;
  const user = (label: string) => api.users.create({ email: uniqueEmail(label), name: label, password: PASSWORD });
  const admin = await api.users.create({ email: uniqueEmail('admin'), name: 'Admin', password: PASSWORD, isAdmin: true });
  cohort = await api.cohorts.create(
    { name: 'Qualified', timeZone: 'Europe/London', description: '', stage: 'Qualified', capacity: 2, crisisResources: 'Samaritans 116 123', lobbyEnabled: true, openBeforeMinutes: 10, graceMinutes: 15, agreement: 'What is said here stays here.' },
    admin.id,
  );
  for (const [key, role] of [['fac', 'facilitator'], ['ash', 'member'], ['bea', 'member'], ['outsider', null]] as const) {
    people[key] = await user(key);
    if (role) {
      const at = new Date(clock()).toISOString();
      await api.members.add(cohort.id, { userId: people[key].id, role, displayName: key.toUpperCase(), joinedAt: at, acceptedAgreementVersion: null, acceptedAgreementAt: null }, cohort.capacity);
    }
  }
  const { sessions } = await api.sessions.regenerate(cohort.id, monthlySpec(3), ['Arriving']);
  sessionId = sessions[0]!.id;
  startsAt = Date.parse(sessions[0]!.startsAt);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

it('describes the circle to its members only, and says when it opens', async () => {
  const fetchAs = async (user: UserRecord | null) => {
    const headers: Record<string, string> = {};
    if (user) headers.cookie = `hearth_session=${(await server.hearth.api.signIns.create(user.id)).token}`;
    const res = await fetch(`${server.url}/api/circles/${sessionId}`, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  expect((await fetchAs(null)).status).toBe(401);
  expect((await fetchAs(people.outsider)).status).toBe(404);
  const ash = await fetchAs(people.ash);
  expect(ash.body).toMatchObject({ kind: 'session', role: 'member', displayName: 'ASH', lobby: true, window: { state: 'notYet' }, agreement: { accepted: false } });
  expect((await fetchAs(people.fac)).body).toMatchObject({ role: 'facilitator', lobby: false });
  expect((await (await fetch(`${server.url}/api/circles/any-open-circle`)).json())).toEqual({ kind: 'open' });
});

it('refuses outsiders, the signed out, a closed window and a missing agreement, each with its reason', async () => {
  const expectCode = async (s: TestSocket, code: string, extra: object = {}) => {
    const ack = await join(s, extra);
    expect(ack.ok || ack.error.code).toBe(code);
  };
  await expectCode(await socketAs(null), 'UNAUTHENTICATED');
  await expectCode(await socketAs(people.outsider), 'NOT_FOUND');
  const fac = await socketAs(people.fac);
  await expectCode(fac, 'CIRCLE_CLOSED');

  clock.now = startsAt - 5 * 60_000; // five minutes before the start: open
  await expectCode(fac, 'AGREEMENT_REQUIRED');
  await server.hearth.api.members.acceptAgreement(cohort.id, people.fac.id, cohort.agreement.version, new Date(clock()).toISOString());
  await expectCode(fac, 'AGREEMENT_REQUIRED', { affirmAgreement: false });
  expect(server.hearth.circles.stats().peers).toBe(0);
});

it('members wait in the lobby until a facilitator admits them; attendance is recorded', async () => {
  clock.now = startsAt - 5 * 60_000;
  for (const key of ['fac', 'ash', 'bea'] as const) {
    await server.hearth.api.members.acceptAgreement(cohort.id, people[key].id, cohort.agreement.version, new Date(clock()).toISOString());
  }
  const fac = await socketAs(people.fac);
  const joinedFac = await requestOk(fac, 'joinCircle', { circleId: sessionId, displayName: 'x', affirmAgreement: true });
  expect(joinedFac.peerId).toBe(people.fac.id);
  expect(joinedFac.circle.you?.role).toBe('facilitator');

  const ash = await socketAs(people.ash);
  const direct = await join(ash);
  expect(direct.ok || direct.error.code).toBe('LOBBY_REQUIRED');

  const lobbySeen = nextEvent(fac, 'lobbyChanged');
  const { entryId } = await requestOk(ash, 'knockCircle', { circleId: sessionId });
  const waiting: { waiting: LobbyEntry[] } = await lobbySeen;
  expect(waiting.waiting).toEqual([{ entryId, displayName: 'ASH', since: expect.any(String), removed: false, participantId: people.ash.id }]);

  // A member cannot admit; a forged ticket does not work.
  const bea = await socketAs(people.bea);
  const forged = await join(bea, { admissionTicket: 'x'.repeat(32) });
  expect(forged.ok || forged.error.code).toBe('LOBBY_REQUIRED');

  const admitted = nextEvent(ash, 'admitted');
  expect(await requestOk(fac, 'admitFromLobby', { entryId })).toEqual({ admitted: 1 });
  const { ticket } = await admitted;
  const joinedAsh = await requestOk(ash, 'joinCircle', { circleId: sessionId, displayName: 'Someone else', affirmAgreement: true, admissionTicket: ticket });
  expect(joinedAsh.peerId).toBe(people.ash.id);
  expect(joinedAsh.circle.participants.find((p) => p.id === people.ash.id)?.name).toBe('ASH'); // the cohort's name, not the one sent
  // The ticket was single-use: Bea cannot ride on it.
  const reuse = await join(bea, { admissionTicket: ticket });
  expect(reuse.ok || reuse.error.code).toBe('LOBBY_REQUIRED');
  // Someone already admitted to this session comes back (a second device) without the lobby.
  const again = await socketAs(people.ash);
  expect((await join(again)).ok).toBe(true);

  const attendance = await server.hearth.api.attendance.of(sessionId);
  expect(attendance.map((a) => a.userId).sort()).toEqual([people.ash.id, people.fac.id].sort());
});

describe('every session-circle event × role', () => {
  // Run after the lobby test: the circle is open, Fac and Ash are in, Bea waits outside.
  const roles = ['signedOut', 'outsider', 'admin', 'member', 'facilitator'] as const;
  type Role = (typeof roles)[number];
  let admin: UserRecord;
  beforeAll(async () => {
    admin = await server.hearth.api.users.create({ email: uniqueEmail('admin2'), name: 'Admin2', password: PASSWORD, isAdmin: true });
  });
  const userFor = (role: Role): UserRecord | null =>
    ({ signedOut: null, outsider: people.outsider, admin, member: people.bea, facilitator: people.fac })[role];

  const expectations: Record<'knockCircle' | 'joinCircle', Record<Role, string>> = {
    knockCircle: { signedOut: 'UNAUTHENTICATED', outsider: 'NOT_FOUND', admin: 'NOT_FOUND', member: 'ok', facilitator: 'NOT_ALLOWED' },
    joinCircle: { signedOut: 'UNAUTHENTICATED', outsider: 'NOT_FOUND', admin: 'NOT_FOUND', member: 'LOBBY_REQUIRED', facilitator: 'ok' },
  };
  for (const event of ['knockCircle', 'joinCircle'] as const) {
    it.each(roles)(`${event} as %s`, async (role) => {
      clock.now = startsAt - 5 * 60_000;
      const s = await socketAs(userFor(role));
      const payload = event === 'knockCircle' ? { circleId: sessionId } : { circleId: sessionId, displayName: 'x', affirmAgreement: true };
      const ack = await request(s, event, payload);
      expect(ack.ok ? 'ok' : ack.error.code).toBe(expectations[event][role]);
      s.disconnect();
    });
  }

  it('admitFromLobby is for facilitators in the circle only', async () => {
    const ash = await socketAs(people.ash);
    await requestOk(ash, 'joinCircle', { circleId: sessionId, displayName: 'x', affirmAgreement: true });
    const refused = await request(ash, 'admitFromLobby', { all: true });
    expect(refused.ok || refused.error.code).toBe('NOT_ALLOWED');
    const stranger = await socketAs(people.outsider);
    const notIn = await request(stranger, 'admitFromLobby', { all: true });
    expect(notIn.ok || notIn.error.code).toBe('NOT_IN_CIRCLE');
  });

  it('the circle refuses everyone once its window has closed', async () => {
    clock.now = startsAt + 3 * 60 * 60_000;
    const s = await socketAs(people.bea);
    const ack = await request(s, 'knockCircle', { circleId: sessionId });
    expect(ack.ok || ack.error.code).toBe('CIRCLE_CLOSED');
  });
});

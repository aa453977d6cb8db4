import request from 'supertest';
import { CSRF_HEADER, SIGN_IN_COOKIE } from '@hearth/shared';
import type { UserRecord } from '../../../server/src/accounts/types';
import type { CohortRecord } from '../../../server/src/cohorts/records/types';
import { keys } from '../../../server/src/store/keys';
import {
  ApiClient,
  addMember,
  clientFor,
  createCohort,
  createUser,
  monthlySpec,
  startApi,
  type ApiHarness,
  type StoreKind,
} from '../../helpers/api';

jest.setTimeout(60_000);

interface World {
  h: ApiHarness;
  admin: UserRecord;
  cohort: CohortRecord;
  sessionId: string;
  memberId: string;
  invite: string;
  client: ApiClient;
}

type Bad = [name: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: (w: World) => string, body: unknown];

const A = (w: World) => `/api/cohorts/${w.cohort.id}`;
const spec = monthlySpec();

const CASES: Bad[] = [
  ['cohort: capacity as a string', 'post', () => '/api/cohorts', { name: 'X', timeZone: 'Europe/London', capacity: '12' }],
  ['cohort: unknown time zone', 'post', () => '/api/cohorts', { name: 'X', timeZone: 'Mars/Olympus_Mons' }],
  ['cohort: raw offset as zone', 'post', () => '/api/cohorts', { name: 'X', timeZone: '+01:00' }],
  ['cohort: empty name', 'post', () => '/api/cohorts', { name: '  ', timeZone: 'Europe/London' }],
  ['cohort: unknown field', 'post', () => '/api/cohorts', { name: 'X', timeZone: 'Europe/London', icalToken: 'mine' }],
  ['cohort: capacity too large', 'post', () => '/api/cohorts', { name: 'X', timeZone: 'Europe/London', capacity: 1000 }],
  ['patch cohort: nothing to change', 'patch', A, {}],
  ['patch cohort: lobbyEnabled not boolean', 'patch', A, { lobbyEnabled: 'yes' }],
  ['patch cohort: negative openBeforeMinutes', 'patch', A, { openBeforeMinutes: -5 }],
  ['schedule: monthly weekday without position', 'put', (w) => `${A(w)}/schedule`, { spec: { ...spec, rule: { freq: 'monthly', byWeekday: 'TU' } } }],
  ['schedule: 30 February', 'put', (w) => `${A(w)}/schedule`, { spec: { ...spec, startDate: '2030-02-30' } }],
  ['schedule: 7pm', 'put', (w) => `${A(w)}/schedule`, { spec: { ...spec, time: '7pm' } }],
  ['schedule: zero sessions', 'put', (w) => `${A(w)}/schedule`, { spec: { ...spec, count: 0 } }],
  ['schedule: too many themes', 'put', (w) => `${A(w)}/schedule`, { spec, themes: Array.from({ length: 53 }, () => 't') }],
  ['preview: five extra zones', 'post', (w) => `${A(w)}/schedule/preview`, { spec, zones: ['UTC', 'UTC', 'UTC', 'UTC', 'UTC'] }],
  ['session: move and cancel at once', 'patch', (w) => `${A(w)}/sessions/${w.sessionId}`, { cancelled: true, startsAt: '2030-06-01T19:00:00Z' }],
  ['session: start without offset', 'patch', (w) => `${A(w)}/sessions/${w.sessionId}`, { startsAt: '2030-06-01T19:00' }],
  ['session: 5-minute session', 'patch', (w) => `${A(w)}/sessions/${w.sessionId}`, { durationMinutes: 5 }],
  ['session: uncancel', 'patch', (w) => `${A(w)}/sessions/${w.sessionId}`, { cancelled: false }],
  ['invite: admin role', 'post', (w) => `${A(w)}/invites`, { role: 'admin' }],
  ['invite: bad email', 'post', (w) => `${A(w)}/invites`, { email: 'not-an-email' }],
  ['invite: zero days', 'post', (w) => `${A(w)}/invites`, { expiresInDays: 0 }],
  ['member: unknown role', 'patch', (w) => `${A(w)}/members/${w.memberId}`, { role: 'owner' }],
  ['member: blank display name', 'patch', (w) => `${A(w)}/members/${w.memberId}`, { displayName: '   ' }],
  ['member: 41-character display name', 'patch', (w) => `${A(w)}/members/${w.memberId}`, { displayName: 'x'.repeat(41) }],
  ['agreement: text not a string', 'put', (w) => `${A(w)}/agreement`, { text: 123 }],
  ['agreement: too long', 'put', (w) => `${A(w)}/agreement`, { text: 'x'.repeat(10_001) }],
  ['agreement accept: version "latest"', 'post', (w) => `${A(w)}/agreement/accept`, { version: 'latest' }],
  ['me: nothing to change', 'patch', () => '/api/me', {}],
  ['me: blank name', 'patch', () => '/api/me', { name: '' }],
  ['me: isAdmin smuggled in', 'patch', () => '/api/me', { name: 'Eve', isAdmin: true }],
  ['params: id with a colon', 'get', () => '/api/cohorts/a:b', undefined],
  ['params: id too long', 'get', () => `/api/cohorts/${'a'.repeat(65)}`, undefined],
  ['query: unexpected parameter', 'get', (w) => `${A(w)}?include=all`, undefined],
  ['ical-token: unexpected body', 'post', () => '/api/me/ical-token', { please: true }],
  ['delete me: no password', 'delete', () => '/api/me', {}],
  ['delete me: password not a string', 'delete', () => '/api/me', { password: 12345678901 }],
  ['delete me: 257-character password', 'delete', () => '/api/me', { password: 'x'.repeat(257) }],
  ['delete me: extra field', 'delete', () => '/api/me', { password: 'correct horse battery staple', force: true }],
  ['erase user: id with a colon', 'delete', () => '/api/admin/users/a:b', undefined],
  ['erase user: unexpected body', 'delete', (w) => `/api/admin/users/${w.memberId}`, { reason: 'asked' }],
  ['delete cohort: unexpected body', 'delete', A, { confirm: true }],
  ['export: unexpected parameter', 'get', () => '/api/me/export?format=csv', undefined],
  ['invite accept: short password', 'post', (w) => `/api/invites/${w.invite}/accept`, { displayName: 'Z', account: { email: 'z@example.test', name: 'Z', password: 'short' } }],
];

describe.each<StoreKind>(['redis', 'embedded'])('bad input is refused with 400 and changes nothing (%s store)', (kind) => {
  let w: World;

  /** Everything these requests could touch. */
  const snapshot = async () => {
    const { h, cohort, admin } = w;
    return JSON.stringify([
      await h.store.get(keys.cohort(cohort.id)),
      await h.store.get(keys.cohortMembers(cohort.id)),
      await h.store.get(keys.cohortSessions(cohort.id)),
      await h.store.get(keys.user(admin.id)),
      await h.store.hashGetAll(keys.cohortIndex()),
      await h.services.invites.get(w.invite),
    ]);
  };

  beforeAll(async () => {
    const h = await startApi(kind);
    const admin = await createUser(h, 'admin', { isAdmin: true });
    const cohort = await createCohort(h, admin);
    const member = await createUser(h, 'member');
    await addMember(h, cohort, member, 'member', 'Mo');
    const { sessions } = await h.services.sessions.regenerate(cohort.id, monthlySpec(), undefined);
    const { token } = await h.services.invites.create({ cohortId: cohort.id, role: 'member', email: null, createdBy: admin.id, expiresInDays: 14 });
    w = { h, admin, cohort, sessionId: sessions[0]!.id, memberId: member.id, invite: token, client: await clientFor(h, admin) };
  });
  afterAll(async () => w?.h.close());

  test.each(CASES)('%s', async (_name, method, path, body) => {
    const before = await snapshot();
    // The invite acceptance is tried signed out (as a newcomer would).
    const client = path(w).includes('/invites/') && path(w).endsWith('/accept') ? new ApiClient(w.h.app) : w.client;
    const res = await client.send(method, path(w), body);
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 400, code: 'INVALID_PAYLOAD' });
    expect(await snapshot()).toBe(before);
  });

  test('malformed JSON and non-JSON bodies are 400 too', async () => {
    const before = await snapshot();
    const send = (type: string, text: string) =>
      request(w.h.app)
        .patch(A(w))
        .set('Cookie', `${SIGN_IN_COOKIE}=${w.client.cookie}`)
        .set(CSRF_HEADER, w.client.csrf!)
        .set('Content-Type', type)
        .send(text);
    for (const res of [await send('application/json', '{"name":'), await send('application/x-www-form-urlencoded', 'name=Hacked')]) {
      expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 400, code: 'INVALID_PAYLOAD' });
    }
    expect(await snapshot()).toBe(before);
  });

  test('unknown API paths are JSON 404s', async () => {
    const res = await w.client.get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });
});

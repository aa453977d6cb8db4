import type { UserRecord } from '../../../server/src/accounts/types';
import type { CohortRecord } from '../../../server/src/cohorts/records/types';
import { deleteCohort } from '../../../server/src/privacy/cohortDeletion';
import {
  addMember,
  ApiClient,
  clientFor,
  createCohort,
  createUser,
  monthlySpec,
  startApi,
  type ApiHarness,
  type StoreKind,
} from '../../helpers/api';

jest.setTimeout(60_000);

type Role = 'admin' | 'facilitator' | 'member' | 'outsider' | 'anonymous';
const ROLES: Role[] = ['admin', 'facilitator', 'member', 'outsider', 'anonymous'];

interface World {
  h: ApiHarness;
  cohort: CohortRecord;
  other: CohortRecord;
  sessionId: string;
  target: UserRecord;
  clients: Record<Role, ApiClient>;
}

interface Case {
  name: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Built per attempt, after `setup`. */
  path: (w: World, extra: string) => string;
  body?: (w: World) => unknown;
  /** Per-attempt preparation (e.g. a fresh member to remove); returns a value for `path`. */
  setup?: (w: World) => Promise<string>;
  /** Undoes what a refused attempt left behind, so later tests see the world as it was. */
  cleanup?: (w: World, extra: string) => Promise<void>;
  expect: Record<Role, number>;
}

// Shorthands for the common shapes of the matrix.
const signedIn = (ok: number) => ({ admin: ok, facilitator: ok, member: ok, outsider: ok, anonymous: 401 });
const viewers = (ok: number) => ({ admin: ok, facilitator: ok, member: ok, outsider: 404, anonymous: 401 });
const managers = (ok: number) => ({ admin: ok, facilitator: ok, member: 403, outsider: 404, anonymous: 401 });

let n = 0;
const CASES: Case[] = [
  { name: 'GET /session', method: 'get', path: () => '/api/session', expect: signedIn(200) },
  { name: 'PATCH /me', method: 'patch', path: () => '/api/me', body: () => ({ timeZone: 'Asia/Tokyo' }), expect: signedIn(200) },
  { name: 'POST /me/ical-token', method: 'post', path: () => '/api/me/ical-token', expect: signedIn(200) },
  { name: 'GET /home', method: 'get', path: () => '/api/home', expect: signedIn(200) },
  { name: 'GET /cohorts', method: 'get', path: () => '/api/cohorts', expect: signedIn(200) },
  {
    name: 'POST /cohorts',
    method: 'post',
    path: () => '/api/cohorts',
    body: () => ({ name: `New ${++n}`, timeZone: 'America/New_York' }),
    expect: { admin: 201, facilitator: 403, member: 403, outsider: 403, anonymous: 401 },
  },
  { name: 'GET /cohorts/:id', method: 'get', path: (w) => `/api/cohorts/${w.cohort.id}`, expect: viewers(200) },
  {
    name: 'PATCH /cohorts/:id',
    method: 'patch',
    path: (w) => `/api/cohorts/${w.cohort.id}`,
    body: () => ({ description: `edited ${++n}` }),
    expect: managers(200),
  },
  {
    name: 'PUT /cohorts/:id/schedule',
    method: 'put',
    path: (w) => `/api/cohorts/${w.cohort.id}/schedule`,
    body: () => ({ spec: monthlySpec() }),
    expect: managers(200),
  },
  {
    name: 'POST /cohorts/:id/schedule/preview',
    method: 'post',
    path: (w) => `/api/cohorts/${w.cohort.id}/schedule/preview`,
    body: () => ({ spec: monthlySpec(), zones: ['America/Los_Angeles', 'Asia/Tokyo'] }),
    expect: managers(200),
  },
  {
    name: 'PATCH /cohorts/:id/sessions/:sessionId',
    method: 'patch',
    path: (w) => `/api/cohorts/${w.cohort.id}/sessions/${w.sessionId}`,
    body: () => ({ theme: `Theme ${++n}` }),
    expect: managers(200),
  },
  {
    name: 'POST /cohorts/:id/invites',
    method: 'post',
    path: (w) => `/api/cohorts/${w.cohort.id}/invites`,
    body: () => ({ role: 'member' }),
    expect: managers(201),
  },
  { name: 'GET /cohorts/:id/members', method: 'get', path: (w) => `/api/cohorts/${w.cohort.id}/members`, expect: viewers(200) },
  {
    name: 'PATCH /cohorts/:id/members/:userId (role)',
    method: 'patch',
    path: (w) => `/api/cohorts/${w.cohort.id}/members/${w.target.id}`,
    body: () => ({ role: 'member' }),
    expect: managers(200),
  },
  {
    name: 'DELETE /cohorts/:id/members/:userId (someone else)',
    method: 'delete',
    setup: async (w) => {
      const u = await createUser(w.h, 'leaver');
      await addMember(w.h, w.cohort, u, 'member', `Leaver ${++n}`);
      return u.id;
    },
    path: (w, userId) => `/api/cohorts/${w.cohort.id}/members/${userId}`,
    expect: managers(204),
  },
  {
    name: 'PUT /cohorts/:id/agreement',
    method: 'put',
    path: (w) => `/api/cohorts/${w.cohort.id}/agreement`,
    body: () => ({ text: `Be kind, v${++n}` }),
    expect: managers(200),
  },
  {
    name: 'POST /cohorts/:id/agreement/accept',
    method: 'post',
    setup: async (w) => String((await w.h.services.cohorts.get(w.cohort.id))!.agreement.version),
    path: (w) => `/api/cohorts/${w.cohort.id}/agreement/accept`,
    body: undefined, // set per attempt below from setup's value
    // Admins who are not members have nothing to accept.
    expect: { admin: 403, facilitator: 200, member: 200, outsider: 404, anonymous: 401 },
  },
  { name: 'GET /cohorts/:id/attendance', method: 'get', path: (w) => `/api/cohorts/${w.cohort.id}/attendance`, expect: managers(200) },
  { name: 'POST /cohorts/:id/ical-token', method: 'post', path: (w) => `/api/cohorts/${w.cohort.id}/ical-token`, expect: managers(200) },
  { name: 'GET /me/export', method: 'get', path: () => '/api/me/export', expect: signedIn(200) },
  {
    name: 'DELETE /admin/users/:id',
    method: 'delete',
    setup: async (w) => (await createUser(w.h, 'erasable')).id,
    path: (_w, userId) => `/api/admin/users/${userId}`,
    expect: { admin: 200, facilitator: 403, member: 403, outsider: 403, anonymous: 401 },
  },
  {
    name: 'DELETE /cohorts/:id',
    method: 'delete',
    // A throwaway cohort with the world's facilitator and member in it.
    setup: async (w) => {
      const doomed = await createCohort(w.h, w.clients.admin.user!, { name: `Doomed ${++n}` });
      await addMember(w.h, doomed, w.clients.facilitator.user!, 'facilitator', 'Fran');
      await addMember(w.h, doomed, w.clients.member.user!, 'member', 'Mo');
      return doomed.id;
    },
    path: (_w, cohortId) => `/api/cohorts/${cohortId}`,
    cleanup: (w, cohortId) => deleteCohort(w.h.services, cohortId),
    expect: { admin: 204, facilitator: 403, member: 403, outsider: 404, anonymous: 401 },
  },
  {
    name: 'GET /cohorts/:id of a cohort that does not exist',
    method: 'get',
    path: () => '/api/cohorts/doesNotExist1',
    expect: { admin: 404, facilitator: 404, member: 404, outsider: 404, anonymous: 401 },
  },
];

const CODE: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'NOT_ALLOWED', 404: 'NOT_FOUND' };

describe.each<StoreKind>(['redis', 'embedded'])('role matrix (%s store)', (kind) => {
  let w: World;

  beforeAll(async () => {
    const h = await startApi(kind);
    const [admin, fac, mem, outsider, target] = await Promise.all([
      createUser(h, 'admin', { isAdmin: true }),
      createUser(h, 'fac'),
      createUser(h, 'mem'),
      createUser(h, 'outsider'),
      createUser(h, 'target'),
    ]);
    const cohort = await createCohort(h, admin, { name: 'Cohort A' });
    const other = await createCohort(h, admin, { name: 'Cohort B' });
    await addMember(h, cohort, fac, 'facilitator', 'Fran');
    await addMember(h, cohort, mem, 'member', 'Mo');
    await addMember(h, cohort, target, 'member', 'Tia');
    await addMember(h, other, outsider, 'member', 'Oz');
    const { sessions } = await h.services.sessions.regenerate(cohort.id, monthlySpec(), ['Arrival']);
    w = {
      h,
      cohort,
      other,
      sessionId: sessions[0]!.id,
      target,
      clients: {
        admin: await clientFor(h, admin),
        facilitator: await clientFor(h, fac),
        member: await clientFor(h, mem),
        outsider: await clientFor(h, outsider),
        anonymous: new ApiClient(h.app),
      },
    };
  });
  afterAll(async () => w?.h.close());

  const rows = CASES.flatMap((c) => ROLES.map((role) => [c.name, role, c.expect[role], c] as const));

  test.each(rows)('%s as %s → %i', async (_name, role, status, c) => {
    const extra = c.setup ? await c.setup(w) : '';
    const body = c.name.includes('agreement/accept') ? { version: Number(extra) } : c.body?.(w);
    const res = await w.clients[role].send(c.method, c.path(w, extra), body);
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status });
    if (CODE[status]) expect(res.body).toEqual({ error: { code: CODE[status], message: expect.any(String) } });
    await c.cleanup?.(w, extra);
  });

  test('an outsider cannot tell an existing cohort from a missing one', async () => {
    const existing = await w.clients.outsider.get(`/api/cohorts/${w.cohort.id}/members`);
    const missing = await w.clients.outsider.get('/api/cohorts/neverExisted/members');
    expect([existing.status, existing.body]).toEqual([missing.status, missing.body]);
  });

  test('lists show only what the caller may see', async () => {
    const ids = async (role: Role) => ((await w.clients[role].get('/api/cohorts')).body as { id: string }[]).map((c) => c.id);
    expect(await ids('member')).toEqual([w.cohort.id]);
    expect(await ids('outsider')).toEqual([w.other.id]);
    expect(await ids('admin')).toEqual(expect.arrayContaining([w.cohort.id, w.other.id]));
    const members = (await w.clients.member.get(`/api/cohorts/${w.cohort.id}/members`)).body as Record<string, unknown>[];
    // Members see names and roles only; contact details are for facilitators and admins.
    expect(members.every((m) => !('email' in m))).toBe(true);
    const managed = (await w.clients.facilitator.get(`/api/cohorts/${w.cohort.id}/members`)).body as Record<string, unknown>[];
    expect(managed.every((m) => typeof m.email === 'string')).toBe(true);
    const view = (await w.clients.member.get(`/api/cohorts/${w.cohort.id}`)).body as Record<string, unknown>;
    expect(view.manage).toBeUndefined();
  });

  test('a member may rename themself and leave, but not change their role', async () => {
    const u = await createUser(w.h, 'self');
    await addMember(w.h, w.cohort, u, 'member', `Self ${++n}`);
    const c = await clientFor(w.h, u);
    expect((await c.patch(`/api/cohorts/${w.cohort.id}/members/${u.id}`, { displayName: `Renamed ${++n}` })).status).toBe(200);
    expect((await c.patch(`/api/cohorts/${w.cohort.id}/members/${u.id}`, { role: 'facilitator' })).status).toBe(403);
    expect((await c.delete(`/api/cohorts/${w.cohort.id}/members/${u.id}`)).status).toBe(204);
    expect((await c.get(`/api/cohorts/${w.cohort.id}`)).status).toBe(404);
  });
});

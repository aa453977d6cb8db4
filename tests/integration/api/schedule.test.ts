import type { CohortView, HomeView, SessionItem } from '@hearth/shared';
import type { UserRecord } from '../../../server/src/accounts/types';
import type { CohortRecord } from '../../../server/src/cohorts/records/types';
import {
  ApiClient,
  addMember,
  clientFor,
  createCohort,
  createUser,
  expectError,
  monthlySpec,
  startApi,
  type ApiHarness,
  testClock,
  type StoreKind,
} from '../../helpers/api';

jest.setTimeout(60_000);

const MIN = 60_000;
const THEMES = ['Arrival', 'Loss', 'Anger', 'Memory', 'Ritual', 'Change', 'Hope', 'Going on'];

describe.each<StoreKind>(['redis', 'embedded'])('schedule, sessions and home (%s store)', (kind) => {
  let h: ApiHarness;
  let admin: UserRecord;
  let cohort: CohortRecord;
  let fac: ApiClient;
  let tokyo: ApiClient;
  let tokyoUser: UserRecord;

  beforeAll(async () => {
    // Close to the first session, so jumping to it stays within the 30-day session lifetime.
    h = await startApi(kind, { clock: testClock(Date.parse('2030-02-01T09:00:00Z')) });
    admin = await createUser(h, 'admin', { isAdmin: true });
    cohort = await createCohort(h, admin, { name: 'Cross-zone cohort' });
    const facUser = await createUser(h, 'fac');
    tokyoUser = await createUser(h, 'tokyo', { timeZone: 'Asia/Tokyo' });
    await addMember(h, cohort, facUser, 'facilitator', 'Fran');
    await addMember(h, cohort, tokyoUser, 'member', 'Kei');
    fac = await clientFor(h, facUser);
    tokyo = await clientFor(h, tokyoUser);
  });
  afterAll(async () => h?.close());

  const sessions = async (client = fac) => ((await client.get(`/api/cohorts/${cohort.id}`)).body as CohortView).sessions;

  test('preview shows the dates in the cohort zone and two others', async () => {
    const res = await fac.post(`/api/cohorts/${cohort.id}/schedule/preview`, {
      spec: monthlySpec(),
      zones: ['America/Los_Angeles', 'Asia/Tokyo'],
    });
    expect(res.status).toBe(200);
    expect(res.body.text).toBe('Monthly on the 2nd Tuesday at 19:00 (Europe/London), 8 sessions');
    const first = res.body.rows[0];
    expect(first.cohort.local).toBe('Tue 12 Feb 2030, 19:00 GMT');
    expect(first.zones.map((z: { timeZone: string; dayShift: number }) => [z.timeZone, z.dayShift])).toEqual([
      ['America/Los_Angeles', 0],
      ['Asia/Tokyo', 1],
    ]);
    expect(await sessions()).toEqual([]); // a preview stores nothing
  });

  test('PUT schedule generates the sessions with themes, shown in each person’s zone', async () => {
    const res = await fac.put(`/api/cohorts/${cohort.id}/schedule`, { spec: monthlySpec(), themes: THEMES });
    expect(res.status).toBe(200);
    expect(res.body.sessions).toHaveLength(8);
    const mine = await sessions(fac);
    expect(mine.map((s) => s.theme)).toEqual(THEMES);
    expect(mine[0]).toMatchObject({ startsAt: '2030-02-12T19:00:00.000Z', local: 'Tue 12 Feb 2030, 19:00 GMT' });
    expect(mine[3]).toMatchObject({ startsAt: '2030-05-14T18:00:00.000Z', local: 'Tue 14 May 2030, 19:00 BST' });
    const theirs = await sessions(tokyo);
    expect(theirs[0]!.local).toBe('Wed 13 Feb 2030, 04:00 GMT+9');
    expect(((await tokyo.get(`/api/cohorts/${cohort.id}`)).body as CohortView).viewerTimeZone).toBe('Asia/Tokyo');
  });

  test('the spec must use the cohort’s home zone', async () => {
    const spec = { ...monthlySpec(), timeZone: 'America/New_York' };
    expectError(await fac.put(`/api/cohorts/${cohort.id}/schedule`, { spec }), 400, 'INVALID_PAYLOAD');
  });

  test('one session can be moved, re-themed and another cancelled; ids survive regeneration', async () => {
    const before = await sessions();
    const moved = await fac.patch(`/api/cohorts/${cohort.id}/sessions/${before[1]!.id}`, { startsAt: '2030-03-13T19:30:00+00:00' });
    expect(moved.body).toMatchObject({ startsAt: '2030-03-13T19:30:00.000Z', originalStartsAt: before[1]!.startsAt });
    const cancelled = await fac.patch(`/api/cohorts/${cohort.id}/sessions/${before[2]!.id}`, { cancelled: true });
    expect((cancelled.body as SessionItem).status).toBe('cancelled');
    expectError(await fac.patch(`/api/cohorts/${cohort.id}/sessions/${before[2]!.id}`, { startsAt: '2030-04-10T19:00:00Z' }), 409, 'CONFLICT');
    expect((await fac.patch(`/api/cohorts/${cohort.id}/sessions/${before[0]!.id}`, { theme: 'Welcome' })).body.theme).toBe('Welcome');
    expectError(await fac.patch(`/api/cohorts/${cohort.id}/sessions/${before[0]!.id}`, { startsAt: '2029-01-01T00:00:00Z' }), 400, 'INVALID_PAYLOAD');
    expectError(await fac.patch(`/api/cohorts/${cohort.id}/sessions/nope`, { theme: 'x' }), 404, 'NOT_FOUND');

    // Regenerate with 6 sessions: the first six keep their ids, the last two retire.
    const res = await fac.put(`/api/cohorts/${cohort.id}/schedule`, { spec: monthlySpec(6) });
    expect(res.body.sessions.map((s: SessionItem) => s.id)).toEqual(before.slice(0, 6).map((s) => s.id));
    expect(res.body.sessions[0].theme).toBe('Welcome'); // kept by position when no themes are given
    // Single-session edits survive: the move and the cancellation stand.
    expect(res.body.sessions[1]).toMatchObject({ startsAt: '2030-03-13T19:30:00.000Z', originalStartsAt: before[1]!.startsAt, status: 'scheduled' });
    expect(res.body.sessions[2]).toMatchObject({ status: 'cancelled' });
    // A new time for all: the moved session stays where it was moved, "moved from" the new time.
    const later = await fac.put(`/api/cohorts/${cohort.id}/schedule`, { spec: { ...monthlySpec(6), time: '18:00' } });
    expect(later.body.sessions[0].startsAt).toBe('2030-02-12T18:00:00.000Z');
    expect(later.body.sessions[1]).toMatchObject({ startsAt: '2030-03-13T19:30:00.000Z', originalStartsAt: '2030-03-12T18:00:00.000Z' });
    expect(later.body.sessions[2]).toMatchObject({ status: 'cancelled' });
    expect(await h.services.sessionById(before[7]!.id)).toBeNull();
    expect((await h.services.sessionById(before[0]!.id))?.cohort.id).toBe(cohort.id);
    await fac.put(`/api/cohorts/${cohort.id}/schedule`, { spec: monthlySpec(), themes: THEMES });
  });

  test('every theme in one save: all or nothing, members may not', async () => {
    const list = await sessions();
    const themes = list.map((s, i) => ({ sessionId: s.id, theme: `Theme ${i + 1}` }));
    const res = await fac.put(`/api/cohorts/${cohort.id}/themes`, { themes });
    expect(res.status).toBe(200);
    expect((res.body.sessions as SessionItem[]).map((s) => s.theme)).toEqual(list.map((_, i) => `Theme ${i + 1}`));
    const before = await sessions();
    expectError(await fac.put(`/api/cohorts/${cohort.id}/themes`, { themes: [{ sessionId: list[0]!.id, theme: 'x' }, { sessionId: 'nope', theme: 'y' }] }), 404, 'NOT_FOUND');
    expect(await sessions()).toEqual(before); // nothing changed
    expectError(await tokyo.put(`/api/cohorts/${cohort.id}/themes`, { themes: [{ sessionId: list[0]!.id, theme: 'x' }] }), 403, 'NOT_ALLOWED');
    expectError(await fac.put(`/api/cohorts/${cohort.id}/themes`, { themes: [] }), 400, 'INVALID_PAYLOAD');
    await fac.put(`/api/cohorts/${cohort.id}/themes`, { themes: list.map((s, i) => ({ sessionId: s.id, theme: THEMES[i] ?? null })) });
  });

  test('home: the next session in my zone, and Join only inside the window', async () => {
    const first = (await sessions())[0]!;
    const start = Date.parse(first.startsAt);
    const home = async () => ((await tokyo.get('/api/home')).body as HomeView).cohorts.find((c) => c.cohort.id === cohort.id)!;

    h.clock.now = start - 11 * MIN;
    expect(await home()).toMatchObject({
      canJoin: false,
      window: { state: 'notYet', sessionId: first.id, opensAt: new Date(start - 10 * MIN).toISOString() },
      nextSession: { id: first.id, local: 'Wed 13 Feb 2030, 04:00 GMT+9' },
      timeZone: 'Asia/Tokyo',
      agreementPending: true,
    });
    h.clock.now = start - 10 * MIN;
    expect(await home()).toMatchObject({ canJoin: true, window: { state: 'open', sessionId: first.id } });
    h.clock.now = Date.parse(first.endsAt) + 15 * MIN;
    expect(await home()).toMatchObject({ canJoin: false, window: { state: 'notYet' } });
    expect((await home()).nextSession?.id).not.toBe(first.id);
  });

  test('once a session has happened the schedule cannot be regenerated', async () => {
    expectError(await fac.put(`/api/cohorts/${cohort.id}/schedule`, { spec: monthlySpec() }), 409, 'CONFLICT');
    const first = (await sessions())[0]!;
    expectError(await fac.patch(`/api/cohorts/${cohort.id}/sessions/${first.id}`, { cancelled: true }), 409, 'CONFLICT');
  });

  test('attendance is recorded for the circle layer and visible to facilitators only', async () => {
    const [first] = await sessions();
    await h.services.recordAttendance(first!.id, tokyoUser.id, 'Kei', Date.parse(first!.startsAt) + MIN);
    await h.services.recordAttendance(first!.id, tokyoUser.id, 'Kei', Date.parse(first!.startsAt) + 20 * MIN); // rejoin
    await expect(h.services.recordAttendance('unknownSession', tokyoUser.id, 'Kei', 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const res = await fac.get(`/api/cohorts/${cohort.id}/attendance`);
    expect(res.body[0]).toMatchObject({
      sessionId: first!.id,
      attendees: [{ userId: tokyoUser.id, displayName: 'Kei', firstJoinedAt: new Date(Date.parse(first!.startsAt) + MIN).toISOString() }],
    });
    expect(res.body[0].attendees).toHaveLength(1);
    expectError(await tokyo.get(`/api/cohorts/${cohort.id}/attendance`), 403, 'NOT_ALLOWED');
  });

  test('the agreement is versioned; acceptance is per version', async () => {
    expect(await h.services.hasAcceptedAgreement(tokyoUser.id, cohort.id)).toBe(false);
    expect((await tokyo.post(`/api/cohorts/${cohort.id}/agreement/accept`, { version: 1 })).status).toBe(200);
    expect(await h.services.hasAcceptedAgreement(tokyoUser.id, cohort.id)).toBe(true);
    const edit = await fac.put(`/api/cohorts/${cohort.id}/agreement`, { text: 'Be kind. Keep confidences.', baseVersion: 1 });
    expect(edit.body).toMatchObject({ version: 2, text: 'Be kind. Keep confidences.', updatedBy: expect.any(String), updatedAt: expect.any(String) });
    expectError(await fac.put(`/api/cohorts/${cohort.id}/agreement`, { text: 'stale edit', baseVersion: 1 }), 409, 'CONFLICT');
    expect(await h.services.hasAcceptedAgreement(tokyoUser.id, cohort.id)).toBe(false);
    expectError(await tokyo.post(`/api/cohorts/${cohort.id}/agreement/accept`, { version: 1 }), 409, 'CONFLICT');
    expect((await tokyo.post(`/api/cohorts/${cohort.id}/agreement/accept`, { version: 2 })).status).toBe(200);
    expect(await h.services.hasAcceptedAgreement(tokyoUser.id, cohort.id)).toBe(true);
  });

  test('getCohortAccess and sessionById for the circle layer', async () => {
    const outsider = await createUser(h, 'outsider');
    expect(await h.services.getCohortAccess(outsider.id, cohort.id)).toBeNull();
    expect(await h.services.getCohortAccess(tokyoUser.id, cohort.id)).toMatchObject({ role: 'member', canManage: false, membership: { displayName: 'Kei' } });
    expect(await h.services.getCohortAccess(admin.id, cohort.id)).toMatchObject({ role: 'admin', canManage: true, membership: null });
    const [first] = await sessions();
    expect(await h.services.sessionById(first!.id)).toMatchObject({ cohort: { id: cohort.id }, session: { id: first!.id, index: 0 } });
  });
});

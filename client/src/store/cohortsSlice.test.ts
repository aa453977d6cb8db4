import { cohortView, homeCohort, sessionItem, sessionView } from '../test/apiViews';
import { deferred, fakeApi, fakeFetch, fakeServices, type FakeReply } from '../test/fakeServices';
import { createHearthStore } from './createStore';
import { replaceSession } from './cohortsSlice';

function storeWith(route: (method: string, url: string, body: unknown) => FakeReply | Promise<FakeReply>) {
  const f = fakeFetch(route);
  const store = createHearthStore(() => services);
  const services = fakeServices({ api: fakeApi(f.fetch) });
  store.getState().sessionStarted(sessionView());
  return { store, requests: f.requests };
}

describe('cohorts slice: home', () => {
  it('loads home, then each cohort’s full view for its crisis resources', async () => {
    const { store, requests } = storeWith((_m, url) => {
      if (url === '/api/home') return { body: { me: sessionView().me, cohorts: [homeCohort()] } };
      if (url === '/api/cohorts/c1') return { body: cohortView() };
      return { status: 404 };
    });
    await store.getState().loadHome();
    const { home, details } = store.getState().cohorts;
    expect(home.status).toBe('ready');
    expect(home.data?.cohorts).toHaveLength(1);
    expect(details.c1?.crisisResources).toBe('Call 116 123');
    expect(requests.map((r) => r.url)).toEqual(['/api/home', '/api/cohorts/c1']);
  });

  it('keeps the old data and shows an error sentence when a refresh fails', async () => {
    let fail = false;
    const { store } = storeWith(() => (fail ? { status: 503 } : { body: { me: sessionView().me, cohorts: [] } }));
    await store.getState().loadHome();
    fail = true;
    await store.getState().loadHome();
    expect(store.getState().cohorts.home).toMatchObject({ status: 'error', data: { cohorts: [] }, error: expect.stringMatching(/Can't reach Hearth/) });
  });

  it('accepting the agreement clears the pending flag everywhere', async () => {
    const { store } = storeWith((_m, url) => {
      if (url === '/api/home') return { body: { me: sessionView().me, cohorts: [homeCohort()] } };
      if (url === '/api/cohorts/c1') return { body: cohortView() };
      if (url === '/api/cohorts/c1/agreement/accept') return { body: { acceptedAgreementVersion: 2, acceptedAt: 'now' } };
      return { status: 404 };
    });
    await store.getState().loadHome();
    const r = await store.getState().acceptAgreement('c1', 2);
    expect(r).toEqual({ ok: true, data: 2 });
    expect(store.getState().cohorts.home.data?.cohorts[0]?.agreementPending).toBe(false);
    expect(store.getState().cohorts.details.c1?.acceptedAgreementVersion).toBe(2);
  });
});

describe('cohorts slice: the cohort page', () => {
  it('ignores a late reply for a cohort the person already left', async () => {
    const first = deferred<FakeReply>();
    const { store } = storeWith((_m, url) => (url === '/api/cohorts/c1' ? first.promise : { body: cohortView({ id: 'c2', name: 'Autumn' }) }));
    const slow = store.getState().loadCohort('c1');
    await store.getState().loadCohort('c2');
    first.resolve({ body: cohortView() });
    await slow;
    expect(store.getState().cohorts).toMatchObject({ currentId: 'c2', current: { data: { name: 'Autumn' } } });
  });

  it('folds a session edit into the open cohort', async () => {
    const moved = sessionItem({ id: 's2', index: 1, startsAt: '2026-03-11T19:00:00.000Z', originalStartsAt: '2026-03-10T19:00:00.000Z' });
    const { store, requests } = storeWith((m) => (m === 'PATCH' ? { body: moved } : { body: cohortView() }));
    await store.getState().loadCohort('c1');
    const r = await store.getState().updateSession('c1', 's2', { startsAt: moved.startsAt });
    expect(r.ok).toBe(true);
    expect(requests[1]).toMatchObject({ method: 'PATCH', url: '/api/cohorts/c1/sessions/s2', body: { startsAt: moved.startsAt } });
    expect(store.getState().cohorts.current.data?.sessions[1]).toEqual(moved);
  });

  it('saving a schedule replaces the sessions and the schedule text', async () => {
    const spec = { timeZone: 'Europe/London', startDate: '2026-01-01', time: '19:00', durationMinutes: 90, rule: { freq: 'weekly' as const, byWeekday: 'TU' as const }, count: 1 };
    const { store } = storeWith((m) => (m === 'PUT' ? { body: { scheduleText: 'Weekly on Tuesday', sessions: [sessionItem({ id: 'n1' })] } } : { body: cohortView({ manage: { schedule: null, scheduleText: null, icalUrl: 'x' } }) }));
    await store.getState().loadCohort('c1');
    await store.getState().saveSchedule('c1', { spec });
    const c = store.getState().cohorts.current.data!;
    expect(c.sessions.map((s) => s.id)).toEqual(['n1']);
    expect(c.manage).toMatchObject({ scheduleText: 'Weekly on Tuesday', schedule: spec });
  });

  it('a stale agreement edit gets a sentence that says what to do', async () => {
    const { store } = storeWith((m) => (m === 'PUT' ? { status: 409, body: { error: { code: 'CONFLICT', message: 'stale' } } } : { body: cohortView() }));
    await store.getState().loadCohort('c1');
    const r = await store.getState().saveAgreement('c1', 'New text', 1);
    expect(r).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringMatching(/Someone else changed/) });
    expect(store.getState().cohorts.current.data?.agreement.text).toBe('Be kind');
  });

  it('removing a member updates the list and the seat count', async () => {
    const members = [
      { userId: 'u1', displayName: 'Ada', role: 'facilitator' },
      { userId: 'u2', displayName: 'Sam', role: 'member' },
    ];
    const { store } = storeWith((m, url) => {
      if (m === 'DELETE') return { status: 204 };
      if (url.endsWith('/members')) return { body: members };
      return { body: cohortView() };
    });
    await store.getState().loadCohort('c1');
    await store.getState().loadMembers('c1');
    await store.getState().removeMember('c1', 'u2');
    expect(store.getState().cohorts.members.data?.map((m) => m.userId)).toEqual(['u1']);
    expect(store.getState().cohorts.current.data?.memberCount).toBe(0);
  });

  it('an admin erasing a member calls the account route and takes them off the list', async () => {
    const members = [
      { userId: 'u1', displayName: 'Ada', role: 'facilitator' },
      { userId: 'u2', displayName: 'Sam', role: 'member' },
    ];
    const { store, requests } = storeWith((m, url) => {
      if (m === 'DELETE') return { body: { userId: 'u2', signedOutSessions: 1, cohortsLeft: 1, attendanceAnonymised: 0, invitesScrubbed: 0, hostedCirclesEnded: 0 } };
      if (url.endsWith('/members')) return { body: members };
      return { body: cohortView() };
    });
    await store.getState().loadCohort('c1');
    await store.getState().loadMembers('c1');
    const r = await store.getState().eraseMember('c1', 'u2');
    expect(r).toMatchObject({ ok: true, data: { userId: 'u2' } });
    expect(requests.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/admin/users/u2' });
    expect(store.getState().cohorts.members.data?.map((m) => m.userId)).toEqual(['u1']);
  });

  it('a deleted cohort leaves the admin list and the open page', async () => {
    const listed = [{ id: 'c1', name: 'Spring', stage: '', role: 'admin', displayName: null }];
    const { store } = storeWith((m) => (m === 'DELETE' ? { status: 204 } : { body: listed }));
    await store.getState().loadCohortList();
    await store.getState().loadCohort('c1');
    const r = await store.getState().deleteCohort('c1');
    expect(r.ok).toBe(true);
    expect(store.getState().cohorts.list.data).toEqual([]);
    expect(store.getState().cohorts.currentId).toBeNull();
  });

  it('a created cohort joins the admin list', async () => {
    const { store } = storeWith((m) => (m === 'POST' ? { status: 201, body: cohortView({ id: 'c9', name: 'New', role: 'admin' }) } : { body: [] }));
    await store.getState().loadCohortList();
    const r = await store.getState().createCohort({ name: 'New', timeZone: 'Europe/London' });
    expect(r.ok).toBe(true);
    expect(store.getState().cohorts.list.data).toEqual([{ id: 'c9', name: 'New', stage: 'Aspiring', role: 'admin', displayName: null }]);
  });
});

describe('replaceSession', () => {
  it('keeps the order', () => {
    const a = sessionItem({ id: 'a' });
    const b = sessionItem({ id: 'b' });
    expect(replaceSession([a, b], { ...a, theme: 'Hope' }).map((s) => [s.id, s.theme])).toEqual([
      ['a', 'Hope'],
      ['b', null],
    ]);
  });
});

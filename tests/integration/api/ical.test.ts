import ICAL from 'ical.js';
import type { CohortView, MeView, SessionItem } from '@hearth/shared';
import type { UserRecord } from '../../../server/src/accounts/types';
import type { CohortRecord } from '../../../server/src/cohorts/records/types';
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

/** The feed's events by UID, read back with ical.js rather than the library that wrote them. */
async function fetchFeed(h: ApiHarness, url: string) {
  const res = await new ApiClient(h.app).get(new URL(url).pathname);
  if (res.status !== 200) return { status: res.status, events: new Map<string, Record<string, string>>() };
  expect(res.headers['content-type']).toMatch(/^text\/calendar/);
  const calendar = new ICAL.Component(ICAL.parse(res.text));
  const events = new Map<string, Record<string, string>>();
  for (const e of calendar.getAllSubcomponents('vevent')) {
    const time = (name: string) => (e.getFirstPropertyValue(name) as InstanceType<typeof ICAL.Time>).toJSDate().toISOString();
    events.set(String(e.getFirstPropertyValue('uid')), {
      start: time('dtstart'),
      end: time('dtend'),
      status: String(e.getFirstPropertyValue('status')),
      sequence: String(e.getFirstPropertyValue('sequence')),
      summary: String(e.getFirstPropertyValue('summary')),
    });
  }
  return { status: res.status, events };
}

describe.each<StoreKind>(['redis', 'embedded'])('calendar feeds (%s store)', (kind) => {
  let h: ApiHarness;
  let cohort: CohortRecord;
  let fac: ApiClient;
  let member: ApiClient;
  let memberUser: UserRecord;
  let sessions: SessionItem[];

  beforeAll(async () => {
    h = await startApi(kind);
    const admin = await createUser(h, 'admin', { isAdmin: true });
    cohort = await createCohort(h, admin, { name: 'Carers, Qualified' });
    const facUser = await createUser(h, 'fac');
    memberUser = await createUser(h, 'member');
    await addMember(h, cohort, facUser, 'facilitator', 'Fran');
    await addMember(h, cohort, memberUser, 'member', 'Mia');
    fac = await clientFor(h, facUser);
    member = await clientFor(h, memberUser);
    sessions = (await fac.put(`/api/cohorts/${cohort.id}/schedule`, { spec: monthlySpec(), themes: ['Arrival'] })).body.sessions;
  });
  afterAll(async () => h?.close());

  const memberFeedUrl = async () => ((await member.get('/api/session')).body.me as MeView).icalUrl;
  const cohortFeedUrl = async () => ((await fac.get(`/api/cohorts/${cohort.id}`)).body as CohortView).manage!.icalUrl;

  test('both feeds list every session', async () => {
    const url = await memberFeedUrl();
    expect(url).toMatch(/^https:\/\/hearth\.test\/ical\/u\/[A-Za-z0-9_-]{43}\.ics$/);
    for (const feed of [await fetchFeed(h, url), await fetchFeed(h, await cohortFeedUrl())]) {
      expect(feed.status).toBe(200);
      expect(feed.events.size).toBe(8);
      expect(feed.events.get(`${sessions[0]!.id}@hearth`)).toMatchObject({
        start: sessions[0]!.startsAt,
        status: 'CONFIRMED',
        summary: 'Carers, Qualified: Session 1 — Arrival',
      });
    }
  });

  test('a moved and a cancelled session show in both feeds on the next fetch', async () => {
    const [, second, third] = sessions;
    await fac.patch(`/api/cohorts/${cohort.id}/sessions/${second!.id}`, { startsAt: '2030-03-20T18:00:00Z', durationMinutes: 60 });
    await fac.patch(`/api/cohorts/${cohort.id}/sessions/${third!.id}`, { cancelled: true });
    for (const url of [await memberFeedUrl(), await cohortFeedUrl()]) {
      const { events } = await fetchFeed(h, url);
      expect(events.get(`${second!.id}@hearth`)).toMatchObject({
        start: '2030-03-20T18:00:00.000Z',
        end: '2030-03-20T19:00:00.000Z',
        status: 'CONFIRMED',
        sequence: '1',
      });
      expect(events.get(`${third!.id}@hearth`)).toMatchObject({ status: 'CANCELLED', sequence: '1' });
    }
  });

  test('regenerating a token kills the old URL', async () => {
    const oldMember = await memberFeedUrl();
    const fresh = (await member.post('/api/me/ical-token')).body.icalUrl as string;
    expect(fresh).not.toBe(oldMember);
    expect((await fetchFeed(h, oldMember)).status).toBe(404);
    expect((await fetchFeed(h, fresh)).status).toBe(200);

    const oldCohort = await cohortFeedUrl();
    const freshCohort = (await fac.post(`/api/cohorts/${cohort.id}/ical-token`)).body.icalUrl as string;
    expect((await fetchFeed(h, oldCohort)).status).toBe(404);
    expect((await fetchFeed(h, freshCohort)).status).toBe(200);
  });

  test('feed tokens are not interchangeable, and unknown ones are 404', async () => {
    const userToken = new URL(await memberFeedUrl()).pathname.split('/').pop()!;
    expect((await new ApiClient(h.app).get(`/ical/c/${userToken}`)).status).toBe(404);
    expect((await new ApiClient(h.app).get(`/ical/u/${'x'.repeat(43)}.ics`)).status).toBe(404);
    expect((await new ApiClient(h.app).get('/ical/u/short.ics')).status).toBe(400);
  });

  test('a member who leaves stops seeing the cohort in their feed', async () => {
    const url = await memberFeedUrl();
    await member.delete(`/api/cohorts/${cohort.id}/members/${memberUser.id}`);
    const { status, events } = await fetchFeed(h, url);
    expect(status).toBe(200);
    expect(events.size).toBe(0);
  });
});

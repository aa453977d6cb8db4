import { PERSONAL_DATA_EXPORT_FORMAT, type ErasureSummary, type PersonalDataExport } from '@hearth/shared';
import { hashToken } from '../../../server/src/accounts/tokens';
import type { UserRecord } from '../../../server/src/accounts/types';
import type { CohortRecord } from '../../../server/src/cohorts/records/types';
import { createRecords } from '../../../server/src/records';
import { enforceAttendanceRetention } from '../../../server/src/privacy/retention';
import { keys } from '../../../server/src/store/keys';
import {
  ApiClient,
  PASSWORD,
  addMember,
  clientFor,
  createCohort,
  createUser,
  expectError,
  monthlySpec,
  startApi,
  uniqueEmail,
  type ApiHarness,
  type StoreKind,
} from '../../helpers/api';
import { foundInStore } from '../../helpers/storeScan';

jest.setTimeout(60_000);

let seq = 0;
/** A name no other test (or run) uses, so finding it in the store means it is this person's. */
const unique = (label: string) => `${label}${process.pid}x${++seq}`;

/** A member with a footprint everywhere Hearth keeps something about a person. */
interface Footprint {
  person: UserRecord;
  displayNames: string[];
  /** Their cookie values (two browsers). */
  tokens: string[];
  clients: ApiClient[];
  cohort: CohortRecord;
  left: CohortRecord;
  sessionId: string;
  leftSessionId: string;
  hostedId: string;
}

async function footprint(h: ApiHarness, admin: UserRecord): Promise<Footprint> {
  const person = await h.services.users.create({ email: uniqueEmail('mira'), name: unique('Mira'), password: PASSWORD });
  const [nameA, nameB] = [unique('Mi'), unique('Mimi')];
  const cohort = await createCohort(h, admin, { name: unique('Tuesday') });
  const left = await createCohort(h, admin, { name: unique('Spring') });
  const fellow = await createUser(h, 'fellow');
  await addMember(h, cohort, fellow, 'member', 'Fellow');
  // They came in through an invite addressed to them.
  const { token } = await h.services.invites.create({ cohortId: cohort.id, role: 'member', email: person.email, createdBy: admin.id, expiresInDays: 14 });
  await h.services.invites.claim(token, person.id);
  await addMember(h, cohort, person, 'member', nameA);
  await addMember(h, left, person, 'member', nameB);
  // An invite for them to a third cohort, never used.
  const third = await createCohort(h, admin, { name: unique('Autumn') });
  await h.services.invites.create({ cohortId: third.id, role: 'member', email: person.email, createdBy: admin.id, expiresInDays: 14 });
  const [s1] = (await h.services.sessions.regenerate(cohort.id, monthlySpec(2), undefined)).sessions;
  const [s2] = (await h.services.sessions.regenerate(left.id, monthlySpec(2), undefined)).sessions;
  await h.services.recordAttendance(s1!.id, person.id, nameA, h.clock());
  await h.services.recordAttendance(s1!.id, fellow.id, 'Fellow', h.clock());
  await h.services.recordAttendance(s2!.id, person.id, nameB, h.clock());
  // Attendance outlives leaving a cohort.
  await h.services.members.remove(left.id, person.id);
  const { circle } = await h.services.hosted.create(person.id, unique('Book club'));
  const clients = [await clientFor(h, person), await clientFor(h, person)];
  return {
    person,
    displayNames: [nameA, nameB],
    tokens: clients.map((c) => c.cookie!),
    clients,
    cohort,
    left,
    sessionId: s1!.id,
    leftSessionId: s2!.id,
    hostedId: circle.id,
  };
}

/** Every string in the store that would tie data to the person. */
function traces(f: Footprint): string[] {
  const p = f.person;
  return [
    p.id,
    p.email,
    hashToken(p.email),
    p.name,
    ...f.displayNames,
    p.icalToken,
    hashToken(p.icalToken),
    ...f.tokens.flatMap((t) => [t, hashToken(t)]),
    f.hostedId,
  ];
}

describe.each<StoreKind>(['redis', 'embedded'])('personal data: export and erasure (%s store)', (kind) => {
  let h: ApiHarness;
  let admin: UserRecord;

  beforeAll(async () => {
    h = await startApi(kind);
    admin = await createUser(h, 'admin', { isAdmin: true });
  });
  afterAll(async () => h?.close());

  test('the export holds the account, cohorts with role and name, attendance, feed, sessions, circles and invites, and no working secret', async () => {
    const f = await footprint(h, admin);
    const res = await f.clients[0]!.get('/api/me/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="hearth-my-data-\d{4}-\d\d-\d\d\.json"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const data = res.body as PersonalDataExport;
    expect(data).toMatchObject({
      format: PERSONAL_DATA_EXPORT_FORMAT,
      account: { id: f.person.id, email: f.person.email, name: f.person.name, isAdmin: false, timeZone: null },
      cohorts: [{ cohortId: f.cohort.id, name: f.cohort.name, role: 'member', displayName: f.displayNames[0], acceptedAgreementVersion: null }],
      calendarFeeds: [{ kind: 'personal', issuedAt: f.person.createdAt, active: true }],
      hostedCircles: [{ circleId: f.hostedId, linkActive: true }],
      retention: { attendanceDays: 400 },
    });
    // Both sessions, including the one in the cohort they left, with when each record goes.
    expect(data.attendance.map((a) => [a.sessionId, a.displayName]).sort()).toEqual(
      [
        [f.sessionId, f.displayNames[0]],
        [f.leftSessionId, f.displayNames[1]],
      ].sort(),
    );
    const expectedDeletion = new Date(h.clock() + 400 * 24 * 60 * 60 * 1000).toISOString();
    expect(data.attendance.every((a) => a.deletedAfter === expectedDeletion)).toBe(true);
    expect(data.attendance.some((a) => a.displayName === 'Fellow')).toBe(false);
    expect(data.signInSessions).toHaveLength(2);
    expect(data.signInSessions.filter((s) => s.current)).toHaveLength(1);
    expect(data.invites.map((i) => i.usedAt !== null).sort()).toEqual([false, true]);
    const text = JSON.stringify(data);
    for (const secret of [f.person.icalToken, hashToken(f.person.icalToken), ...f.tokens, ...f.tokens.map(hashToken)]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain((await h.store.get<string>(keys.userPassword(f.person.id)))!);
  });

  test('deleting my account needs the CSRF token and my password; a refusal changes nothing', async () => {
    const f = await footprint(h, admin);
    const [me] = f.clients;
    expectError(await me!.send('delete', '/api/me', { password: PASSWORD }, { csrf: false }), 403, 'CSRF');
    expectError(await me!.delete('/api/me'), 400, 'INVALID_PAYLOAD');
    expectError(await me!.delete('/api/me', { password: PASSWORD, also: 1 }), 400, 'INVALID_PAYLOAD');
    expectError(await me!.delete('/api/me', { password: 'not my password' }), 403, 'REAUTH_FAILED');
    expectError(await new ApiClient(h.app).delete('/api/me', { password: PASSWORD }), 401, 'UNAUTHENTICATED');
    expect((await me!.get('/api/session')).status).toBe(200);
    expect((await f.clients[1]!.get('/api/session')).status).toBe(200);
    expect(await foundInStore(h.store, [f.person.email, f.displayNames[0]!])).toHaveLength(2);
  });

  test('erasure: signed out everywhere, out of every cohort, attendance anonymised, feed and circles gone, email free, nothing left', async () => {
    const f = await footprint(h, admin);
    const feed = `/ical/u/${f.person.icalToken}.ics`;
    expect((await new ApiClient(h.app).get(feed)).status).toBe(200);

    const res = await f.clients[0]!.delete('/api/me', { password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body as ErasureSummary).toEqual({
      userId: f.person.id,
      signedOutSessions: 2,
      cohortsLeft: 1,
      attendanceAnonymised: 2,
      invitesScrubbed: 2,
      hostedCirclesEnded: 1,
    });
    expect(f.clients[0]!.cookie).toBeUndefined(); // the reply cleared the cookie

    // Nothing of theirs remains anywhere in the store (on disk, for the embedded one).
    expect(await foundInStore(h.store, traces(f))).toEqual([]);

    // The other browser is signed out; the feed is gone; the password no longer works.
    expectError(await f.clients[1]!.get('/api/session'), 401, 'UNAUTHENTICATED');
    expectError(await new ApiClient(h.app).get(feed), 404, 'NOT_FOUND');
    expectError(await new ApiClient(h.app).post('/api/auth/sign-in', { email: f.person.email, password: PASSWORD }, { ip: '10.9.0.1' }), 401, 'UNAUTHENTICATED');

    // The cohort keeps its count: one anonymous attendee beside the fellow member.
    const attendees = await h.services.attendance.of(f.sessionId);
    expect(attendees.map((a) => a.displayName).sort()).toEqual(['Fellow', 'Former member']);
    expect(attendees.find((a) => a.erased)?.userId).toMatch(/^erased-/);
    expect(Object.keys(await h.services.members.all(f.cohort.id))).not.toContain(f.person.id);

    // The email is free for a new account.
    const again = await h.services.users.create({ email: f.person.email, name: 'Mira again', password: PASSWORD });
    expect(again.id).not.toBe(f.person.id);
  });

  test('anonymising attendance keeps its retention deadline', async () => {
    const f = await footprint(h, admin);
    const before = (await h.services.attendance.deletedAfter(f.sessionId))!;
    h.clock.advance(60_000);
    await f.clients[0]!.delete('/api/me', { password: PASSWORD });
    expect(await h.services.attendance.deletedAfter(f.sessionId)).toBe(before);
    if (kind === 'redis') {
      const pttl = await (h.store as unknown as { redis: { pttl(k: string): Promise<number> } }).redis.pttl(keys.sessionAttendance(f.sessionId));
      expect(pttl).toBeGreaterThan(before - h.clock() - 5_000);
      expect(pttl).toBeLessThanOrEqual(before - h.clock());
    }
  });

  test('an admin erases a person; others may not, and an admin erases themself only from their own settings', async () => {
    const f = await footprint(h, admin);
    const adminClient = await clientFor(h, admin);
    const other = await clientFor(h, await createUser(h, 'nosy'));
    expectError(await other.delete(`/api/admin/users/${f.person.id}`), 403, 'NOT_ALLOWED');
    expectError(await adminClient.delete(`/api/admin/users/${admin.id}`), 403, 'NOT_ALLOWED');
    expectError(await adminClient.delete('/api/admin/users/noSuchUser1'), 404, 'NOT_FOUND');
    expectError(await adminClient.delete('/api/admin/users/bad:id'), 400, 'INVALID_PAYLOAD');
    expect((await f.clients[0]!.get('/api/session')).status).toBe(200);

    const res = await adminClient.delete(`/api/admin/users/${f.person.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: f.person.id, signedOutSessions: 2, cohortsLeft: 1 });
    expect(await foundInStore(h.store, traces(f))).toEqual([]);
    expectError(await f.clients[0]!.get('/api/session'), 401, 'UNAUTHENTICATED');
    expect((await adminClient.get('/api/session')).status).toBe(200);
    // Erasing twice finds nobody.
    expectError(await adminClient.delete(`/api/admin/users/${f.person.id}`), 404, 'NOT_FOUND');
  });

  test('an erased admin is forgotten as creator of cohorts and invites and as editor of agreements', async () => {
    const founder = await createUser(h, 'founder', { isAdmin: true });
    const cohort = await createCohort(h, founder, { name: unique('Founded') });
    await h.services.cohorts.setAgreement(cohort.id, 'Be kind, always.', founder.id);
    await h.services.invites.create({ cohortId: cohort.id, role: 'member', email: null, createdBy: founder.id, expiresInDays: 7 });
    const res = await (await clientFor(h, admin)).delete(`/api/admin/users/${founder.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ invitesScrubbed: 1 });
    const after = (await h.services.cohorts.get(cohort.id))!;
    expect(after).toMatchObject({ createdBy: null, agreement: { text: 'Be kind, always.', updatedBy: null } });
    expect(await foundInStore(h.store, [founder.id, founder.email])).toEqual([]);
  });
});

describe.each<StoreKind>(['redis', 'embedded'])('retention and deletion (%s store)', (kind) => {
  const RETENTION_MS = 300;
  let h: ApiHarness;
  let admin: UserRecord;

  beforeAll(async () => {
    h = await startApi(kind, { attendanceRetentionMs: RETENTION_MS });
    admin = await createUser(h, 'admin', { isAdmin: true });
  });
  afterAll(async () => h?.close());

  test('attendance is deleted once the retention limit has passed, from the store and from disk', async () => {
    const cohort = await createCohort(h, admin);
    const [session] = (await h.services.sessions.regenerate(cohort.id, monthlySpec(1), undefined)).sessions;
    const name = unique('Fleeting');
    const member = await createUser(h, 'fleeting');
    await addMember(h, cohort, member, 'member', name);
    await h.services.recordAttendance(session!.id, member.id, name, h.clock());
    expect(await h.services.attendance.of(session!.id)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, RETENTION_MS + 100));
    expect(await h.services.attendance.of(session!.id)).toEqual([]);
    // The membership stays (it is not attendance); the record of having attended does not.
    const dump = await foundInStore(h.store, [keys.sessionAttendance(session!.id)]);
    expect(dump).toEqual([]);
  });

  test('at start, retention is applied to records kept under a longer retention, or none at all', async () => {
    const cohort = await createCohort(h, admin);
    const [older, untimed] = (await h.services.sessions.regenerate(cohort.id, monthlySpec(2), undefined)).sessions;
    // Written by a node that kept attendance for 400 days, and before retention existed.
    const before = createRecords({ store: h.store, clock: h.clock, config: { publicUrl: 'https://hearth.test' } });
    await before.recordAttendance(older!.id, admin.id, 'Ada', h.clock());
    const joinedAt = new Date(h.clock()).toISOString();
    await h.store.set(keys.sessionAttendance(untimed!.id), { x: { userId: 'x', displayName: 'X', firstJoinedAt: joinedAt, lastJoinedAt: joinedAt } });
    h.clock.advance(10 * RETENTION_MS);
    expect(await h.services.attendance.of(older!.id)).toHaveLength(1);
    const sweep = await enforceAttendanceRetention(h.services);
    expect(sweep).toMatchObject({ deleted: expect.any(Number) });
    expect(sweep.deleted).toBeGreaterThanOrEqual(2);
    expect(await h.services.attendance.of(older!.id)).toEqual([]);
    expect(await h.services.attendance.of(untimed!.id)).toEqual([]);
    expect(await foundInStore(h.store, [keys.sessionAttendance(older!.id), keys.sessionAttendance(untimed!.id)])).toEqual([]);

    // A record still inside the retention gets the TTL it implies.
    const [fresh] = (await h.services.sessions.regenerate((await createCohort(h, admin)).id, monthlySpec(1), undefined)).sessions;
    await h.store.set(keys.sessionAttendance(fresh!.id), { y: { userId: 'y', displayName: 'Y', firstJoinedAt: new Date(h.clock()).toISOString(), lastJoinedAt: new Date(h.clock()).toISOString() } });
    expect((await enforceAttendanceRetention(h.services)).kept).toBeGreaterThanOrEqual(1);
    expect(await h.services.attendance.deletedAfter(fresh!.id)).toBe(h.clock() + RETENTION_MS);
    if (kind === 'redis') {
      const pttl = await (h.store as unknown as { redis: { pttl(k: string): Promise<number> } }).redis.pttl(keys.sessionAttendance(fresh!.id));
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(RETENTION_MS);
    }
    await new Promise((r) => setTimeout(r, RETENTION_MS + 100));
    expect(await h.services.attendance.of(fresh!.id)).toEqual([]);
  });

  test('deleting a cohort deletes its members list, sessions, attendance, invites and feed; accounts stay', async () => {
    const cohort = await createCohort(h, admin, { name: unique('Closing') });
    const member = await createUser(h, 'stays');
    await addMember(h, cohort, member, 'member', unique('Stay'));
    const [session] = (await h.services.sessions.regenerate(cohort.id, monthlySpec(2), undefined)).sessions;
    await h.services.recordAttendance(session!.id, member.id, 'Stay', h.clock());
    await h.services.invites.create({ cohortId: cohort.id, role: 'member', email: null, createdBy: admin.id, expiresInDays: 7 });
    const res = await (await clientFor(h, admin)).delete(`/api/cohorts/${cohort.id}`);
    expect(res.status).toBe(204);
    expect(await foundInStore(h.store, [cohort.id, cohort.icalToken, hashToken(cohort.icalToken), session!.id])).toEqual([]);
    expectError(await new ApiClient(h.app).get(`/ical/c/${cohort.icalToken}.ics`), 404, 'NOT_FOUND');
    expect(await h.services.members.cohortIdsOf(member.id)).toEqual([]);
    expect(await h.services.users.get(member.id)).not.toBeNull();
  });

  test('hosted circles: 30 days to live, 12 h once the link is revoked, gone when ended; a stranger cannot move their clock', async () => {
    const owner = await createUser(h, 'host');
    const { circle } = await h.services.hosted.create(owner.id, 'Walkers');
    const ttl = async () =>
      kind === 'redis' ? (h.store as unknown as { redis: { pttl(k: string): Promise<number> } }).redis.pttl(keys.hostedCircle(circle.id)) : null;
    const HOUR = 60 * 60 * 1000;
    if (kind === 'redis') expect(await ttl()).toBeGreaterThan(30 * 24 * HOUR - 60_000);
    const stranger = await createUser(h, 'stranger');
    await expect(h.services.hosted.rotateLink(circle.id, stranger.id, true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await h.services.hosted.get(circle.id))?.linkKeyHash).not.toBeNull();
    if (kind === 'redis') expect(await ttl()).toBeGreaterThan(30 * 24 * HOUR - 60_000);
    await h.services.hosted.rotateLink(circle.id, owner.id, true);
    if (kind === 'redis') {
      expect(await ttl()).toBeLessThanOrEqual(12 * HOUR);
      expect(await ttl()).toBeGreaterThan(12 * HOUR - 60_000);
    }
    expect((await h.services.hosted.listOf(owner.id)).map((c) => c.circle.id)).toEqual([circle.id]);
    await expect(h.services.hosted.end(circle.id, stranger.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await h.services.hosted.end(circle.id, owner.id);
    expect(await h.services.hosted.get(circle.id)).toBeNull();
    expect(await foundInStore(h.store, [circle.id])).toEqual([]);
  });
});

import { PERSONAL_DATA_EXPORT_FORMAT, type PersonalDataExport } from '@hearth/shared';
import { hashToken } from '../accounts/tokens';
import type { UserRecord } from '../accounts/types';
import { cohortsOf } from '../cohorts/records/cohortAccess';
import type { Records } from '../records';
import { retentionDays } from '../http/api/views';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Everything Hearth keeps about `user` (GDPR art. 15), read from the store now. Live
 * circle state (who holds the floor right now) is not included: it exists only while the
 * circle runs and is deleted when its session ends. `currentToken` is the caller's
 * cookie, to mark which sign-in session is this browser.
 */
export async function exportPersonalData(services: Records, user: UserRecord, currentToken?: string): Promise<PersonalDataExport> {
  const now = services.clock();
  const current = currentToken ? hashToken(currentToken) : null;
  const person = { id: user.id, email: user.email };
  const [memberships, allCohorts, sessions, hosted] = await Promise.all([
    cohortsOf(services, user.id),
    services.cohorts.list(),
    services.signIns.listOf(user.id),
    services.hosted.listOf(user.id),
  ]);

  const attendance: PersonalDataExport['attendance'] = [];
  const invites: PersonalDataExport['invites'] = [];
  // Every cohort, not only current ones: attendance outlives leaving a cohort.
  for (const cohort of allCohorts) {
    const { sessions: live, retired } = await services.sessions.get(cohort.id);
    await Promise.all(
      [...live, ...retired].map(async (session) => {
        const mine = (await services.attendance.of(session.id)).find((e) => e.userId === user.id);
        if (!mine) return;
        const until = await services.attendance.deletedAfter(session.id);
        attendance.push({
          cohortId: cohort.id,
          cohortName: cohort.name,
          sessionId: session.id,
          sessionStartsAt: session.startsAt,
          displayName: mine.displayName,
          firstJoinedAt: mine.firstJoinedAt,
          lastJoinedAt: mine.lastJoinedAt,
          deletedAfter: until === null ? null : iso(until),
        });
      }),
    );
    for (const i of await services.invites.concerning(cohort.id, person)) {
      invites.push({ cohortId: i.cohortId, role: i.role, email: i.email, createdAt: i.createdAt, expiresAt: i.expiresAt, usedAt: i.usedAt });
    }
  }
  attendance.sort((a, b) => a.sessionStartsAt.localeCompare(b.sessionStartsAt));

  return {
    format: PERSONAL_DATA_EXPORT_FORMAT,
    exportedAt: iso(now),
    account: {
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: user.isAdmin,
      timeZone: user.timeZone,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    },
    cohorts: memberships
      .flatMap((a) => (a.membership ? [{ cohort: a.cohort, m: a.membership }] : []))
      .map(({ cohort, m }) => ({
        cohortId: cohort.id,
        name: cohort.name,
        role: m.role,
        displayName: m.displayName,
        joinedAt: m.joinedAt,
        acceptedAgreementVersion: m.acceptedAgreementVersion,
        acceptedAgreementAt: m.acceptedAgreementAt,
      })),
    attendance,
    calendarFeeds: [{ kind: 'personal', issuedAt: user.icalTokenIssuedAt ?? null, active: true }],
    signInSessions: sessions.map((s) => ({
      createdAt: s.createdAt,
      lastExtendedAt: iso(s.refreshedAt),
      expiresAt: iso(s.expiresAt),
      current: s.tokenHash === current,
    })),
    hostedCircles: hosted.map(({ circle, expiresAt }) => ({
      circleId: circle.id,
      name: circle.name,
      createdAt: circle.createdAt,
      linkActive: circle.linkKeyHash !== null,
      deletedAfter: iso(expiresAt),
    })),
    invites,
    retention: {
      attendanceDays: retentionDays(services.attendance.retentionMs),
      note:
        'Attendance is deleted that many days after the session; the account and memberships are kept until you delete your ' +
        'account; sign-in sessions lapse 30 days after their last use; live circle state is deleted when the session ends.',
    },
  };
}

import type { SessionView } from '@hearth/shared';
import type { SignIn, UserRecord } from '../../accounts/types';
import { cohortsOf } from '../../cohorts/records/cohortAccess';
import { cohortSummary, meView } from '../../cohorts/records/views';
import type { Records } from '../../records';

/** `GET /api/session` and the reply to sign-in / invite acceptance. */
export async function sessionView(services: Records, user: UserRecord, session: SignIn): Promise<SessionView> {
  const cohorts = await cohortsOf(services, user.id);
  return {
    me: meView(user, services.urls),
    csrfToken: session.csrfToken,
    cohorts: cohorts.map(cohortSummary).sort((a, b) => a.name.localeCompare(b.name)),
    attendanceRetentionDays: retentionDays(services.attendance.retentionMs),
  };
}

/** A retention in days, to three decimals (short test retentions stay non-zero). */
export function retentionDays(ms: number): number {
  return Math.round((ms / (24 * 60 * 60 * 1000)) * 1000) / 1000;
}

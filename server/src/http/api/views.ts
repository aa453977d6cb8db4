import type { SessionView } from '@hearth/shared';
import type { AuthSession, UserRecord } from '../../accounts/types';
import { cohortsOf } from '../../cohorts/api/access';
import { cohortSummary, meView } from '../../cohorts/api/views';
import type { ApiServices } from './services';

/** `GET /api/session` and the reply to sign-in / invite acceptance. */
export async function sessionView(services: ApiServices, user: UserRecord, session: AuthSession): Promise<SessionView> {
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

import type { Users } from '../../accounts/users';
import type { SessionRecord } from '../sessions';
import type { Cohorts } from './cohortStore';
import type { Members } from './members';
import type { CohortAccess, CohortRecord } from './types';

/** The stores access decisions read from. */
export interface AccessDeps {
  users: Users;
  cohorts: Cohorts;
  members: Members;
}

/**
 * What `userId` may do in `cohortId`, or null when they may not see it at all (not a
 * member and not an admin, or no such cohort). Routes answer null with 404, never 403,
 * so outsiders cannot tell which cohorts exist.
 */
export async function getCohortAccess(deps: AccessDeps, userId: string, cohortId: string): Promise<CohortAccess | null> {
  const [user, cohort, membership] = await Promise.all([
    deps.users.get(userId),
    deps.cohorts.get(cohortId),
    deps.members.get(cohortId, userId),
  ]);
  if (!user || !cohort) return null;
  if (!membership && !user.isAdmin) return null;
  return {
    cohort,
    role: membership?.role ?? 'admin',
    membership,
    isAdmin: user.isAdmin,
    canManage: user.isAdmin || membership?.role === 'facilitator',
  };
}

/**
 * Whether the member has accepted the cohort's current agreement. True when there is no
 * agreement yet (version 0). Facilitators are members too and must accept; an admin who
 * is not a member has nothing to accept.
 */
export function agreementAccepted(cohort: CohortRecord, acceptedVersion: number | null | undefined): boolean {
  return cohort.agreement.version === 0 || acceptedVersion === cohort.agreement.version;
}

/** {@link agreementAccepted} for a user id; false for someone outside the cohort. */
export async function hasAcceptedAgreement(deps: AccessDeps, userId: string, cohortId: string): Promise<boolean> {
  const [cohort, membership] = await Promise.all([deps.cohorts.get(cohortId), deps.members.get(cohortId, userId)]);
  if (!cohort) return false;
  if (!membership) return (await deps.users.get(userId))?.isAdmin === true;
  return agreementAccepted(cohort, membership.acceptedAgreementVersion);
}

/** The cohorts a user belongs to, re-checked against each member map (the index may lag). */
export async function cohortsOf(deps: AccessDeps, userId: string): Promise<CohortAccess[]> {
  const ids = await deps.members.cohortIdsOf(userId);
  const found = await Promise.all(ids.map((id) => getCohortAccess(deps, userId, id)));
  return found.filter((a): a is CohortAccess => a !== null && a.membership !== null);
}

/** A live session together with its cohort. */
export interface SessionWithCohort {
  cohort: CohortRecord;
  session: SessionRecord;
}

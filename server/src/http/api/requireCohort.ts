import type { RequestAuth } from './signIn';
import type { CohortAccess } from '../../cohorts/records/types';
import { DomainError } from '../../errors';
import type { Records } from '../../records';

/** What a route needs the caller to be in the cohort. */
export type Need = 'view' | 'manage';

/**
 * The caller's access to a cohort, enforcing `need`. Someone who may not see the cohort
 * gets 404 whether or not it exists; someone who may see it but not do this gets 403.
 */
export async function requireCohort(services: Records, auth: RequestAuth, cohortId: string, need: Need): Promise<CohortAccess> {
  const access = await services.getCohortAccess(auth.user.id, cohortId);
  if (!access) throw new DomainError('NOT_FOUND', 'no such cohort');
  if (need === 'manage' && !access.canManage) {
    throw new DomainError('NOT_ALLOWED', 'only the cohort’s facilitators and admins can do this');
  }
  return access;
}

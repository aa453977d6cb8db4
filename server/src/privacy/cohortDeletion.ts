import type { Records } from '../records';

/**
 * Deletes a cohort and everything that hangs off it: the attendance of each of its
 * sessions, its invites, its member list (and each member's index entry), its sessions
 * and their session → cohort index, and last its record, calendar token and place in
 * the admins' list — so a deletion cut short can be run again and finishes the job.
 * The members' accounts stay: they may belong to other cohorts.
 */
export async function deleteCohort(services: Records, cohortId: string): Promise<void> {
  await services.attendance.removeAll(await services.sessions.allIds(cohortId));
  await services.invites.removeAll(cohortId);
  await services.members.removeAll(cohortId);
  await services.sessions.removeAll(cohortId);
  await services.cohorts.remove(cohortId);
}

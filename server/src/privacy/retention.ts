import type { Records } from '../records';

/** What {@link enforceAttendanceRetention} found. */
export interface RetentionSweep {
  sessions: number;
  kept: number;
  deleted: number;
}

/**
 * Brings every session's attendance under the retention in force: records older than it
 * are deleted now, the others get the TTL it implies. Attendance normally expires by its
 * own TTL; this pass, run at start, covers records written before retention existed and a
 * retention that was lowered since they were written. Idempotent, so every node may run it.
 */
export async function enforceAttendanceRetention(services: Records): Promise<RetentionSweep> {
  const sweep: RetentionSweep = { sessions: 0, kept: 0, deleted: 0 };
  for (const cohort of await services.cohorts.list()) {
    for (const sessionId of await services.sessions.allIds(cohort.id)) {
      sweep.sessions++;
      const outcome = await services.attendance.reapplyRetention(sessionId);
      if (outcome === 'kept') sweep.kept++;
      else if (outcome === 'deleted') sweep.deleted++;
    }
  }
  return sweep;
}

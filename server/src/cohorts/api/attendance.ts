import { keys } from '../../store/keys';
import type { Store } from '../../store/types';
import type { AttendanceEntry } from './types';

/**
 * Who joined which session: the only thing Hearth keeps about a session once it has
 * happened. One atomic map per session, so rejoins after a dropped connection update
 * the same entry instead of adding rows.
 */
export class Attendance {
  constructor(private readonly store: Store) {}

  /** Notes that `userId` joined `sessionId` at `at` (epoch ms) as `displayName`. */
  async record(sessionId: string, userId: string, displayName: string, at: number): Promise<void> {
    const iso = new Date(at).toISOString();
    await this.store.update<Record<string, AttendanceEntry>>(keys.sessionAttendance(sessionId), (cur) => {
      const previous = cur?.[userId];
      const entry: AttendanceEntry = {
        userId,
        displayName,
        firstJoinedAt: previous && previous.firstJoinedAt < iso ? previous.firstJoinedAt : iso,
        lastJoinedAt: previous && previous.lastJoinedAt > iso ? previous.lastJoinedAt : iso,
      };
      return { ...cur, [userId]: entry };
    });
  }

  /** Everyone who joined the session, in order of arrival. */
  async of(sessionId: string): Promise<AttendanceEntry[]> {
    const map = (await this.store.get<Record<string, AttendanceEntry>>(keys.sessionAttendance(sessionId))) ?? {};
    return Object.values(map).sort((a, b) => a.firstJoinedAt.localeCompare(b.firstJoinedAt));
  }
}

import { newId } from '../../accounts/tokens';
import { keys } from '../../store/keys';
import type { Store } from '../../store/types';
import type { AttendanceEntry } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long attendance is kept unless ATTENDANCE_RETENTION_DAYS says otherwise: a yearly programme's records survive it. */
export const DEFAULT_ATTENDANCE_RETENTION_DAYS = 400;

/** The name an erased person's attendance entry carries from then on. */
export const ERASED_ATTENDEE_NAME = 'Former member';

type AttendanceMap = Record<string, AttendanceEntry>;

/** Rewrites that lose the race against a join this many times in a row give up. */
const MAX_REWRITE_ATTEMPTS = 5;
/** Thrown inside an update to abandon it: the map changed since the TTL was worked out. */
class StaleRead extends Error {}

const latestJoin = (map: AttendanceMap): number => Math.max(...Object.values(map).map((e) => Date.parse(e.lastJoinedAt)));

/**
 * Who joined which session: the only thing Hearth keeps about a session once it has
 * happened. One atomic map per session, so rejoins after a dropped connection update
 * the same entry instead of adding rows. The map expires `retentionMs` after its latest
 * join (a store TTL, so Redis and the embedded store both drop it without a sweep job);
 * every rewrite derives the TTL from the entries again, so an edit never extends it.
 */
export class Attendance {
  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    /** How long after the latest join a session's attendance is kept. */
    readonly retentionMs: number = DEFAULT_ATTENDANCE_RETENTION_DAYS * DAY_MS,
  ) {}

  /** The TTL that keeps `map` until `retentionMs` after its latest join; 0 when that has passed. */
  private ttlOf(map: AttendanceMap): number {
    return Math.max(0, latestJoin(map) + this.retentionMs - this.clock());
  }

  /** Notes that `userId` joined `sessionId` at `at` (epoch ms) as `displayName`. */
  async record(sessionId: string, userId: string, displayName: string, at: number): Promise<void> {
    const iso = new Date(at).toISOString();
    // The join being recorded is the latest one (joins are recorded as they happen).
    const ttlMs = Math.max(1, at + this.retentionMs - this.clock());
    await this.store.update<AttendanceMap>(
      keys.sessionAttendance(sessionId),
      (cur) => {
        const previous = cur?.[userId];
        const entry: AttendanceEntry = {
          userId,
          displayName,
          firstJoinedAt: previous && previous.firstJoinedAt < iso ? previous.firstJoinedAt : iso,
          lastJoinedAt: previous && previous.lastJoinedAt > iso ? previous.lastJoinedAt : iso,
        };
        return { ...cur, [userId]: entry };
      },
      { ttlMs },
    );
  }

  /** Everyone who joined the session, in order of arrival. */
  async of(sessionId: string): Promise<AttendanceEntry[]> {
    const map = (await this.store.get<AttendanceMap>(keys.sessionAttendance(sessionId))) ?? {};
    return Object.values(map).sort((a, b) => a.firstJoinedAt.localeCompare(b.firstJoinedAt));
  }

  /** When the session's attendance will be deleted (epoch ms), or null when none is kept. */
  async deletedAfter(sessionId: string): Promise<number | null> {
    const map = await this.store.get<AttendanceMap>(keys.sessionAttendance(sessionId));
    return map && Object.keys(map).length > 0 ? this.clock() + this.ttlOf(map) : null;
  }

  /**
   * Rewrites a session's map with `fn`, keeping the TTL its entries imply. The TTL is
   * worked out from a read, so the write goes through only if no join landed in between
   * (that join's own write set a later expiry); otherwise it is read again, a few times
   * at most. A map already past its retention is deleted instead, if still unchanged.
   */
  private async rewrite(sessionId: string, fn: (map: AttendanceMap) => AttendanceMap): Promise<'none' | 'kept' | 'deleted'> {
    const key = keys.sessionAttendance(sessionId);
    for (let attempt = 0; attempt < MAX_REWRITE_ATTEMPTS; attempt++) {
      const read = await this.store.get<AttendanceMap>(key);
      if (!read || Object.keys(read).length === 0) return 'none';
      const ttlMs = this.ttlOf(read);
      if (ttlMs <= 0) {
        if (await this.store.deleteIfEquals(key, read)) return 'deleted';
        continue;
      }
      const latest = latestJoin(read);
      try {
        await this.store.update<AttendanceMap>(
          key,
          (cur) => {
            if (!cur || latestJoin(cur) !== latest) throw new StaleRead('attendance changed');
            return fn(cur);
          },
          { ttlMs },
        );
        return 'kept';
      } catch (err) {
        if (!(err instanceof StaleRead)) throw err;
      }
    }
    throw new Error(`attendance of ${sessionId} kept changing; not rewritten`);
  }

  /**
   * Erasure: the person's entry in the session stays as a count ("someone attended") but
   * loses everything that ties it to them: a fresh random id, a generic name. The times
   * stay (they are the session's, and keep the retention TTL where it was). Returns
   * whether there was an entry.
   */
  async anonymise(sessionId: string, userId: string): Promise<boolean> {
    const current = await this.store.get<AttendanceMap>(keys.sessionAttendance(sessionId));
    if (!current?.[userId]) return false;
    const anonId = `erased-${newId()}`;
    await this.rewrite(sessionId, (cur) => {
      const entry = cur[userId];
      if (!entry) return cur;
      const { [userId]: _erased, ...rest } = cur;
      return { ...rest, [anonId]: { ...entry, userId: anonId, displayName: ERASED_ATTENDEE_NAME, erased: true } };
    });
    return true;
  }

  /**
   * Re-derives the session's TTL from its entries and the retention in force now: a
   * record written before retention existed gets one, and a lowered
   * ATTENDANCE_RETENTION_DAYS shortens records already kept.
   */
  reapplyRetention(sessionId: string): Promise<'none' | 'kept' | 'deleted'> {
    return this.rewrite(sessionId, (cur) => cur);
  }

  /** Deletes the attendance of sessions (their cohort is being deleted). */
  async removeAll(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length > 0) await this.store.delete(...sessionIds.map((id) => keys.sessionAttendance(id)));
  }
}

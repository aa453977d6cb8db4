import { newId } from '../../accounts/tokens';
import { DomainError } from '../../errors';
import { keys } from '../../store/keys';
import type { Store } from '../../store/types';
import type { ScheduleSpec } from '../schedule';
import { cancelSession, generateSessions, type SessionRecord } from '../sessions';
import { instantMillis } from '../time';
import type { CohortSessions } from './types';

const EMPTY: CohortSessions = { sessions: [], retired: [] };

/**
 * Replaces a cohort's sessions with those of a new schedule, keeping each position's
 * session id (and raising its SEQUENCE) so calendar subscribers see an update of the
 * same event rather than a new one beside a stale one. Sessions past the new count are
 * cancelled and retired. Single-session edits survive: a cancelled session stays cancelled
 * (untouched), a moved one stays at the time it was moved to (and is "moved" from the new
 * pattern's time, unless that is where it already is). Pure: ids for new positions come
 * from `freshIds`.
 */
export function regenerate(
  current: CohortSessions,
  args: { cohortId: string; spec: ScheduleSpec; themes: readonly string[] | undefined; freshIds: readonly string[]; now: string },
): CohortSessions {
  const previous = [...current.sessions, ...current.retired];
  const atIndex = (i: number) => current.sessions.find((s) => s.index === i) ?? current.retired.find((s) => s.index === i);
  const themes = args.themes ?? Array.from({ length: args.spec.count }, (_, i) => atIndex(i)?.theme ?? '');
  const generated = generateSessions(args.cohortId, args.spec, themes, (i) => atIndex(i)?.id ?? args.freshIds[i]!, args.now);
  const live = new Set(current.sessions.map((s) => s.id));
  const sessions = generated.map((s) => {
    const old = atIndex(s.index);
    if (!old) return s;
    // An admin's cancellation stands (a session retired by a shorter schedule may come back).
    if (old.status === 'cancelled' && live.has(old.id)) return old;
    if (old.originalStartsAt !== null && live.has(old.id)) {
      const stillMoved = old.startsAt !== s.startsAt;
      return { ...s, startsAt: old.startsAt, endsAt: old.endsAt, originalStartsAt: stillMoved ? s.startsAt : null, sequence: old.sequence + 1 };
    }
    return { ...s, sequence: old.sequence + 1 };
  });
  const kept = new Set(sessions.map((s) => s.id));
  const retired = previous.filter((s) => !kept.has(s.id)).map((s) => cancelSession(s, args.now));
  return { sessions, retired };
}

/** A cohort's sessions in the store, plus the session → cohort index the circle layer uses. */
export class SessionStore {
  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
  ) {}

  /** The cohort's sessions (live and retired). */
  async get(cohortId: string): Promise<CohortSessions> {
    return (await this.store.get<CohortSessions>(keys.cohortSessions(cohortId))) ?? EMPTY;
  }

  /**
   * Generates the sessions from `spec`. Refused (409) once any scheduled session has
   * started: its attendance and the members' calendars refer to it, so history is not
   * rewritten; move or cancel single sessions instead.
   */
  async regenerate(cohortId: string, spec: ScheduleSpec, themes: readonly string[] | undefined): Promise<CohortSessions> {
    const nowMs = this.clock();
    const now = new Date(nowMs).toISOString();
    const freshIds = Array.from({ length: spec.count }, () => newId());
    // Index first: a crash after this leaves unused index entries, which readers ignore
    // (sessionById checks the cohort's list), never a live session that cannot be found.
    await Promise.all(freshIds.map((id) => this.store.set(keys.sessionCohort(id), cohortId)));
    const next = await this.store.update<CohortSessions>(keys.cohortSessions(cohortId), (cur) => {
      const current = cur ?? EMPTY;
      if (current.sessions.some((s) => s.status === 'scheduled' && instantMillis(s.startsAt) <= nowMs)) {
        throw new DomainError('CONFLICT', 'sessions of this schedule have already taken place; move or cancel single sessions instead');
      }
      return regenerate(current, { cohortId, spec, themes, freshIds, now });
    });
    const live = new Set(next!.sessions.map((s) => s.id));
    const stale = [...freshIds, ...next!.retired.map((s) => s.id)].filter((id) => !live.has(id));
    if (stale.length > 0) await this.store.delete(...stale.map((id) => keys.sessionCohort(id)));
    return next!;
  }

  /**
   * Atomically applies `fn` to several live sessions at once (all or none); 404 when any
   * id is not one of the cohort's live sessions.
   */
  async modifyMany(cohortId: string, ids: readonly string[], fn: (s: SessionRecord) => SessionRecord): Promise<SessionRecord[]> {
    const wanted = new Set(ids);
    const next = await this.store.update<CohortSessions>(keys.cohortSessions(cohortId), (cur) => {
      const known = new Set(cur?.sessions.map((s) => s.id));
      if (!cur || [...wanted].some((id) => !known.has(id))) throw new DomainError('NOT_FOUND', 'no such session');
      return { ...cur, sessions: cur.sessions.map((s) => (wanted.has(s.id) ? fn(s) : s)) };
    });
    return next!.sessions;
  }

  /** Atomically replaces one live session with `fn(session)`; 404 when the cohort has no such session. */
  async modify(cohortId: string, sessionId: string, fn: (s: SessionRecord) => SessionRecord): Promise<SessionRecord> {
    const next = await this.store.update<CohortSessions>(keys.cohortSessions(cohortId), (cur) => {
      const found = cur?.sessions.find((s) => s.id === sessionId);
      if (!cur || !found) throw new DomainError('NOT_FOUND', 'no such session');
      const changed = fn(found);
      return { ...cur, sessions: cur.sessions.map((s) => (s.id === sessionId ? changed : s)) };
    });
    return next!.sessions.find((s) => s.id === sessionId)!;
  }

  /**
   * Marks a session's circle ended at `at` (epoch ms). Idempotent: the first end is kept.
   * False when `sessionId` is not a live session (a hosted or open circle).
   */
  async markEnded(sessionId: string, at: number): Promise<boolean> {
    const found = await this.byId(sessionId);
    if (!found) return false;
    const endedAt = new Date(at).toISOString();
    await this.modify(found.cohortId, sessionId, (s) => (s.endedAt ? s : { ...s, endedAt }));
    return true;
  }

  /** The cohort id and live session for a session id, or null. */
  async byId(sessionId: string): Promise<{ cohortId: string; session: SessionRecord } | null> {
    const cohortId = await this.store.get<string>(keys.sessionCohort(sessionId));
    if (!cohortId) return null;
    const session = (await this.get(cohortId)).sessions.find((s) => s.id === sessionId);
    return session ? { cohortId, session } : null;
  }

  /** Every session id the cohort has had (live and retired), e.g. to find their attendance. */
  async allIds(cohortId: string): Promise<string[]> {
    const { sessions, retired } = await this.get(cohortId);
    return [...sessions, ...retired].map((s) => s.id);
  }

  /** Deletes the cohort's sessions and their session → cohort index (the cohort is being deleted). */
  async removeAll(cohortId: string): Promise<void> {
    const ids = await this.allIds(cohortId);
    await this.store.delete(...ids.map((id) => keys.sessionCohort(id)), keys.cohortSessions(cohortId));
  }
}

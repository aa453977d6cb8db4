import type { SessionRecord } from './sessions';
import { CohortScheduleError, instantMillis } from './time';

/**
 * When a session's circle can be joined. People arrive early and conversations run
 * over, so the circle opens a little before the start and closes a little after the end.
 */

/** How far the circle's window reaches beyond the session itself. */
export interface WindowOptions {
  /** Minutes before `startsAt` that the circle opens. Default 10. */
  openBeforeMinutes?: number;
  /** Minutes after `endsAt` that the circle stays open. Default 15. */
  graceMinutes?: number;
}

/** The half-open interval [opensAt, closesAt) in which the circle is joinable. UTC ISO. */
export interface CircleWindow {
  opensAt: string;
  closesAt: string;
}

export type WindowState =
  | { state: 'open'; session: SessionRecord; opensAt: string; closesAt: string }
  | { state: 'notYet'; nextOpensAt: string; session: SessionRecord }
  | { state: 'over' };

type WindowSession = Pick<SessionRecord, 'startsAt' | 'endsAt'>;

/** Whether `now` falls in the session's join window (whatever its status). */
export function insideWindow(session: WindowSession, now: string, opts: WindowOptions = {}): boolean {
  const at = instantMillis(now, 'now');
  const { opens, closes } = windowMillis(session, opts);
  return opens <= at && at < closes;
}

function minutesOption(value: number | undefined, fallback: number, name: string): number {
  const minutes = value ?? fallback;
  if (!Number.isFinite(minutes) || minutes < 0) throw new CohortScheduleError(`${name} must be a non-negative number`);
  return minutes;
}

function windowMillis(session: WindowSession, opts: WindowOptions): { opens: number; closes: number } {
  const before = minutesOption(opts.openBeforeMinutes, 10, 'openBeforeMinutes');
  const grace = minutesOption(opts.graceMinutes, 15, 'graceMinutes');
  return {
    opens: instantMillis(session.startsAt) - before * 60_000,
    closes: instantMillis(session.endsAt) + grace * 60_000,
  };
}

/**
 * The window of one session: opens `openBeforeMinutes` before the start, closes
 * `graceMinutes` after the end. Ignores status; {@link windowState} skips cancellations.
 */
export function circleWindow(session: WindowSession, opts: WindowOptions = {}): CircleWindow {
  const { opens, closes } = windowMillis(session, opts);
  return { opensAt: new Date(opens).toISOString(), closesAt: new Date(closes).toISOString() };
}

/**
 * Whether a cohort's circle is open at `now`, and for which session.
 *
 * - Cancelled sessions never open, nor do ended ones (a facilitator ended the circle).
 * - `open`: `now` is in [opensAt, closesAt). If two windows overlap (a session's grace
 *   period running into the next one's early opening), the session that has not yet
 *   ended wins, so people are placed in the session that is about to happen rather than
 *   the one winding down.
 * - `notYet`: nothing is open; the scheduled session that opens soonest.
 * - `over`: no scheduled session opens now or later.
 *
 * `sessions` may be in any order.
 */
export function windowState(sessions: readonly SessionRecord[], now: string, opts: WindowOptions = {}): WindowState {
  const at = instantMillis(now, 'now');
  const scheduled = sessions
    .filter((s) => s.status === 'scheduled' && !s.endedAt)
    .map((session) => ({ session, ends: instantMillis(session.endsAt), ...windowMillis(session, opts) }))
    .sort((a, b) => a.opens - b.opens);

  const open = scheduled.filter((w) => w.opens <= at && at < w.closes);
  // Prefer a session still running or about to start; otherwise the latest one in grace.
  const current = open.find((w) => at < w.ends) ?? open[open.length - 1];
  if (current) {
    return {
      state: 'open',
      session: current.session,
      opensAt: new Date(current.opens).toISOString(),
      closesAt: new Date(current.closes).toISOString(),
    };
  }
  const next = scheduled.find((w) => w.opens > at);
  if (next) return { state: 'notYet', nextOpensAt: new Date(next.opens).toISOString(), session: next.session };
  return { state: 'over' };
}

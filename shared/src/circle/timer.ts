import type { CircleEvent } from './events';
import type { CircleState, TurnTimer } from './types';
import { NUDGE_BEFORE_END_MS } from './types';

/*
 * The turn timer is gentle by default: a private nudge 30 s before the end, a private
 * "time is up" notice at the end, and nothing forced unless `rules.autoAdvance`. It counts
 * only unpaused time; airtime, by contrast, counts all the time someone held the floor
 * (a facilitator pausing the clock for someone in distress does not make that time vanish).
 */

/** A fresh, running timer for a turn starting at `now`. */
export function newTimer(now: number): TurnTimer {
  return { startedAt: now, pausedAt: null, pausedMs: 0, nudged: false, overtime: false };
}

/** Unpaused time elapsed in the turn at `now` (never negative, even if clocks go backwards). */
export function activeElapsedMs(timer: TurnTimer, now: number): number {
  const until = timer.pausedAt ?? now;
  return Math.max(0, until - timer.startedAt - timer.pausedMs);
}

/** Time left in the current turn at `now`: null without a turn or a limit; negative in overtime. */
export function remainingMs(state: CircleState, now: number): number | null {
  const limit = state.rules.turnLimitMs;
  if (!state.timer || limit === null) return null;
  return limit - activeElapsedMs(state.timer, now);
}

/** When the current turn's limit is reached, if the timer is running with a limit; else null. */
export function turnEndsAt(state: CircleState): number | null {
  const limit = state.rules.turnLimitMs;
  const timer = state.timer;
  if (!timer || limit === null || timer.pausedAt !== null) return null;
  return timer.startedAt + timer.pausedMs + limit;
}

/**
 * When the server should next send `tick`: the nudge, then the end of the turn (for the
 * overtime notice or the auto-advance). Null when nothing is due (no turn, no limit, paused,
 * session over, or overtime already noted without auto-advance). It may be in the past:
 * tick right away then.
 */
export function nextTimerDueAt(state: CircleState): number | null {
  const endsAt = turnEndsAt(state);
  const timer = state.timer;
  const limit = state.rules.turnLimitMs;
  if (state.ended || endsAt === null || !timer || limit === null) return null;
  if (!timer.nudged && limit > NUDGE_BEFORE_END_MS) return endsAt - NUDGE_BEFORE_END_MS;
  if (state.rules.autoAdvance || !timer.overtime) return endsAt;
  return null;
}

/** Result of looking at the clock: whether the turn's time is up and must be handed on. */
export interface TimerCheck {
  state: CircleState;
  /** Time is up and `autoAdvance` is on: the caller ends the turn as `next` would. */
  timeUp: boolean;
}

/**
 * Sends what is due at `now` (nudge or overtime notice, each once per turn). Returns the same
 * state object when nothing is due.
 */
export function checkTimer(state: CircleState, now: number, events: CircleEvent[]): TimerCheck {
  const timer = state.timer;
  const floor = state.floor;
  const limit = state.rules.turnLimitMs;
  if (!timer || !floor || limit === null || timer.pausedAt !== null) return { state, timeUp: false };
  const left = limit - activeElapsedMs(timer, now);
  if (left <= 0) {
    if (state.rules.autoAdvance) return { state, timeUp: true };
    if (timer.overtime) return { state, timeUp: false };
    events.push({ type: 'turnOvertime', to: floor.holderId });
    return { state: { ...state, timer: { ...timer, overtime: true, nudged: true } }, timeUp: false };
  }
  if (left <= NUDGE_BEFORE_END_MS && !timer.nudged && limit > NUDGE_BEFORE_END_MS) {
    events.push({ type: 'turnNudged', to: floor.holderId, remainingMs: left });
    return { state: { ...state, timer: { ...timer, nudged: true } }, timeUp: false };
  }
  return { state, timeUp: false };
}

/**
 * The timer after the limit changed mid-turn: the new limit applies to the turn so far, and
 * a nudge or overtime notice already sent is re-armed if the new limit moves the end away.
 */
export function retimed(timer: TurnTimer, newLimit: number | null, now: number): TurnTimer {
  if (newLimit === null) return { ...timer, nudged: false, overtime: false };
  const left = newLimit - activeElapsedMs(timer, now);
  return { ...timer, nudged: timer.nudged && left <= NUDGE_BEFORE_END_MS, overtime: timer.overtime && left <= 0 };
}

/** The timer paused at `now`. */
export function paused(timer: TurnTimer, now: number): TurnTimer {
  return { ...timer, pausedAt: now };
}

/** The timer resumed at `now` (the paused stretch is added to `pausedMs`). */
export function resumed(timer: TurnTimer, now: number): TurnTimer {
  if (timer.pausedAt === null) return timer;
  return { ...timer, pausedAt: null, pausedMs: timer.pausedMs + Math.max(0, now - timer.pausedAt) };
}

import type { CircleEvent, FloorReleaseReason, RoundEndReason } from './events';
import { endTurn, grantFloor, holdFloor } from './floor';
import type { CircleMode, CircleState } from './types';
import { getParticipant } from './types';

/*
 * Rounds. The order is the seating at the start, rotated to begin with the chosen person, and
 * is fixed for the round: people joining later are not added (they have not heard the
 * prompt), and people who are stepped out or gone when their turn comes are skipped and not
 * revisited (a facilitator can `giveFloor` them afterwards). Ending a round, however it
 * happens, also ends the turn in progress; the circle returns to the mode it was in before.
 */

/** `seating` rotated so that `startWith` comes first (unchanged if absent). */
export function roundOrder(seating: readonly string[], startWith?: string): string[] {
  const at = startWith === undefined ? 0 : seating.indexOf(startWith);
  return at <= 0 ? [...seating] : [...seating.slice(at), ...seating.slice(0, at)];
}

/** Starts a round (the caller checked no round is running); the first present person gets the floor. */
export function openRound(
  state: CircleState,
  by: string,
  startWith: string | undefined,
  now: number,
  events: CircleEvent[],
): CircleState {
  const previousMode = state.rules.mode === 'round' ? 'queue' : state.rules.mode;
  const order = roundOrder(state.seating, startWith);
  let s = endTurn(state, now, 'roundStarted', events);
  events.push({ type: 'roundStarted', order, by });
  s = { ...s, rules: { ...s.rules, mode: 'round' }, round: { order, index: -1, startedAt: now, previousMode } };
  return advanceRound(s, now, events);
}

/**
 * Moves the round on from its current index: ends any turn in progress, then gives the floor
 * to the next present (or reconnecting) person in the order, or ends the round after the last.
 */
export function advanceRound(
  state: CircleState,
  now: number,
  events: CircleEvent[],
  reason: FloorReleaseReason = 'next',
): CircleState {
  const round = state.round;
  if (!round) return state;
  const s = endTurn(state, now, reason, events);
  for (let i = round.index + 1; i < round.order.length; i++) {
    const id = round.order[i]!;
    const presence = getParticipant(s, id)?.presence;
    if (presence === 'present') return grantFloor({ ...s, round: { ...round, index: i } }, id, 'round', now, events);
    // Someone reconnecting keeps their round turn: it waits for them a little (see presence.ts).
    if (presence === 'reconnecting') return holdFloor(grantFloor({ ...s, round: { ...round, index: i } }, id, 'round', now, events), now);
  }
  return closeRound(s, 'completed', now, events);
}

/**
 * Ends the round: any turn in progress ends, and the mode becomes `mode` (by default the one
 * before the round).
 */
export function closeRound(
  state: CircleState,
  reason: RoundEndReason,
  now: number,
  events: CircleEvent[],
  mode?: Exclude<CircleMode, 'round'>,
): CircleState {
  const round = state.round;
  if (!round) return state;
  const release: FloorReleaseReason =
    reason === 'sessionEnded' ? 'sessionEnded' : reason === 'modeChanged' ? 'modeChanged' : 'roundEnded';
  const s = endTurn(state, now, release, events);
  const next = mode ?? round.previousMode;
  events.push({ type: 'roundEnded', reason, mode: next });
  return { ...s, round: null, rules: { ...s.rules, mode: next } };
}

/**
 * What follows a turn that ended without the engine choosing a successor (the holder finished,
 * passed, left, stepped out or was removed, or a facilitator revoked): in a round, the next
 * person. Queue mode is served by `settle` afterwards; directed and open modes wait.
 */
export function handOn(state: CircleState, now: number, events: CircleEvent[]): CircleState {
  if (state.rules.mode === 'round' && state.round && !state.floor) return advanceRound(state, now, events);
  return state;
}

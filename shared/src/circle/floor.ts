import type { CircleEvent, FloorReleaseReason } from './events';
import { orderedQueue, withoutQueueEntry } from './queue';
import { newTimer, paused } from './timer';
import type { CircleState, FloorReason } from './types';
import { getParticipant } from './types';

/*
 * The turn lifecycle: a turn starts with `grantFloor` and ends with `endTurn`, which is the
 * only place airtime, turns and passes are counted. What follows the end of a turn depends
 * on the mode: in a round `handOn` (round.ts) moves to the next person; in queue mode
 * `settle` serves the queue; in directed mode the floor stays free for a facilitator.
 */

/**
 * Ends the current turn, if any: adds its duration to the holder's airtime (nothing for a
 * pass), counts the turn or the pass, marks `hasSpoken`, clears floor and timer.
 */
export function endTurn(
  state: CircleState,
  now: number,
  reason: FloorReleaseReason,
  events: CircleEvent[],
  passed = false,
): CircleState {
  const floor = state.floor;
  if (!floor) return state;
  const holder = getParticipant(state, floor.holderId);
  let participants = state.participants;
  if (holder) {
    // Clamped: a clock stepping backwards must never produce negative airtime. Time the
    // holder was away (reconnecting) is not airtime: nobody heard them.
    const heardUntil = floor.away ? floor.away.since : now;
    const airtime = passed ? 0 : Math.max(0, heardUntil - floor.since - (floor.awayMs ?? 0));
    participants = {
      ...participants,
      [holder.id]: {
        ...holder,
        airtimeMs: holder.airtimeMs + airtime,
        turns: holder.turns + (passed ? 0 : 1),
        passes: holder.passes + (passed ? 1 : 0),
        hasSpoken: holder.hasSpoken || airtime > 0,
      },
    };
  }
  events.push({ type: 'floorReleased', from: floor.holderId, reason });
  return { ...state, participants, floor: null, timer: null };
}

/**
 * Gives the floor to `to` (who must be present; the caller checked), ending any current
 * turn first. Getting the floor, for whatever reason, lowers your hand: no one holds the
 * floor and waits in the queue at once.
 */
export function grantFloor(
  state: CircleState,
  to: string,
  reason: FloorReason,
  now: number,
  events: CircleEvent[],
): CircleState {
  let s = endTurn(state, now, 'reassigned', events);
  s = withoutQueueEntry(s, to);
  events.push({ type: 'floorGranted', to, reason });
  return { ...s, floor: { holderId: to, since: now, reason }, timer: newTimer(now) };
}

/**
 * In queue mode, a free floor goes to the first present person in the served order (the
 * pending direct reply, if any). Run after every command, so "free floor and someone waiting" never
 * survives a command in queue mode.
 */
export function settle(state: CircleState, now: number, events: CircleEvent[]): CircleState {
  // While the circle is in groups, each group is an open floor: hands wait for the circle.
  if (state.ended || state.rules.mode !== 'queue' || state.floor || state.groups) return state;
  // Someone reconnecting keeps their place, and is served as soon as they are back.
  const first = orderedQueue(state).find((e) => getParticipant(state, e.participantId)?.presence === 'present');
  if (!first) return state;
  return grantFloor(state, first.participantId, first.kind === 'reply' ? 'directReply' : 'queue', now, events);
}

/** The floor waits for its reconnecting holder: timer paused, a deadline to move on. */
export function holdFloor(state: CircleState, now: number): CircleState {
  const floor = state.floor;
  const reconnect = floor ? getParticipant(state, floor.holderId)?.reconnect : null;
  if (!floor || !reconnect || floor.away) return state;
  const until = Math.min(now + reconnect.floorWaitMs, reconnect.deadline);
  const pausedTimer = state.timer !== null && state.timer.pausedAt === null;
  return {
    ...state,
    floor: { ...floor, away: { since: now, until, pausedTimer } },
    timer: state.timer && pausedTimer ? paused(state.timer, now) : state.timer,
  };
}

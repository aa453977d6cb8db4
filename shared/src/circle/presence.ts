import type { CommandOf } from './commands';
import type { Ctx } from './context';
import { patchParticipant, refuse } from './context';
import type { CircleEvent } from './events';
import { endTurn, holdFloor } from './floor';
import { nextGroupsDueAt } from './groups';
import { vacate } from './member';
import { handOn } from './round';
import { nextTimerDueAt, resumed } from './timer';
import type { CircleState, Participant } from './types';
import { getParticipant, isInCircle } from './types';

/*
 * Presence across lost connections. A dropped connection never costs anyone their place:
 * `disconnect` makes them `reconnecting` until a deadline, keeping their seat, their queue
 * entry and its position, their round position and their airtime. A floor they hold waits
 * for them (the turn timer paused) for `floorWaitMs`; after that the floor moves on and they
 * go to the front of the queue when they return. Past the deadline they leave, exactly as
 * with Leave. Deadlines live in the state and are enforced by `tick`, so whichever server
 * holds the clock (or a restarted one) enforces them.
 */

/** The attachment number of a participant (0 in states written before attachments existed). */
export function attachmentOf(p: Participant): number {
  return p.attachment ?? 0;
}

/** The actor's connection was lost: reconnecting until the grace ends. */
export function disconnect({ state, actorId, now, events }: Ctx, cmd: CommandOf<'disconnect'>): CircleState {
  const p = getParticipant(state, actorId);
  // A late notice about a connection that no longer speaks for them changes nothing.
  if (!isInCircle(p) || p.presence === 'reconnecting' || attachmentOf(p) !== cmd.attachment) return state;
  const deadline = now + cmd.graceMs;
  events.push({ type: 'participantReconnecting', participantId: actorId, deadline });
  let s = patchParticipant(state, actorId, {
    presence: 'reconnecting',
    reconnect: { since: now, deadline, steppedOut: p.presence === 'steppedOut', floorWaitMs: cmd.floorWaitMs, backToFront: false },
  });
  if (s.floor?.holderId === actorId) s = holdFloor(s, now);
  return s;
}

/**
 * A new connection speaks for the actor. From `reconnecting` they are back as they were
 * (present, or stepped out); a floor waiting for them resumes; if the floor moved on they go
 * to the front of the queue. From `present`/`stepped out` (a second tab, a reload noticed
 * before the drop) only the attachment changes.
 */
export function reconnect({ state, actorId, now, events }: Ctx): CircleState {
  const p = getParticipant(state, actorId);
  if (!isInCircle(p)) refuse('NOT_IN_CIRCLE', 'You are not in this circle.');
  const attachment = attachmentOf(p) + 1;
  if (p.presence !== 'reconnecting') return patchParticipant(state, actorId, { attachment });
  const back = p.reconnect;
  events.push({ type: 'participantReconnected', participantId: actorId });
  let s = patchParticipant(state, actorId, { presence: back?.steppedOut ? 'steppedOut' : 'present', reconnect: null, attachment });
  const floor = s.floor;
  if (floor?.holderId === actorId && floor.away) {
    const away = floor.away;
    s = {
      ...s,
      floor: { ...floor, away: null, awayMs: (floor.awayMs ?? 0) + Math.max(0, now - away.since) },
      timer: s.timer && away.pausedTimer ? resumed(s.timer, now) : s.timer,
    };
  }
  if (back?.backToFront && !back.steppedOut && s.floor?.holderId !== actorId && !s.queue.some((e) => e.participantId === actorId)) {
    s = toFrontOfQueue(s, actorId, now, events);
  }
  return s;
}

/** A raised hand placed before every other entry (a facilitator can still reorder it). */
function toFrontOfQueue(state: CircleState, id: string, now: number, events: CircleEvent[]): CircleState {
  const firstPlaced = Math.min(0, ...state.queue.map((e) => e.placed ?? 0));
  events.push({ type: 'handRaised', participantId: id, kind: 'hand', replyTo: null });
  const entry = { participantId: id, kind: 'hand' as const, raisedAt: now, seq: state.nextSeq, replyTo: null, placed: firstPlaced - 1 };
  return { ...state, queue: [...state.queue, entry], nextSeq: state.nextSeq + 1 };
}

/**
 * What the clock does about presence at `now`: a floor that waited long enough moves on
 * (its holder will be first in the queue when back), and people past their grace leave.
 */
export function expirePresence(state: CircleState, now: number, events: CircleEvent[]): CircleState {
  let s = state;
  // A round may hand on to someone else who is away; each hand-over passes one seat, so this ends.
  for (let seats = Object.keys(s.participants).length; seats >= 0 && s.floor?.away && s.floor.away.until <= now; seats--) {
    const holderId = s.floor.holderId;
    const reconnect = getParticipant(s, holderId)?.reconnect;
    if (reconnect) s = patchParticipant(s, holderId, { reconnect: { ...reconnect, backToFront: true } });
    s = handOn(endTurn(s, now, 'disconnected', events), now, events);
  }
  for (const p of Object.values(s.participants)) {
    if (p.presence !== 'reconnecting' || !p.reconnect || p.reconnect.deadline > now) continue;
    events.push({ type: 'participantLeft', participantId: p.id, reason: 'timedOut' });
    s = patchParticipant(s, p.id, { presence: 'left', reconnect: null, needsMoment: false, momentRequestedAt: null });
    s = { ...s, seating: s.seating.filter((id) => id !== p.id) };
    s = vacate(s, p.id, 'left', now, events);
  }
  return s;
}

/** The earliest presence deadline (a waiting floor, a grace period), or null. */
export function nextPresenceDueAt(state: CircleState): number | null {
  let due: number | null = state.floor?.away?.until ?? null;
  for (const p of Object.values(state.participants)) {
    const deadline = p.presence === 'reconnecting' ? p.reconnect?.deadline : undefined;
    if (deadline !== undefined && (due === null || deadline < due)) due = deadline;
  }
  return due;
}

/**
 * When the server should next send `tick`: the turn timer's nudge or end, a waiting floor's
 * end, a grace deadline, or the end of the groups' countdown. Null when nothing is due. It may be in the past: tick right away.
 */
export function nextDueAt(state: CircleState): number | null {
  if (state.ended) return null;
  const dues = [nextTimerDueAt(state), nextPresenceDueAt(state), nextGroupsDueAt(state)].filter((d): d is number => d !== null);
  return dues.length === 0 ? null : Math.min(...dues);
}

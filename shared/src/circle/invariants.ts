import { orderedQueue } from './queue';
import type { CircleState } from './types';
import { getParticipant } from './types';

/*
 * The engine's invariants, as a checker. Property tests run it after every step; the server
 * may run it in development after each command, or on a state loaded from storage.
 */

/** Human-readable invariant violations of `state` (empty when it is consistent). */
export function circleInvariantViolations(state: CircleState): string[] {
  const out: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) out.push(message);
  };
  const present = (id: string) => getParticipant(state, id)?.presence === 'present';
  const { floor, timer, round, queue, seating, rules } = state;

  check(Number.isInteger(state.version) && state.version >= 0, 'version is a non-negative integer');
  for (const [id, p] of Object.entries(state.participants)) {
    check(p.id === id, `participant ${id} is stored under its id`);
    check(p.airtimeMs >= 0 && p.turns >= 0 && p.passes >= 0, `${id} has non-negative stats`);
    check(!state.removed.includes(id), `removed ${id} has no record`);
  }

  const seated = Object.values(state.participants).filter((p) => p.presence !== 'left').map((p) => p.id);
  check(new Set(seating).size === seating.length, 'no one is seated twice');
  check(seating.length === seated.length && seated.every((id) => seating.includes(id)), 'seating is exactly everyone in the circle');

  check(floor === null || present(floor.holderId), 'the floor holder is present');
  check((floor === null) === (timer === null), 'a timer runs exactly while someone holds the floor');
  check(rules.mode !== 'open' || floor === null, 'no one holds the floor in open mode');

  const ids = queue.map((e) => e.participantId);
  check(new Set(ids).size === ids.length, 'no one is twice in the queue');
  check(ids.every(present), 'the queue holds only present people');
  check(floor === null || !ids.includes(floor.holderId), 'the floor holder is not in the queue');
  const replies = queue.filter((e) => e.kind === 'reply');
  check(replies.length <= 1, 'at most one direct reply is pending');
  check(replies.length === 0 || rules.directReplies, 'replies are pending only while direct replies are on');
  check(queue.every((e, i) => i === 0 || e.seq > queue[i - 1]!.seq), 'the queue is stored in raise order');
  check(queue.every((e) => e.seq < state.nextSeq), 'queue sequence numbers are issued in order');
  check(rules.mode !== 'queue' || floor !== null || queue.length === 0, 'in queue mode a free floor goes to the queue');

  check((rules.mode === 'round') === (round !== null), 'a round runs exactly in round mode');
  if (round) {
    check(floor !== null, 'someone holds the floor during a round');
    check(round.index >= 0 && round.index < round.order.length, 'the round index is in range');
    check(floor?.reason !== 'round' || round.order[round.index] === floor.holderId, 'the round turn is the current one');
  }

  if (state.ended) {
    check(floor === null && round === null && queue.length === 0, 'an ended session has no floor, round or queue');
  }

  const ordered = orderedQueue(state);
  check(ordered.length === queue.length, 'the served queue has every entry');
  check(ordered.every((e, i) => e.reason !== 'directReply' || i === 0), 'a direct reply is served first');
  return out;
}

import type { OrderedQueueEntry } from './queue';
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
  const reconnecting = (id: string) => getParticipant(state, id)?.presence === 'reconnecting';
  const { floor, timer, round, queue, seating, rules } = state;

  check(Number.isInteger(state.version) && state.version >= 0, 'version is a non-negative integer');
  for (const [id, p] of Object.entries(state.participants)) {
    check(p.id === id, `participant ${id} is stored under its id`);
    check(p.airtimeMs >= 0 && p.turns >= 0 && p.passes >= 0, `${id} has non-negative stats`);
    check(!state.removed.includes(id), `removed ${id} has no record`);
    check((p.presence === 'reconnecting') === (p.reconnect != null), `${id} has a grace deadline exactly while reconnecting`);
  }

  const seated = Object.values(state.participants).filter((p) => p.presence !== 'left').map((p) => p.id);
  check(new Set(seating).size === seating.length, 'no one is seated twice');
  check(seating.length === seated.length && seated.every((id) => seating.includes(id)), 'seating is exactly everyone in the circle');

  check(floor === null || present(floor.holderId) || reconnecting(floor.holderId), 'the floor holder is present or reconnecting');
  check(floor === null || (floor.away != null) === reconnecting(floor.holderId), 'the floor waits exactly while its holder is reconnecting');
  check((floor === null) === (timer === null), 'a timer runs exactly while someone holds the floor');
  check(rules.mode !== 'open' || floor === null, 'no one holds the floor in open mode');

  const ids = queue.map((e) => e.participantId);
  check(new Set(ids).size === ids.length, 'no one is twice in the queue');
  check(ids.every((id) => present(id) || reconnecting(id)), 'the queue holds only present or reconnecting people');
  check(floor === null || !ids.includes(floor.holderId), 'the floor holder is not in the queue');
  const replies = queue.filter((e) => e.kind === 'reply');
  check(replies.length <= 1, 'at most one direct reply is pending');
  check(replies.length === 0 || rules.directReplies, 'replies are pending only while direct replies are on');
  check(queue.every((e, i) => i === 0 || e.seq > queue[i - 1]!.seq), 'the queue is stored in raise order');
  check(queue.every((e) => e.seq < state.nextSeq), 'queue sequence numbers are issued in order');
  // While the circle is in groups, hands wait for it to come back together.
  const served = rules.mode !== 'queue' || floor !== null || !ids.some(present) || state.groups != null;
  check(served, 'in queue mode a free floor goes to the queue');

  check((rules.mode === 'round') === (round !== null), 'a round runs exactly in round mode');
  if (round) {
    check(floor !== null, 'someone holds the floor during a round');
    check(round.index >= 0 && round.index < round.order.length, 'the round index is in range');
    check(floor?.reason !== 'round' || round.order[round.index] === floor.holderId, 'the round turn is the current one');
  }

  if (state.ended) {
    check(floor === null && round === null && queue.length === 0, 'an ended session has no floor, round or queue');
  }
  out.push(...groupsViolations(state));

  return [...out, ...servedOrderViolations(state)];
}

/**
 * Checks a served order (by default `orderedQueue(state)`) against the rules: a reply (at
 * most one) first while replies are on, then placed entries in placed order, then the rest
 * by `rules.queueOrder`, ties by raise order.
 */
export function servedOrderViolations(state: CircleState, served: readonly OrderedQueueEntry[] = orderedQueue(state)): string[] {
  const out: string[] = [];
  const entry = new Map(state.queue.map((e) => [e.participantId, e] as const));
  const seq = (id: string) => entry.get(id)?.seq ?? -1;
  const spoken = (id: string) => getParticipant(state, id)?.hasSpoken === true;
  const airtime = (id: string) => getParticipant(state, id)?.airtimeMs ?? 0;
  const { queueOrder, directReplies } = state.rules;
  if (served.length !== state.queue.length) out.push('the served queue has every entry');
  served.forEach((e, i) => {
    if (e.reason === 'directReply' && (i !== 0 || !directReplies)) out.push('a direct reply is served first');
    if (e.kind === 'reply' && directReplies && i !== 0) out.push('a pending reply is served first');
    const prev = served[i - 1];
    if (!prev || e.reason === 'directReply') return;
    const [a, b] = [prev.participantId, e.participantId];
    if (e.reason === 'placedByFacilitator') {
      if (prev.reason !== 'directReply' && prev.reason !== 'placedByFacilitator') out.push('placed entries come before ruled ones');
      else if (prev.reason === 'placedByFacilitator' && entry.get(a)!.placed! > entry.get(b)!.placed!) out.push('placed order kept');
      return;
    }
    if (prev.reason === 'directReply' || prev.reason === 'placedByFacilitator') return;
    const fifo = seq(a) < seq(b);
    if (queueOrder === 'fifo' && !fifo) out.push('fifo: by raise order');
    if (queueOrder === 'notYetSpoken' && (spoken(a) && !spoken(b) || (spoken(a) === spoken(b) && !fifo))) {
      out.push('notYetSpoken: those who have not spoken first, then by raise order');
    }
    if (queueOrder === 'leastAirtime' && (airtime(a) > airtime(b) || (airtime(a) === airtime(b) && !fifo))) {
      out.push('leastAirtime: ascending airtime, then by raise order');
    }
  });
  for (const e of served) {
    const expected = queueOrder === 'leastAirtime' ? 'leastAirtime' : queueOrder === 'notYetSpoken' && !spoken(e.participantId) ? 'notYetSpoken' : 'raisedFirst';
    if (e.reason !== 'directReply' && e.reason !== 'placedByFacilitator' && e.reason !== expected) out.push(`reason of ${e.participantId}`);
  }
  return out;
}

/** The split into groups: a partition of people in the circle, every member present placed. */
function groupsViolations(state: CircleState): string[] {
  const groups = state.groups;
  if (!groups) return [];
  const out: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) out.push(message);
  };
  const p = (id: string) => getParticipant(state, id);
  const placed = groups.groups.flatMap((g) => g.members);
  check(!state.ended, 'an ended session has no groups');
  check(state.floor === null && state.round === null, 'no floor and no round while the circle is in groups');
  check(groups.groups.length > 0, 'a split has at least one group');
  check(new Set(groups.groups.map((g) => g.id)).size === groups.groups.length, 'group ids are distinct');
  check(new Set(placed).size === placed.length, 'no one is in two groups');
  check(placed.every((id) => state.seating.includes(id)), 'groups hold only people in the circle');
  const members = state.seating.filter((id) => p(id)?.presence === 'present' && p(id)?.role === 'member');
  check(members.every((id) => placed.includes(id)), 'every member present is in a group');
  for (const [id, groupId] of Object.entries(groups.visits)) {
    check(p(id)?.role === 'facilitator' && state.seating.includes(id), `visitor ${id} is a facilitator in the circle`);
    check(groups.groups.some((g) => g.id === groupId), `visitor ${id} visits a group that exists`);
    check(!groups.groups.find((g) => g.id === groupId)?.members.includes(id), `visitor ${id} does not visit their own group`);
  }
  check(state.seating.some((id) => p(id)?.role === 'facilitator'), 'a split has a facilitator in the circle');
  return out;
}

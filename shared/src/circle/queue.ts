import type { CircleState, QueueEntry, QueueEntryKind } from './types';
import { getParticipant } from './types';

/*
 * The served order of the queue is computed, not stored: it depends on live rules (the
 * facilitator may switch ordering mid-session) and on airtime. Layers, first to last:
 *   1. a pending direct reply (at most one, only while `rules.directReplies`);
 *   2. entries a facilitator placed with `reorderQueue`, in the placed order;
 *   3. everyone else, by `rules.queueOrder`.
 * A manual placement therefore wins over the rule until the facilitator picks a rule again
 * (`setRules { queueOrder }` clears placements); hands raised after a reorder queue up
 * behind the placed ones, ordered by the rule.
 */

/** Why an entry is where it is, for the UI. */
export type QueueReason = 'directReply' | 'placedByFacilitator' | 'notYetSpoken' | 'leastAirtime' | 'raisedFirst';

/** Words for each {@link QueueReason}, as the UI shows them. */
export const QUEUE_REASON_LABELS: Readonly<Record<QueueReason, string>> = Object.freeze({
  directReply: 'direct reply',
  placedByFacilitator: 'placed by facilitator',
  notYetSpoken: "hasn't spoken yet",
  leastAirtime: 'least airtime',
  raisedFirst: 'in the order raised',
});

/** A queue entry in served order, with the reason for its place. */
export interface OrderedQueueEntry {
  participantId: string;
  kind: QueueEntryKind;
  raisedAt: number;
  replyTo: string | null;
  /** 0-based place in the served order. */
  position: number;
  reason: QueueReason;
}

const bySeq = (a: QueueEntry, b: QueueEntry) => a.seq - b.seq;

/** The queue in the order people will be served, each with its reason. */
export function orderedQueue(state: CircleState): OrderedQueueEntry[] {
  const { queueOrder, directReplies } = state.rules;
  const reply = directReplies ? state.queue.find((e) => e.kind === 'reply') : undefined;
  const others = state.queue.filter((e) => e !== reply);
  const placed = others.filter((e) => e.placed !== null).sort((a, b) => a.placed! - b.placed! || bySeq(a, b));
  const ruled = others.filter((e) => e.placed === null);

  const spoken = (e: QueueEntry) => (getParticipant(state, e.participantId)?.hasSpoken ? 1 : 0);
  const airtime = (e: QueueEntry) => getParticipant(state, e.participantId)?.airtimeMs ?? 0;
  if (queueOrder === 'notYetSpoken') ruled.sort((a, b) => spoken(a) - spoken(b) || bySeq(a, b));
  else if (queueOrder === 'leastAirtime') ruled.sort((a, b) => airtime(a) - airtime(b) || bySeq(a, b));
  else ruled.sort(bySeq);

  const ruleReason = (e: QueueEntry): QueueReason => {
    if (queueOrder === 'leastAirtime') return 'leastAirtime';
    if (queueOrder === 'notYetSpoken' && spoken(e) === 0) return 'notYetSpoken';
    return 'raisedFirst';
  };
  const tagged: Array<[QueueEntry, QueueReason]> = [
    ...(reply ? [[reply, 'directReply'] as [QueueEntry, QueueReason]] : []),
    ...placed.map((e): [QueueEntry, QueueReason] => [e, 'placedByFacilitator']),
    ...ruled.map((e): [QueueEntry, QueueReason] => [e, ruleReason(e)]),
  ];
  return tagged.map(([e, reason], position) => ({
    participantId: e.participantId,
    kind: e.kind,
    raisedAt: e.raisedAt,
    replyTo: e.replyTo,
    position,
    reason,
  }));
}

/** The queue entry of `participantId`, if their hand is up. */
export function queueEntryOf(state: CircleState, participantId: string): QueueEntry | undefined {
  return state.queue.find((e) => e.participantId === participantId);
}

/** `state` without `participantId`'s queue entry (same object if they had none). */
export function withoutQueueEntry(state: CircleState, participantId: string): CircleState {
  return queueEntryOf(state, participantId)
    ? { ...state, queue: state.queue.filter((e) => e.participantId !== participantId) }
    : state;
}

/** `state` with a new entry at the end of the raise order. */
export function withQueueEntry(
  state: CircleState,
  participantId: string,
  kind: QueueEntryKind,
  now: number,
  replyTo: string | null,
): CircleState {
  const entry: QueueEntry = { participantId, kind, raisedAt: now, seq: state.nextSeq, replyTo, placed: null };
  return { ...state, queue: [...state.queue, entry], nextSeq: state.nextSeq + 1 };
}

/**
 * Applies a facilitator's order (already checked to be exactly the queued ids). A reply put
 * anywhere but first becomes an ordinary hand: the facilitator chose not to let it jump.
 */
export function placeQueue(state: CircleState, order: readonly string[]): CircleState {
  const rank = new Map(order.map((id, i) => [id, i] as const));
  const queue = state.queue.map((e): QueueEntry => {
    const placed = rank.get(e.participantId) ?? null;
    const demoted = e.kind === 'reply' && placed !== 0;
    return { ...e, placed, kind: demoted ? 'hand' : e.kind, replyTo: demoted ? null : e.replyTo };
  });
  return { ...state, queue };
}

/** True when two queues hold the same entries with the same fields, in the same order. */
export function sameQueue(a: readonly QueueEntry[], b: readonly QueueEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((e, i) => {
      const f = b[i];
      return (
        f !== undefined && e.participantId === f.participantId && e.kind === f.kind &&
        e.seq === f.seq && e.placed === f.placed && e.replyTo === f.replyTo && e.raisedAt === f.raisedAt
      );
    })
  );
}

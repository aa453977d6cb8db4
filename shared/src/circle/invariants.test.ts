import { circleInvariantViolations, servedOrderViolations } from './invariants';
import { orderedQueue } from './queue';
import { TestCircle } from './testkit';
import type { CircleState } from './types';

/*
 * The invariant checker is what the property tests rely on, so it must itself catch broken
 * states: each case corrupts a healthy state by hand and expects a violation.
 */

/** Queue mode: a speaks, b and c wait; d has spoken before. */
function healthy(): CircleState {
  return TestCircle.with(['a', 'b', 'c', 'd'])
    .do('f', { type: 'setMode', mode: 'queue' })
    .do('d', { type: 'raiseHand' })
    .wait(1000)
    .do('d', { type: 'finishTurn' })
    .do('a', { type: 'raiseHand' })
    .do('b', { type: 'raiseHand' })
    .do('c', { type: 'raiseHand' })
    .do('d', { type: 'raiseHand' }).state;
}

describe('circleInvariantViolations', () => {
  it('finds nothing wrong with a state the engine produced', () => {
    expect(circleInvariantViolations(healthy())).toEqual([]);
  });

  const corruptions: Array<[string, (s: CircleState) => CircleState, string]> = [
    ['a stepped-out holder', (s) => ({ ...s, participants: { ...s.participants, a: { ...s.participants.a!, presence: 'steppedOut' } } }), 'the floor holder is present or reconnecting'],
    ['a floor in open mode', (s) => ({ ...s, rules: { ...s.rules, mode: 'open' } }), 'no one holds the floor in open mode'],
    ['a floor without timer', (s) => ({ ...s, timer: null }), 'a timer runs exactly while someone holds the floor'],
    ['someone queued twice', (s) => ({ ...s, queue: [...s.queue, { ...s.queue[0]!, seq: 99 }], nextSeq: 100 }), 'no one is twice in the queue'],
    ['the holder queued', (s) => ({ ...s, queue: [...s.queue, { ...s.queue[0]!, participantId: 'a', seq: 99 }], nextSeq: 100 }), 'the floor holder is not in the queue'],
    ['two replies', (s) => ({ ...s, rules: { ...s.rules, directReplies: true }, queue: s.queue.map((e) => ({ ...e, kind: 'reply' as const })) }), 'at most one direct reply is pending'],
    ['a reply with replies off', (s) => ({ ...s, queue: s.queue.map((e, i) => (i === 0 ? { ...e, kind: 'reply' as const } : e)) }), 'replies are pending only while direct replies are on'],
    ['a free floor with hands in queue mode', (s) => ({ ...s, floor: null, timer: null }), 'in queue mode a free floor goes to the queue'],
    ['seating missing someone', (s) => ({ ...s, seating: s.seating.slice(1) }), 'seating is exactly everyone in the circle'],
    ['a round outside round mode', (s) => ({ ...s, round: { order: ['a'], index: 0, startedAt: 0, previousMode: 'queue' } }), 'a round runs exactly in round mode'],
    ['an ended session with a floor', (s) => ({ ...s, ended: true }), 'an ended session has no floor, round or queue'],
    ['negative airtime', (s) => ({ ...s, participants: { ...s.participants, b: { ...s.participants.b!, airtimeMs: -1 } } }), 'b has non-negative stats'],
  ];
  it.each(corruptions)('catches %s', (_name, corrupt, message) => {
    expect(circleInvariantViolations(corrupt(healthy()))).toContain(message);
  });
});

describe('servedOrderViolations', () => {
  it('accepts orderedQueue under every rule', () => {
    for (const queueOrder of ['fifo', 'notYetSpoken', 'leastAirtime'] as const) {
      const s = healthy();
      expect(servedOrderViolations({ ...s, rules: { ...s.rules, queueOrder } })).toEqual([]);
    }
  });

  it('catches an order that breaks the rule', () => {
    const s = healthy(); // served fifo: b, c, d
    const [b, c, d] = orderedQueue(s);
    expect(servedOrderViolations(s, [c!, b!, d!])).toContain('fifo: by raise order');
    const nys = { ...s, rules: { ...s.rules, queueOrder: 'notYetSpoken' as const } };
    const byRule = orderedQueue(nys); // b, c (not yet spoken), then d
    expect(servedOrderViolations(nys, [byRule[2]!, byRule[0]!, byRule[1]!])).toContain(
      'notYetSpoken: those who have not spoken first, then by raise order',
    );
    const least = { ...s, rules: { ...s.rules, queueOrder: 'leastAirtime' as const } };
    const l = orderedQueue(least);
    expect(servedOrderViolations(least, [l[2]!, l[0]!, l[1]!])).toContain('leastAirtime: ascending airtime, then by raise order');
    expect(servedOrderViolations(s, [b!, c!])).toContain('the served queue has every entry');
  });

  it('catches a reply that is not first', () => {
    const s = healthy();
    const replies = { ...s, rules: { ...s.rules, directReplies: true } };
    const [b, c, d] = orderedQueue(replies);
    expect(servedOrderViolations(replies, [b!, { ...c!, kind: 'reply', reason: 'directReply' }, d!])).toContain(
      'a direct reply is served first',
    );
  });
});

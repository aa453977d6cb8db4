import { QUEUE_REASON_LABELS, orderedQueue } from './queue';
import { TestCircle } from './testkit';

/** A circle where a, b, c, d have spoken for 30, 10, 0, 20 s, in directed mode (no auto-grant). */
function withHistory(): TestCircle {
  const c = TestCircle.with(['a', 'b', 'c', 'd']).do('f', { type: 'setMode', mode: 'directed' });
  for (const [id, ms] of [['a', 30_000], ['b', 10_000], ['d', 20_000]] as const) {
    c.do('f', { type: 'giveFloor', to: id }).wait(ms).do(id, { type: 'finishTurn' });
  }
  // Raise order: d, c, a, b.
  for (const id of ['d', 'c', 'a', 'b']) c.wait(1).do(id, { type: 'raiseHand' });
  return c;
}
const served = (c: TestCircle) => orderedQueue(c.state).map((e) => `${e.participantId}:${e.reason}`);

describe('orderedQueue', () => {
  it('fifo: by raise time', () => {
    expect(served(withHistory())).toEqual(['d:raisedFirst', 'c:raisedFirst', 'a:raisedFirst', 'b:raisedFirst']);
  });

  it('notYetSpoken: those who have not spoken first, then by raise time', () => {
    const c = withHistory().do('f', { type: 'setRules', rules: { queueOrder: 'notYetSpoken' } });
    expect(served(c)).toEqual(['c:notYetSpoken', 'd:raisedFirst', 'a:raisedFirst', 'b:raisedFirst']);
  });

  it('leastAirtime: ascending airtime, ties by raise time', () => {
    const c = withHistory().do('f', { type: 'setRules', rules: { queueOrder: 'leastAirtime' } });
    expect(served(c)).toEqual(['c:leastAirtime', 'b:leastAirtime', 'd:leastAirtime', 'a:leastAirtime']);
  });

  it('switching the rule live re-orders the same hands', () => {
    const c = withHistory().do('f', { type: 'setRules', rules: { queueOrder: 'leastAirtime' } });
    c.do('f', { type: 'setRules', rules: { queueOrder: 'fifo' } });
    expect(served(c)[0]).toBe('d:raisedFirst');
  });

  it('labels every reason for the UI', () => {
    expect(QUEUE_REASON_LABELS.notYetSpoken).toBe("hasn't spoken yet");
    expect(Object.keys(QUEUE_REASON_LABELS).sort()).toEqual(['directReply', 'leastAirtime', 'notYetSpoken', 'placedByFacilitator', 'raisedFirst']);
  });

  it('positions are 0-based and match the served order', () => {
    expect(orderedQueue(withHistory().state).map((e) => e.position)).toEqual([0, 1, 2, 3]);
  });
});

describe('queue mode serves hands automatically', () => {
  it('the next per the rule gets the floor when the speaker finishes', () => {
    const c = withHistory().do('f', { type: 'setRules', rules: { queueOrder: 'leastAirtime' } });
    c.do('f', { type: 'setMode', mode: 'queue' });
    expect(c.holder).toBe('c');
    expect(c.events).toContainEqual({ type: 'floorGranted', to: 'c', reason: 'queue' });
    c.do('c', { type: 'finishTurn' });
    expect(c.holder).toBe('b');
  });

  it('a direct reply goes before everyone, including placed hands', () => {
    const c = withHistory().do('f', { type: 'setRules', rules: { directReplies: true } });
    c.do('f', { type: 'reorderQueue', order: ['b', 'a', 'c', 'd'] });
    c.do('f', { type: 'giveFloor', to: 'f' });
    c.do('d', { type: 'raiseReply' });
    expect(served(c)).toEqual(['d:directReply', 'b:placedByFacilitator', 'a:placedByFacilitator', 'c:placedByFacilitator']);
  });
});

describe('reorderQueue', () => {
  it('manual order wins over the rule; later hands follow by the rule', () => {
    const c = withHistory().do('f', { type: 'setRules', rules: { queueOrder: 'leastAirtime' } });
    c.do('f', { type: 'reorderQueue', order: ['a', 'd', 'b', 'c'] });
    expect(c.events).toEqual([{ type: 'queueReordered', order: ['a', 'd', 'b', 'c'], by: 'f' }]);
    c.do('e', { type: 'join', name: 'E', role: 'member' }).do('e', { type: 'raiseHand' });
    expect(served(c)).toEqual([
      'a:placedByFacilitator', 'd:placedByFacilitator', 'b:placedByFacilitator', 'c:placedByFacilitator', 'e:leastAirtime',
    ]);
    c.do('d', { type: 'lowerHand' });
    expect(served(c).slice(0, 3)).toEqual(['a:placedByFacilitator', 'b:placedByFacilitator', 'c:placedByFacilitator']);
  });

  it('choosing a rule again clears the manual order', () => {
    const c = withHistory().do('f', { type: 'reorderQueue', order: ['a', 'd', 'b', 'c'] });
    c.do('f', { type: 'setRules', rules: { queueOrder: 'notYetSpoken' } });
    expect(served(c)[0]).toBe('c:notYetSpoken');
  });

  it('a reply placed anywhere but first becomes an ordinary hand', () => {
    const c = withHistory().do('f', { type: 'setRules', rules: { directReplies: true } });
    c.do('f', { type: 'giveFloor', to: 'f' }).do('c', { type: 'raiseReply' });
    c.do('f', { type: 'reorderQueue', order: ['d', 'c', 'a', 'b'] });
    expect(c.state.queue.find((e) => e.participantId === 'c')).toMatchObject({ kind: 'hand', replyTo: null, placed: 1 });
    c.do('c', { type: 'raiseReply' });
    expect(served(c)[0]).toBe('c:directReply');
    c.do('f', { type: 'reorderQueue', order: ['c', 'a', 'b', 'd'] });
    expect(c.state.queue.find((e) => e.participantId === 'c')?.kind).toBe('reply');
  });

  it('refuses an empty queue, a wrong list, or no change', () => {
    const c = TestCircle.with();
    expect(c.refused('f', { type: 'reorderQueue', order: ['a'] }).code).toBe('NOT_ALLOWED');
    c.do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' });
    expect(c.refused('f', { type: 'reorderQueue', order: ['a'] }).code).toBe('INVALID_PAYLOAD');
    expect(c.refused('f', { type: 'reorderQueue', order: ['a', 'c'] }).code).toBe('INVALID_PAYLOAD');
    expect(c.refused('f', { type: 'reorderQueue', order: ['a', 'a'] }).code).toBe('INVALID_PAYLOAD');
    c.do('f', { type: 'reorderQueue', order: ['a', 'b'] }); // placing is a change
    expect(c.refused('f', { type: 'reorderQueue', order: ['a', 'b'] }).code).toBe('NOT_ALLOWED');
  });
});

describe('lowering hands', () => {
  it('lowerHandOf lowers one hand; refused when it is not raised', () => {
    const c = TestCircle.with().do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' });
    c.do('f', { type: 'lowerHandOf', target: 'a' });
    expect(c.queued).toEqual(['b']);
    expect(c.events).toEqual([{ type: 'handLowered', participantId: 'a', by: 'f' }]);
    expect(c.refused('f', { type: 'lowerHandOf', target: 'a' }).code).toBe('NOT_ALLOWED');
  });

  it('lowerAllHands empties the queue; refused when empty', () => {
    const c = TestCircle.with().do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' }).do('f', { type: 'lowerAllHands' });
    expect(c.queued).toEqual([]);
    expect(c.events).toEqual([{ type: 'handsLowered', participantIds: ['a', 'b'], by: 'f' }]);
    expect(c.refused('f', { type: 'lowerAllHands' }).code).toBe('NOT_ALLOWED');
  });

  it('turning direct replies off turns a pending reply into a hand', () => {
    const c = TestCircle.with().do('f', { type: 'setMode', mode: 'queue' }).do('f', { type: 'setRules', rules: { directReplies: true } });
    c.do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' }).do('c', { type: 'raiseReply' });
    c.do('f', { type: 'setRules', rules: { directReplies: false } });
    expect(c.state.queue.map((e) => e.kind)).toEqual(['hand', 'hand']);
    c.do('a', { type: 'finishTurn' });
    expect(c.holder).toBe('b');
  });
});

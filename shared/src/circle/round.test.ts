import { roundOrder } from './round';
import { TestCircle } from './testkit';

describe('roundOrder', () => {
  it('rotates the seating to start with the chosen person', () => {
    expect(roundOrder(['a', 'b', 'c', 'd'], 'c')).toEqual(['c', 'd', 'a', 'b']);
    expect(roundOrder(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(roundOrder(['a', 'b'], 'zz')).toEqual(['a', 'b']);
  });
});

describe('rounds', () => {
  it('go around the seating from startWith; pass and finishTurn advance; the previous mode returns', () => {
    const c = TestCircle.with().do('f', { type: 'setMode', mode: 'queue' }).do('f', { type: 'startRound', startWith: 'b' });
    expect(c.state.round?.order).toEqual(['b', 'c', 'f', 'a']);
    expect(c.state.rules.mode).toBe('round');
    expect(c.holder).toBe('b');
    expect(c.eventTypes).toEqual(['roundStarted', 'floorGranted']);
    c.wait(1000).do('b', { type: 'finishTurn' });
    expect(c.holder).toBe('c');
    c.do('c', { type: 'pass' });
    expect(c.p('c').passes).toBe(1);
    expect(c.holder).toBe('f');
    c.do('f', { type: 'next' });
    expect(c.holder).toBe('a');
    c.do('a', { type: 'finishTurn' });
    expect(c.state).toMatchObject({ round: null, floor: null, rules: { mode: 'queue' } });
    expect(c.events.at(-1)).toEqual({ type: 'roundEnded', reason: 'completed', mode: 'queue' });
  });

  it('skips people who are out when their seat comes, without revisiting them', () => {
    const c = TestCircle.with(['a', 'b', 'c', 'd']).do('b', { type: 'stepOut' }).do('f', { type: 'startRound' });
    c.do('d', { type: 'leave' });
    c.do('f', { type: 'finishTurn' }).do('a', { type: 'finishTurn' });
    expect(c.holder).toBe('c'); // b skipped
    c.do('b', { type: 'stepBack' }).do('c', { type: 'finishTurn' });
    expect(c.state.round).toBeNull(); // b's seat came and went while they were out; d left
  });

  it('includes someone who steps back before their seat comes', () => {
    const c = TestCircle.with().do('b', { type: 'stepOut' }).do('f', { type: 'startRound' });
    c.do('b', { type: 'stepBack' }).do('f', { type: 'finishTurn' }).do('a', { type: 'finishTurn' });
    expect(c.holder).toBe('b');
  });

  it('does not add people who join mid-round', () => {
    const c = TestCircle.with(['a']).do('f', { type: 'startRound' }).do('z', { type: 'join', name: 'Z', role: 'member' });
    expect(c.state.round?.order).toEqual(['f', 'a']);
    c.do('f', { type: 'next' }).do('f', { type: 'next' });
    expect(c.state.round).toBeNull();
  });

  it('moves on when the speaker steps out, leaves or is removed', () => {
    const c = TestCircle.with(['a', 'b', 'c', 'd']).do('f', { type: 'startRound', startWith: 'a' });
    c.do('a', { type: 'stepOut' });
    expect(c.holder).toBe('b');
    c.do('b', { type: 'leave' });
    expect(c.holder).toBe('c');
    c.do('f', { type: 'removeParticipant', target: 'c' });
    expect(c.holder).toBe('d');
  });

  it('giveFloor during a round is an aside; afterwards the round continues after the interrupted person', () => {
    const c = TestCircle.with(['a', 'b', 'c', 'd']).do('f', { type: 'startRound', startWith: 'a' });
    c.do('f', { type: 'giveFloor', to: 'c' });
    expect(c.state.floor).toMatchObject({ holderId: 'c', reason: 'facilitator' });
    expect(c.state.round?.index).toBe(0);
    c.do('c', { type: 'finishTurn' });
    expect(c.holder).toBe('b');
    c.do('b', { type: 'finishTurn' });
    expect(c.holder).toBe('c'); // the aside was not c's round turn
  });

  it('revokeFloor in a round moves to the next person', () => {
    const c = TestCircle.with().do('f', { type: 'startRound', startWith: 'a' }).do('f', { type: 'revokeFloor' });
    expect(c.holder).toBe('b');
    expect(c.events[0]).toEqual({ type: 'floorReleased', from: 'a', reason: 'revoked' });
  });

  it('endRound ends the turn and returns to the previous mode, where waiting hands are served', () => {
    const c = TestCircle.with().do('f', { type: 'setMode', mode: 'queue' }).do('f', { type: 'startRound' });
    c.do('b', { type: 'raiseHand' }).wait(2000).do('f', { type: 'endRound' });
    expect(c.p('f').airtimeMs).toBe(2000);
    expect(c.holder).toBe('b');
    expect(c.eventTypes).toEqual(['floorReleased', 'roundEnded', 'floorGranted']);
    expect(c.refused('f', { type: 'endRound' }).code).toBe('NOT_ALLOWED');
  });

  it('hands raised before the round wait; getting a round turn lowers your hand', () => {
    const c = TestCircle.with().do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' }).do('f', { type: 'startRound', startWith: 'a' });
    expect(c.queued).toEqual(['b']);
  });

  it('refuses a second round and unknown startWith', () => {
    const c = TestCircle.with();
    expect(c.refused('f', { type: 'startRound', startWith: 'zed' }).code).toBe('NOT_FOUND');
    c.do('f', { type: 'startRound' });
    expect(c.refused('f', { type: 'startRound' }).code).toBe('NOT_ALLOWED');
    expect(c.refused('f', { type: 'setMode', mode: 'round' }).code).toBe('NOT_ALLOWED');
  });
});

describe('setMode', () => {
  it('into round starts a round from the first seat', () => {
    const c = TestCircle.with().do('f', { type: 'setMode', mode: 'round' });
    expect(c.holder).toBe('f');
    expect(c.state.round?.previousMode).toBe('open');
  });

  it('out of a round ends it (and its turn) into the chosen mode', () => {
    const c = TestCircle.with().do('f', { type: 'startRound', startWith: 'a' }).do('f', { type: 'setMode', mode: 'directed' });
    expect(c.state).toMatchObject({ round: null, floor: null, rules: { mode: 'directed' } });
    expect(c.eventTypes).toEqual(['floorReleased', 'roundEnded', 'modeChanged']);
  });

  it('into open releases the floor; between queue and directed the speaker keeps it', () => {
    const c = TestCircle.with().do('f', { type: 'setMode', mode: 'queue' }).do('a', { type: 'raiseHand' });
    c.do('f', { type: 'setMode', mode: 'directed' });
    expect(c.holder).toBe('a');
    c.do('f', { type: 'setMode', mode: 'open' });
    expect(c.holder).toBeNull();
    expect(c.events).toEqual([
      { type: 'floorReleased', from: 'a', reason: 'modeChanged' },
      { type: 'modeChanged', mode: 'open', by: 'f' },
    ]);
  });

  it('into queue serves hands raised in open mode', () => {
    const c = TestCircle.with().do('b', { type: 'raiseHand' }).do('a', { type: 'raiseHand' }).do('f', { type: 'setMode', mode: 'queue' });
    expect(c.holder).toBe('b');
    expect(c.queued).toEqual(['a']);
  });

  it('refuses the current mode', () => {
    expect(TestCircle.with().refused('f', { type: 'setMode', mode: 'open' }).code).toBe('NOT_ALLOWED');
  });
});

describe('floor commands', () => {
  it('giveFloor ends the previous turn and takes the new holder out of the queue', () => {
    const c = TestCircle.with().do('f', { type: 'setMode', mode: 'directed' }).do('b', { type: 'raiseHand' });
    c.do('f', { type: 'giveFloor', to: 'a' }).wait(1500).do('f', { type: 'giveFloor', to: 'b' });
    expect(c.p('a')).toMatchObject({ airtimeMs: 1500, turns: 1 });
    expect(c.holder).toBe('b');
    expect(c.queued).toEqual([]);
    expect(c.events).toEqual([
      { type: 'floorReleased', from: 'a', reason: 'reassigned' },
      { type: 'floorGranted', to: 'b', reason: 'facilitator' },
    ]);
  });

  it('giveFloor refuses open mode, the current holder, stepped-out and unknown people', () => {
    const c = TestCircle.with();
    expect(c.refused('f', { type: 'giveFloor', to: 'a' }).code).toBe('NOT_ALLOWED');
    c.do('f', { type: 'setMode', mode: 'directed' }).do('f', { type: 'giveFloor', to: 'a' }).do('b', { type: 'stepOut' });
    expect(c.refused('f', { type: 'giveFloor', to: 'a' }).code).toBe('NOT_ALLOWED');
    expect(c.refused('f', { type: 'giveFloor', to: 'b' }).code).toBe('NOT_ALLOWED');
    expect(c.refused('f', { type: 'giveFloor', to: 'zed' }).code).toBe('NOT_FOUND');
  });

  it('directed mode never grants by itself; next and revokeFloor free the floor', () => {
    const c = TestCircle.with().do('f', { type: 'setMode', mode: 'directed' }).do('a', { type: 'raiseHand' });
    expect(c.holder).toBeNull();
    expect(c.refused('f', { type: 'next' }).code).toBe('NOT_ALLOWED');
    expect(c.refused('f', { type: 'revokeFloor' }).code).toBe('NOT_ALLOWED');
    c.do('f', { type: 'giveFloor', to: 'b' }).do('f', { type: 'next' });
    expect(c.holder).toBeNull();
    c.do('f', { type: 'giveFloor', to: 'b' }).do('f', { type: 'revokeFloor' });
    expect(c.holder).toBeNull();
  });

  it('next in queue mode serves the next hand, or just ends the turn', () => {
    const c = TestCircle.with().do('f', { type: 'setMode', mode: 'queue' }).do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' });
    c.do('f', { type: 'next' });
    expect(c.holder).toBe('b');
    c.do('f', { type: 'next' });
    expect(c.holder).toBeNull();
    expect(c.refused('f', { type: 'next' }).code).toBe('NOT_ALLOWED');
  });

  it('next in open mode is refused', () => {
    expect(TestCircle.with().refused('f', { type: 'next' }).code).toBe('NOT_ALLOWED');
  });
});

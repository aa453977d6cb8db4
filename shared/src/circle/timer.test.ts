import { TestCircle, T0 } from './testkit';
import { nextTimerDueAt, remainingMs } from './timer';
import { SYSTEM_ACTOR_ID } from './types';

const tick = (c: TestCircle) => c.do(SYSTEM_ACTOR_ID, { type: 'tick' });

/** Queue mode, 2-minute turns, a speaking (granted at T0) and b waiting. */
function timed(autoAdvance = false): TestCircle {
  return TestCircle.with()
    .do('f', { type: 'setRules', rules: { turnLimitMs: 120_000, autoAdvance } })
    .do('f', { type: 'setMode', mode: 'queue' })
    .do('a', { type: 'raiseHand' })
    .do('b', { type: 'raiseHand' });
}

describe('turn timer', () => {
  it('nudges the speaker once at 30 s left, then notes overtime once, without forcing anything', () => {
    const c = timed();
    expect(nextTimerDueAt(c.state)).toBe(T0 + 90_000);
    c.wait(89_000);
    const before = c.state;
    tick(c);
    expect(c.state).toBe(before); // nothing due: same state, same version
    expect(c.events).toEqual([]);
    c.wait(1_000);
    tick(c);
    expect(c.events).toEqual([{ type: 'turnNudged', to: 'a', remainingMs: 30_000 }]);
    expect(c.state.version).toBe(before.version + 1);
    expect(nextTimerDueAt(c.state)).toBe(T0 + 120_000);
    c.wait(1_000);
    tick(c);
    expect(c.events).toEqual([]);
    c.wait(29_000);
    tick(c);
    expect(c.events).toEqual([{ type: 'turnOvertime', to: 'a' }]);
    expect(c.holder).toBe('a');
    expect(nextTimerDueAt(c.state)).toBeNull();
    c.wait(60_000);
    tick(c);
    expect(c.events).toEqual([]);
    expect(remainingMs(c.state, c.now)).toBe(-60_000);
  });

  it('with autoAdvance, hands on when time is up, as next would', () => {
    const c = timed(true).wait(120_000);
    tick(c);
    expect(c.events).toEqual([
      { type: 'floorReleased', from: 'a', reason: 'timeUp' },
      { type: 'floorGranted', to: 'b', reason: 'queue' },
    ]);
    expect(c.p('a').airtimeMs).toBe(120_000);
    expect(nextTimerDueAt(c.state)).toBe(T0 + 120_000 + 90_000); // b's turn started at T0+120s
  });

  it('a late tick skips straight to the end', () => {
    const c = timed().wait(200_000);
    tick(c);
    expect(c.events).toEqual([{ type: 'turnOvertime', to: 'a' }]);
  });

  it('autoAdvance moves a round on and frees the floor in directed mode', () => {
    const round = TestCircle.with()
      .do('f', { type: 'setRules', rules: { turnLimitMs: 10_000, autoAdvance: true } })
      .do('f', { type: 'startRound', startWith: 'a' })
      .wait(10_000);
    tick(round);
    expect(round.holder).toBe('b');
    const directed = TestCircle.with()
      .do('f', { type: 'setRules', rules: { turnLimitMs: 10_000, autoAdvance: true } })
      .do('f', { type: 'setMode', mode: 'directed' })
      .do('f', { type: 'giveFloor', to: 'a' })
      .wait(10_000);
    tick(directed);
    expect(directed.holder).toBeNull();
  });

  it('pause and resume shift the end; paused time still counts as airtime', () => {
    const c = timed().wait(60_000).do('f', { type: 'pauseTimer' });
    expect(c.events).toEqual([{ type: 'timerPaused', by: 'f' }]);
    expect(nextTimerDueAt(c.state)).toBeNull();
    c.wait(100_000);
    tick(c);
    expect(c.events).toEqual([]);
    expect(remainingMs(c.state, c.now)).toBe(60_000);
    c.do('f', { type: 'resumeTimer' });
    expect(nextTimerDueAt(c.state)).toBe(T0 + 160_000 + 30_000);
    c.wait(10_000).do('a', { type: 'finishTurn' });
    expect(c.p('a').airtimeMs).toBe(170_000);
  });

  it('pause is per turn: the next turn starts running', () => {
    const c = timed().do('f', { type: 'pauseTimer' }).do('a', { type: 'finishTurn' });
    expect(c.state.timer?.pausedAt).toBeNull();
  });

  it('pause and resume are refused when they make no sense', () => {
    const c = TestCircle.with().do('f', { type: 'setMode', mode: 'queue' });
    expect(c.refused('f', { type: 'pauseTimer' }).message).toBe('No turn is in progress.');
    c.do('a', { type: 'raiseHand' });
    expect(c.refused('f', { type: 'pauseTimer' }).message).toBe('No turn limit is set.');
    expect(c.refused('f', { type: 'resumeTimer' }).code).toBe('NOT_ALLOWED');
    c.do('f', { type: 'setRules', rules: { turnLimitMs: 60_000 } }).do('f', { type: 'pauseTimer' });
    expect(c.refused('f', { type: 'pauseTimer' }).code).toBe('NOT_ALLOWED');
  });

  it('a new limit applies to the turn in progress and re-arms the nudge', () => {
    const c = timed().wait(95_000);
    tick(c);
    expect(c.eventTypes).toEqual(['turnNudged']);
    c.do('f', { type: 'setRules', rules: { turnLimitMs: 300_000 } });
    expect(c.state.timer?.nudged).toBe(false);
    expect(nextTimerDueAt(c.state)).toBe(T0 + 270_000);
    c.do('f', { type: 'setRules', rules: { turnLimitMs: null } });
    expect(nextTimerDueAt(c.state)).toBeNull();
  });

  it('only the server ticks', () => {
    const c = timed();
    expect(c.refused('a', { type: 'tick' }).code).toBe('NOT_ALLOWED');
    expect(c.refused('f', { type: 'tick' }).code).toBe('NOT_ALLOWED');
  });

  it('does not nudge when the whole limit is under 30 s', () => {
    const c = TestCircle.with()
      .do('f', { type: 'setRules', rules: { turnLimitMs: 20_000 } })
      .do('f', { type: 'setMode', mode: 'queue' })
      .do('a', { type: 'raiseHand' });
    expect(nextTimerDueAt(c.state)).toBe(T0 + 20_000);
    tick(c.wait(1_000));
    expect(c.events).toEqual([]);
  });

  it('nothing is due without a turn, a limit, or after the end', () => {
    const c = TestCircle.with();
    expect(nextTimerDueAt(c.state)).toBeNull();
    const t = timed().do('f', { type: 'endSession' });
    expect(nextTimerDueAt(t.state)).toBeNull();
  });
});

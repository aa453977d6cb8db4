import { circleInvariantViolations } from './invariants';
import { nextDueAt } from './presence';
import { orderedQueue } from './queue';
import { T0, TestCircle } from './testkit';
import { viewFor } from './view';

const GRACE = 60_000;
const FLOOR_WAIT = 15_000;
const drop = (c: TestCircle, id: string) =>
  c.do(id, { type: 'disconnect', attachment: c.p(id).attachment ?? 0, graceMs: GRACE, floorWaitMs: FLOOR_WAIT });
const served = (c: TestCircle) => orderedQueue(c.state).map((e) => e.participantId);
const tick = (c: TestCircle) => c.do('__system__', { type: 'tick' });

describe('presence across lost connections', () => {
  it('keeps the seat, the hand and its place while reconnecting, and restores them', () => {
    const c = TestCircle.with(['a', 'b', 'c']);
    c.do('f', { type: 'setMode', mode: 'directed' });
    for (const id of ['a', 'b', 'c']) c.do(id, { type: 'raiseHand' });
    const seating = c.state.seating;
    drop(c, 'b');
    expect(c.p('b').presence).toBe('reconnecting');
    expect(c.events).toEqual([{ type: 'participantReconnecting', participantId: 'b', deadline: T0 + GRACE }]);
    expect(served(c)).toEqual(['a', 'b', 'c']);
    expect(c.state.seating).toEqual(seating);
    expect(viewFor(c.state, 'a').participants.find((p) => p.id === 'b')?.presence).toBe('reconnecting');
    c.wait(10_000).do('b', { type: 'reconnect' });
    expect(c.p('b').presence).toBe('present');
    expect(c.events).toEqual([{ type: 'participantReconnected', participantId: 'b' }]);
    expect(served(c)).toEqual(['a', 'b', 'c']);
    expect(circleInvariantViolations(c.state)).toEqual([]);
  });

  it('lets the grace run out: then they leave as with Leave', () => {
    const c = TestCircle.with(['a', 'b']);
    c.do('a', { type: 'raiseHand' });
    drop(c, 'a');
    expect(nextDueAt(c.state)).toBe(T0 + GRACE);
    c.wait(GRACE - 1);
    tick(c);
    expect(c.p('a').presence).toBe('reconnecting');
    c.wait(1);
    tick(c);
    expect(c.p('a').presence).toBe('left');
    expect(c.events).toContainEqual({ type: 'participantLeft', participantId: 'a', reason: 'timedOut' });
    expect(c.queued).toEqual([]);
    expect(c.state.seating).not.toContain('a');
    expect(nextDueAt(c.state)).toBeNull();
  });

  it('ignores a disconnect of a connection that no longer speaks for them', () => {
    const c = TestCircle.with(['a']);
    const old = c.p('a').attachment ?? 0;
    c.do('a', { type: 'reconnect' }); // a second tab took over
    expect(c.p('a').attachment).toBe(old + 1);
    const before = c.state;
    c.do('a', { type: 'disconnect', attachment: old, graceMs: GRACE, floorWaitMs: FLOOR_WAIT });
    expect(c.state).toBe(before);
    expect(c.p('a').presence).toBe('present');
  });

  it('holds the floor for its holder with the timer paused, then resumes it on return', () => {
    const c = TestCircle.with(['a', 'b']);
    c.do('f', { type: 'setRules', rules: { turnLimitMs: 120_000 } });
    c.do('f', { type: 'setMode', mode: 'queue' });
    c.do('a', { type: 'raiseHand' });
    c.do('b', { type: 'raiseHand' });
    expect(c.holder).toBe('a');
    c.wait(20_000);
    drop(c, 'a');
    expect(c.holder).toBe('a');
    expect(c.state.timer?.pausedAt).toBe(c.now);
    expect(c.state.floor?.away?.until).toBe(c.now + FLOOR_WAIT);
    c.wait(10_000).do('a', { type: 'reconnect' });
    expect(c.holder).toBe('a');
    expect(c.state.timer?.pausedAt).toBeNull();
    expect(c.state.timer?.pausedMs).toBe(10_000);
    c.wait(5_000).do('a', { type: 'finishTurn' });
    // 20 s + 5 s heard; the 10 s away are not airtime.
    expect(c.p('a').airtimeMs).toBe(25_000);
    expect(c.holder).toBe('b');
  });

  it('moves the floor on after the wait; the holder is first in the queue when back', () => {
    const c = TestCircle.with(['a', 'b', 'c']);
    c.do('f', { type: 'setMode', mode: 'queue' });
    for (const id of ['a', 'b', 'c']) c.do(id, { type: 'raiseHand' });
    c.wait(8_000);
    drop(c, 'a');
    c.wait(FLOOR_WAIT);
    tick(c);
    expect(c.holder).toBe('b');
    expect(c.events).toContainEqual({ type: 'floorReleased', from: 'a', reason: 'disconnected' });
    expect(c.p('a').airtimeMs).toBe(8_000);
    c.wait(5_000).do('a', { type: 'reconnect' });
    expect(served(c)).toEqual(['a', 'c']);
    c.do('b', { type: 'finishTurn' });
    expect(c.holder).toBe('a');
    expect(circleInvariantViolations(c.state)).toEqual([]);
  });

  it('serves the next present person while the first in line reconnects, keeping their place', () => {
    const c = TestCircle.with(['a', 'b', 'c']);
    c.do('f', { type: 'setMode', mode: 'queue' });
    for (const id of ['a', 'b', 'c']) c.do(id, { type: 'raiseHand' });
    drop(c, 'b');
    c.do('a', { type: 'finishTurn' });
    expect(c.holder).toBe('c');
    expect(served(c)).toEqual(['b']);
    c.do('b', { type: 'reconnect' });
    c.do('c', { type: 'finishTurn' });
    expect(c.holder).toBe('b');
  });

  it('keeps a round position: the turn waits for someone reconnecting, then moves on', () => {
    const c = TestCircle.with(['a', 'b', 'c']);
    if (c.state.seating.join() !== 'f,a,b,c') c.do('f', { type: 'setSeating', order: ['f', 'a', 'b', 'c'] });
    drop(c, 'b');
    c.do('f', { type: 'startRound', startWith: 'a' });
    expect(c.holder).toBe('a');
    c.do('a', { type: 'finishTurn' });
    expect(c.holder).toBe('b');
    expect(c.state.floor?.away).not.toBeNull();
    c.do('b', { type: 'reconnect' });
    expect(c.state.floor?.away).toBeNull();
    c.do('b', { type: 'finishTurn' });
    expect(c.holder).toBe('c');
    drop(c, 'c');
    c.wait(FLOOR_WAIT);
    tick(c);
    expect(c.holder).toBe('f');
  });

  it('brings a stepped-out person back stepped out', () => {
    const c = TestCircle.with(['a']);
    c.do('a', { type: 'stepOut' });
    drop(c, 'a');
    c.do('a', { type: 'reconnect' });
    expect(c.p('a').presence).toBe('steppedOut');
  });

  it('refuses commands from someone reconnecting, except leaving and coming back', () => {
    const c = TestCircle.with(['a']);
    drop(c, 'a');
    expect(c.refused('a', { type: 'raiseHand' }).code).toBe('NOT_ALLOWED');
    c.do('f', { type: 'setMode', mode: 'directed' });
    expect(c.refused('f', { type: 'giveFloor', to: 'a' }).message).toMatch(/reconnecting/);
    c.do('a', { type: 'leave' });
    expect(c.p('a').presence).toBe('left');
    expect(c.p('a').reconnect).toBeNull();
  });

  it('never accepts the server-internal presence commands from a client', async () => {
    const { circleCommandSchema } = await import('./commands');
    expect(circleCommandSchema.safeParse({ type: 'reconnect' }).success).toBe(false);
    expect(circleCommandSchema.safeParse({ type: 'disconnect', attachment: 1, graceMs: 1, floorWaitMs: 1 }).success).toBe(false);
  });
});

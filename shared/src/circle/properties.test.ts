import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { ERROR_CODES } from '../errors';
import type { CircleCommand } from './commands';
import { FACILITATOR_COMMAND_TYPES, MEMBER_COMMAND_TYPES, REACTION_KINDS } from './commands';
import { applyCommand, createCircleState } from './engine';
import { circleInvariantViolations } from './invariants';
import { orderedQueue } from './queue';
import { seededShuffle } from './seating';
import type { CircleState } from './types';
import { SYSTEM_ACTOR_ID, getParticipant } from './types';
import { T0 } from './testkit';
import { viewFor } from './view';

/*
 * Property tests: arbitrary sequences of commands from arbitrary actors (known, unknown,
 * stepped out, left, removed, ids that collide with Object.prototype, the system actor),
 * checking the engine's invariants after every step.
 */

const IDS = ['f1', 'f2', 'm1', 'm2', 'm3', 'm4', 'constructor', '__proto__', 'ghost'] as const;
const id = fc.constantFrom(...IDS);
/** Actors: real ids, the clock, and placeholders resolved against the state (to hit the interesting paths often). */
const actorArb = fc.oneof(
  { weight: 6, arbitrary: id },
  { weight: 1, arbitrary: fc.constant(SYSTEM_ACTOR_ID) },
  { weight: 4, arbitrary: fc.constant('@holder') },
  { weight: 4, arbitrary: fc.constant('@facilitator') },
);

/** Commands without arguments, the frequent ones (drive the floor) and the rest. */
const FREQUENT = ['raiseHand', 'raiseReply', 'pass', 'finishTurn', 'next', 'tick', 'stepBack'] as const;
const NO_ARGS = [
  'leave', 'lowerHand', 'requestMoment', 'withdrawMoment', 'stepOut', 'unmuteSelf', 'endRound', 'revokeFloor',
  'lowerAllHands', 'lockCircle', 'unlockCircle', 'pauseTimer', 'resumeTimer',
] as const;
const TARGETED = [
  'lowerHandOf', 'muteParticipant', 'askToUnmute', 'stopVideo', 'removeParticipant', 'readmit', 'promote',
  'demote', 'acknowledgeMoment',
] as const;

/** A command descriptor; `'@valid'` orders are resolved to a real permutation at apply time. */
const commandArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 14, arbitrary: fc.constantFrom(...FREQUENT).map((type) => ({ type })) },
  { weight: 8, arbitrary: fc.constantFrom(...NO_ARGS).map((type) => ({ type })) },
  { weight: 5, arbitrary: fc.record({ type: fc.constantFrom(...TARGETED), target: id }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('join'), name: fc.constantFrom('Ann', ' Bo  Ray ', ''), role: fc.constantFrom('member', 'facilitator') }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('setMode'), mode: fc.constantFrom('open', 'queue', 'round', 'directed') }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('setRules'),
      rules: fc.record(
        {
          queueOrder: fc.constantFrom('fifo', 'notYetSpoken', 'leastAirtime'),
          directReplies: fc.boolean(),
          turnLimitMs: fc.constantFrom(null, 10_000, 45_000, 120_000),
          autoAdvance: fc.boolean(),
          facilitatorsMaySpeak: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('giveFloor'), to: id }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('startRound'), startWith: fc.option(id, { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('react'), kind: fc.constantFrom(...REACTION_KINDS) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('shuffleSeating'), seed: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('setSeating', 'reorderQueue'), order: fc.oneof(fc.constant('@valid'), fc.subarray([...IDS])), seed: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('explode', 'join', 'raiseHand'), extra: fc.anything() }) },
);

const stepArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      actor: actorArb,
      command: commandArb,
      dt: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 5_000, max: 150_000 })),
    }),
  },
  // The server's clock, as it really ticks: often, in small steps.
  {
    weight: 2,
    arbitrary: fc.record({
      actor: fc.constant<string>(SYSTEM_ACTOR_ID),
      command: fc.constant<Record<string, unknown>>({ type: 'tick' }),
      dt: fc.integer({ min: 1, max: 40_000 }),
    }),
  },
);

function resolveActor(actor: string, s: CircleState): string {
  if (actor === '@holder') return s.floor?.holderId ?? 'm1';
  if (actor === '@facilitator') {
    return Object.values(s.participants).find((p) => p.role === 'facilitator' && p.presence === 'present')?.id ?? 'f1';
  }
  return actor;
}

function resolveCommand(desc: Record<string, unknown>, s: CircleState): unknown {
  if (desc.order !== '@valid') return desc.type === 'setSeating' || desc.type === 'reorderQueue' ? { type: desc.type, order: desc.order } : desc;
  const base = desc.type === 'setSeating' ? s.seating : s.queue.map((e) => e.participantId);
  return { type: desc.type, order: seededShuffle(base, Number(desc.seed)) };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** How a run starts: f1 facilitates m1..m3, with a random mode and rules (so every mode gets exercised). */
const setupArb = fc.record({
  mode: fc.constantFrom('open', 'queue', 'queue', 'directed', 'round'),
  queueOrder: fc.constantFrom('fifo', 'notYetSpoken', 'leastAirtime'),
  directReplies: fc.constantFrom(true, true, false),
  turnLimitMs: fc.constantFrom(null, 10_000, 60_000, 90_000),
  autoAdvance: fc.boolean(),
});
type Setup = typeof setupArb extends fc.Arbitrary<infer T> ? T : never;

function initialState(setup?: Setup): CircleState {
  let s = createCircleState('c', T0);
  const commands: Array<[string, unknown]> = [
    ['f1', { type: 'join', name: 'f1', role: 'facilitator' }],
    ['m1', { type: 'join', name: 'm1', role: 'member' }],
    ['m2', { type: 'join', name: 'm2', role: 'member' }],
    ['m3', { type: 'join', name: 'm3', role: 'member' }],
  ];
  if (setup) {
    const { mode, ...rules } = setup;
    commands.push(['f1', { type: 'setRules', rules: { ...rules, queueOrder: rules.queueOrder } }]);
    if (mode !== 'open') commands.push(['f1', { type: 'setMode', mode }]);
  }
  for (const [who, command] of commands) {
    const r = applyCommand(s, command as CircleCommand, who, T0);
    if (r.ok) s = r.state;
  }
  return s;
}

const MEMBER_TYPES: ReadonlySet<string> = new Set([...MEMBER_COMMAND_TYPES, 'join']);
const withoutVersion = (s: CircleState) => ({ ...s, version: 0 });

/** The ordering rules of the served queue. */
function checkOrdering(s: CircleState): void {
  const served = orderedQueue(s);
  const entry = (pid: string) => s.queue.find((e) => e.participantId === pid)!;
  const replies = served.filter((e) => e.kind === 'reply');
  expect(replies.length).toBeLessThanOrEqual(1);
  if (replies.length === 1 && s.rules.directReplies) expect(served[0]!.kind).toBe('reply');
  const placed = served.filter((e) => e.reason === 'placedByFacilitator').map((e) => entry(e.participantId).placed!);
  expect(placed).toEqual([...placed].sort((a, b) => a - b));
  const ruled = served.filter((e) => e.reason !== 'directReply' && e.reason !== 'placedByFacilitator');
  // The rule-ordered part comes last.
  expect(served.slice(served.length - ruled.length)).toEqual(ruled);
  const p = (pid: string) => getParticipant(s, pid)!;
  for (let i = 1; i < ruled.length; i++) {
    const a = ruled[i - 1]!;
    const b = ruled[i]!;
    const fifo = entry(a.participantId).seq < entry(b.participantId).seq;
    if (s.rules.queueOrder === 'fifo') expect(fifo).toBe(true);
    if (s.rules.queueOrder === 'notYetSpoken') {
      const [sa, sb] = [p(a.participantId).hasSpoken, p(b.participantId).hasSpoken];
      expect(sa && !sb).toBe(false); // never someone who spoke before someone who has not
      if (sa === sb) expect(fifo).toBe(true);
    }
    if (s.rules.queueOrder === 'leastAirtime') {
      const [xa, xb] = [p(a.participantId).airtimeMs, p(b.participantId).airtimeMs];
      expect(xa).toBeLessThanOrEqual(xb);
      if (xa === xb) expect(fifo).toBe(true);
    }
  }
  for (const e of ruled) {
    if (s.rules.queueOrder === 'notYetSpoken') expect(e.reason).toBe(p(e.participantId).hasSpoken ? 'raisedFirst' : 'notYetSpoken');
  }
}

/** Runs one step and checks every per-step property. Returns the next state. */
function step(before: CircleState, actor: string, desc: Record<string, unknown>, now: number): CircleState {
  deepFreeze(before);
  const snapshot = structuredClone(before);
  const command = resolveCommand(desc, before) as CircleCommand;
  const result = applyCommand(before, command, actor, now);

  expect(before).toEqual(snapshot); // never mutated (it is frozen, too)
  if (!result.ok) {
    expect(ERROR_CODES).toContain(result.error.code);
    expect(result.error.code).not.toBe('INTERNAL');
    expect(result.error.message.length).toBeGreaterThan(0);
    return before;
  }
  const after = result.state;
  expect(before.ended).toBe(false); // an ended session refuses everything
  expect(circleInvariantViolations(after)).toEqual([]);
  checkOrdering(after);
  expect(() => viewFor(after, actor, now)).not.toThrow();

  // Version: +1 exactly when the state changed; the same object when it did not.
  if (isDeepStrictEqual(withoutVersion(before), withoutVersion(after))) {
    expect(after).toBe(before);
  } else {
    expect(after.version).toBe(before.version + 1);
  }

  const type = String(desc.type);
  if (MEMBER_TYPES.has(type)) {
    // A member command changes no one else's record: the hand-over when the actor's own turn
    // ends only moves the floor (and lowers the new holder's hand), which is not in records.
    const ids = new Set([...Object.keys(before.participants), ...Object.keys(after.participants)]);
    for (const other of ids) {
      if (other !== actor) expect(getParticipant(after, other)).toEqual(getParticipant(before, other));
    }
    for (const e of before.queue) {
      if (e.participantId === actor) continue;
      const kept = after.queue.find((f) => f.participantId === e.participantId);
      if (kept) expect(kept).toEqual(e);
      else expect(after.floor?.holderId).toBe(e.participantId);
    }
    // Nobody takes the floor from someone else by a member command.
    if (before.floor && before.floor.holderId !== actor) {
      expect(after.floor).toEqual(before.floor);
      expect(after.timer).toEqual(before.timer);
    }
  }
  if (type === 'pass') {
    expect(before.floor?.holderId).toBe(actor);
    const [pb, pa] = [getParticipant(before, actor)!, getParticipant(after, actor)!];
    expect(pa.passes).toBe(pb.passes + 1);
    expect(pa.airtimeMs).toBe(pb.airtimeMs);
    expect(pa.hasSpoken).toBe(pb.hasSpoken);
    if (before.round) {
      // The round moved on to a later seat, or it is over.
      if (after.round) expect(after.round.index).toBeGreaterThan(before.round.index);
      else expect(after.rules.mode).toBe(before.round.previousMode);
    }
    // The floor moves on. The one way it can come straight back: the pass was an aside in a
    // round (a facilitator's giveFloor) and the passer's own seat is the next in the round.
    if (after.floor?.holderId === actor) {
      expect(before.floor?.reason).toBe('facilitator');
      expect(after.floor.reason).toBe('round');
    }
  }
  if (FACILITATOR_COMMAND_TYPES.includes(type as never)) {
    expect(getParticipant(before, actor)?.role).toBe('facilitator');
  }
  return after;
}

describe('circle engine properties', () => {
  it('keeps every invariant over arbitrary command sequences', () => {
    fc.assert(
      fc.property(setupArb, fc.array(stepArb, { minLength: 1, maxLength: 120, size: 'max' }), (setup, steps) => {
        let s = initialState(setup);
        let now = T0;
        for (const st of steps) {
          now += st.dt;
          s = step(s, resolveActor(st.actor, s), st.command, now);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the queue ordering rules in a busy queue with direct replies', () => {
    const who = fc.constantFrom('f1', 'm1', 'm2', 'm3', 'm4', '@holder');
    const queueStep = fc.record({
      actor: who,
      command: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('raiseHand', 'raiseReply', 'finishTurn', 'pass', 'lowerHand').map((type) => ({ type })) },
        { weight: 1, arbitrary: fc.constantFrom('stepOut', 'stepBack', 'leave', 'next', 'revokeFloor').map((type) => ({ type })) },
        { weight: 1, arbitrary: fc.record({ type: fc.constant('join'), name: fc.constant('X'), role: fc.constant('member') }) },
        { weight: 1, arbitrary: fc.record({ type: fc.constant('setRules'), rules: fc.record({ queueOrder: fc.constantFrom('fifo', 'notYetSpoken', 'leastAirtime'), directReplies: fc.boolean() }, { requiredKeys: [] }) }) },
        { weight: 1, arbitrary: fc.record({ type: fc.constant('reorderQueue'), order: fc.constant('@valid'), seed: fc.nat() }) },
        { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('lowerHandOf', 'giveFloor'), target: fc.constantFrom('m1', 'm2', 'm3', 'm4'), to: fc.constantFrom('m1', 'm2', 'm3', 'm4') }).map(({ type, target, to }) => (type === 'giveFloor' ? { type, to } : { type, target })) },
      ),
      dt: fc.integer({ min: 0, max: 60_000 }),
    });
    const setup = fc.record({
      mode: fc.constantFrom('queue', 'directed'),
      queueOrder: fc.constantFrom('fifo', 'notYetSpoken', 'leastAirtime'),
      directReplies: fc.constant(true),
      turnLimitMs: fc.constant(null),
      autoAdvance: fc.constant(false),
    });
    fc.assert(
      fc.property(setup, fc.array(queueStep, { minLength: 1, maxLength: 100, size: 'max' }), (st, steps) => {
        let s = initialState(st);
        let now = T0;
        for (const x of steps) {
          now += x.dt;
          s = step(s, resolveActor(x.actor, s), x.command, now);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never throws, whatever it is given', () => {
    const someState = fc.array(stepArb, { maxLength: 20 }).map((steps) => {
      let s = initialState();
      let now = T0;
      for (const st of steps) {
        now += st.dt;
        const r = applyCommand(s, resolveCommand(st.command, s) as CircleCommand, resolveActor(st.actor, s), now);
        if (r.ok) s = r.state;
      }
      return s;
    });
    fc.assert(
      fc.property(someState, fc.anything(), fc.anything(), fc.oneof(fc.double(), fc.integer()), (s, command, actor, now) => {
        deepFreeze(s);
        const r = applyCommand(s, command as CircleCommand, actor as string, now);
        if (!r.ok) expect(r.error.code).not.toBe('INTERNAL');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every command once the session has ended', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 10 }), (steps) => {
        let s = initialState();
        const r = applyCommand(s, { type: 'endSession' }, 'f1', T0 + 1);
        if (!r.ok) throw new Error('endSession refused');
        s = r.state;
        for (const st of steps) {
          const res = applyCommand(s, resolveCommand(st.command, s) as CircleCommand, resolveActor(st.actor, s), T0 + 2);
          expect(res.ok).toBe(false);
        }
      }),
    );
  });
});

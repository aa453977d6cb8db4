import fc from 'fast-check';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { ERROR_CODES } from '../errors';
import type { CircleCommand } from './commands';
import { FACILITATOR_COMMAND_TYPES, MEMBER_COMMAND_TYPES, REACTION_KINDS } from './commands';
import { applyCommand, createCircleState } from './engine';
import { circleInvariantViolations } from './invariants';
import { seededShuffle } from './seating';
import { shareMedia, spaceOf } from './groups';
import type { CircleState } from './types';
import { SYSTEM_ACTOR_ID, getParticipant } from './types';
import { T0 } from './testkit';
import { viewFor, viewJsonFor } from './view';

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

const rulesArb = fc.record(
  {
    queueOrder: fc.constantFrom('fifo', 'notYetSpoken', 'leastAirtime'),
    directReplies: fc.boolean(),
    turnLimitMs: fc.constantFrom(null, 10_000, 45_000, 120_000),
    autoAdvance: fc.boolean(),
    facilitatorsMaySpeak: fc.boolean(),
  },
  { requiredKeys: [] },
);
const anyOrder = fc.oneof(fc.constant('@valid'), fc.subarray([...IDS]));
/** A command descriptor; `'@valid'` orders are resolved to a real permutation at apply time. */
const commandArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 14, arbitrary: fc.constantFrom(...FREQUENT).map((type) => ({ type })) },
  { weight: 8, arbitrary: fc.constantFrom(...NO_ARGS).map((type) => ({ type })) },
  { weight: 5, arbitrary: fc.record({ type: fc.constantFrom(...TARGETED), target: id }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('join'), name: fc.constantFrom('Ann', ' Bo  Ray ', ''), role: fc.constantFrom('member', 'facilitator') }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('setMode'), mode: fc.constantFrom('open', 'queue', 'round', 'directed') }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('setRules'), rules: rulesArb }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('giveFloor'), to: id }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('startRound'), startWith: fc.option(id, { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('react'), kind: fc.constantFrom(...REACTION_KINDS) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('shuffleSeating'), seed: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('setSeating', 'reorderQueue'), order: anyOrder, seed: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('explode', 'join', 'raiseHand'), extra: fc.anything() }) },
  // Lost connections and returns: the current connection (or a stale one), short and long graces.
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('disconnect'),
      attachment: fc.oneof({ weight: 4, arbitrary: fc.constant('@current') }, { weight: 1, arbitrary: fc.nat(5) }),
      graceMs: fc.constantFrom(0, 5_000, 60_000),
      floorWaitMs: fc.constantFrom(0, 3_000, 15_000),
    }),
  },
  { weight: 4, arbitrary: fc.constant({ type: 'reconnect' }) },
  // Pairs and small groups: random, by hand (valid or not), visits, messages, back together.
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('startGroups'), size: fc.constantFrom(1, 2, 3), seed: fc.nat(), durationMs: fc.constantFrom(null, 60_000, 5) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('startGroupsByHand'),
      groups: fc.oneof(fc.constant('@valid'), fc.array(fc.subarray([...IDS]), { maxLength: 3 })),
      seed: fc.nat(),
      durationMs: fc.constantFrom(null, 120_000),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('visitGroup'), group: fc.constantFrom('g1', 'g2', 'g3') }) },
  { weight: 1, arbitrary: fc.constantFrom('leaveGroupVisit', 'endGroups').map((type) => ({ type })) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('messageGroups'), text: fc.constantFrom('Swap roles', ' ', 'x'.repeat(300)) }) },
);

const dtArb = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 5_000, max: 150_000 }));
const stepArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ actor: actorArb, command: commandArb, dt: dtArb }) },
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
type Step = { actor: string; command: Record<string, unknown>; dt: number };

function resolveActor(actor: string, s: CircleState): string {
  if (actor === '@holder') return s.floor?.holderId ?? 'm1';
  if (actor === '@facilitator') {
    return Object.values(s.participants).find((p) => p.role === 'facilitator' && p.presence === 'present')?.id ?? 'f1';
  }
  return actor;
}

function resolveCommand(desc: Record<string, unknown>, s: CircleState, actor = ''): CircleCommand {
  if (desc.attachment === '@current') return { ...desc, attachment: getParticipant(s, actor)?.attachment ?? 0 } as CircleCommand;
  if (desc.type === 'startGroupsByHand') {
    const { seed, ...command } = desc;
    return (desc.groups === '@valid' ? { ...command, groups: validGroups(s, Number(seed)) } : command) as CircleCommand;
  }
  if (desc.order === undefined) return desc as CircleCommand;
  const base = desc.type === 'setSeating' ? s.seating : s.queue.map((e) => e.participantId);
  const order = desc.order === '@valid' ? seededShuffle(base, Number(desc.seed)) : desc.order;
  return { type: desc.type, order } as CircleCommand;
}

/** Everyone seated, shuffled into pairs (a trio at the end rather than someone alone). */
function validGroups(s: CircleState, seed: number): string[][] {
  const ids = seededShuffle(s.seating, seed);
  const groups: string[][] = [];
  for (let i = 0; i + 1 < ids.length; i += 2) groups.push(ids.slice(i, i + 2));
  if (ids.length % 2 === 1 && groups.length > 0) groups[groups.length - 1]!.push(ids[ids.length - 1]!);
  return groups;
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
  const joins = ['f1', 'm1', 'm2', 'm3'].map((who): [string, unknown] => [who, { type: 'join', name: who, role: who === 'f1' ? 'facilitator' : 'member' }]);
  const { mode = 'open', ...rules } = setup ?? {};
  const commands = [...joins, ...(setup ? [['f1', { type: 'setRules', rules }]] : []), ['f1', { type: 'setMode', mode }]];
  let s = createCircleState('c', T0);
  for (const [who, command] of commands) {
    const r = applyCommand(s, command as CircleCommand, who as string, T0);
    if (r.ok) s = r.state;
  }
  return s;
}

/** Runs steps from the initial state, checking every property after each one. */
function run(setup: Setup | undefined, steps: readonly Step[]): void {
  let s = initialState(setup);
  let now = T0;
  for (const st of steps) {
    now += st.dt;
    s = step(s, resolveActor(st.actor, s), st.command, now);
  }
}

/** Deep equality, fast; jest's diff only when it fails. */
function expectSame(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}

const EVENT_ONLY: ReadonlySet<string> = new Set(['react', 'askToUnmute', 'stopVideo', 'tick']);
/** Commands that may change nothing without an event: a stale disconnect notice. */
const QUIET_NO_OP: ReadonlySet<string> = new Set(['disconnect']);
const MEMBER_TYPES: ReadonlySet<string> = new Set([...MEMBER_COMMAND_TYPES, 'join', 'disconnect', 'reconnect']);
const withoutVersion = (s: CircleState) => ({ ...s, version: 0 });

/** Runs one step and checks every per-step property. Returns the next state. */
function step(before: CircleState, actor: string, desc: Record<string, unknown>, now: number): CircleState {
  deepFreeze(before);
  const snapshot = JSON.parse(JSON.stringify(before)) as CircleState; // the state is plain JSON by design
  const command = resolveCommand(desc, before, actor);
  const result = applyCommand(before, command, actor, now);

  expectSame(before, snapshot); // never mutated (it is frozen, too)
  if (!result.ok) {
    assert.ok(ERROR_CODES.includes(result.error.code), 'a code from the closed set');
    assert.notEqual(result.error.code, 'INTERNAL', result.error.message);
    assert.ok(result.error.message.length > 0, 'a message for people');
    return before;
  }
  const after = result.state;
  assert.equal(before.ended, false, 'an ended session refuses everything');
  expectSame(circleInvariantViolations(after), []);
  viewFor(after, actor, now);
  // The fan-out's JSON is exactly the view's, for every kind of viewer (and for none).
  const json = viewJsonFor(after, now);
  for (const viewer of [...IDS, actor]) assert.equal(json(viewer), JSON.stringify(viewFor(after, viewer, now)), `view JSON of ${viewer}`);

  // Version: +1 exactly when the state changed; the same object when it did not.
  if (isDeepStrictEqual(withoutVersion(before), withoutVersion(after))) assert.equal(after, before, 'unchanged → same object');
  else assert.equal(after.version, before.version + 1, 'changed → version + 1');
  // Never a silent no-op: an accepted command changes the state, or is one whose whole point
  // is an event; only a tick with nothing due may do nothing at all.
  if (after === before && !QUIET_NO_OP.has(String(desc.type))) {
    assert.ok(EVENT_ONLY.has(String(desc.type)), `${String(desc.type)} changed nothing`);
    assert.ok(desc.type === 'tick' || result.events.length > 0, 'an event-only command emits its event');
  }

  const type = String(desc.type);
  // No ghosts: after the clock ran, nobody is reconnecting past their grace, and no floor
  // waits past its deadline for someone who has not come back.
  if (type === 'tick') {
    for (const p of Object.values(after.participants)) {
      if (p.presence === 'reconnecting') assert.ok(p.reconnect!.deadline > now, `${p.id} is reconnecting past the deadline`);
    }
    if (after.floor?.away) assert.ok(after.floor.away.until > now, 'the floor waits past its deadline');
  }
  if (type === 'disconnect' && before.participants[actor]?.presence !== 'reconnecting' && command.type === 'disconnect'
    && command.attachment === (getParticipant(before, actor)?.attachment ?? 0) && getParticipant(before, actor)?.presence !== 'left') {
    // The current connection dropped: they keep their seat, their hand and its place.
    const [pb, pa] = [getParticipant(before, actor), getParticipant(after, actor)];
    if (pb) {
      assert.equal(pa?.presence, 'reconnecting');
      assert.deepEqual(after.seating, before.seating);
      assert.deepEqual(after.queue, before.queue);
      assert.equal(after.floor?.holderId, before.floor?.holderId);
    }
  }
  if (MEMBER_TYPES.has(type)) {
    // A member command changes no one else's record: the hand-over when the actor's own turn
    // ends only moves the floor (and lowers the new holder's hand), which is not in records.
    const ids = new Set([...Object.keys(before.participants), ...Object.keys(after.participants)]);
    for (const other of ids) {
      if (other !== actor) expectSame(getParticipant(after, other), getParticipant(before, other));
    }
    for (const e of before.queue) {
      if (e.participantId === actor) continue;
      const kept = after.queue.find((f) => f.participantId === e.participantId);
      if (kept) expectSame(kept, e);
      else assert.equal(after.floor?.holderId, e.participantId, 'a hand goes down only by getting the floor');
    }
    // Nobody takes the floor from someone else by a member command.
    if (before.floor && before.floor.holderId !== actor) {
      expectSame(after.floor, before.floor);
      expectSame(after.timer, before.timer);
    }
  }
  if (type === 'pass') {
    assert.equal(before.floor?.holderId, actor, 'only the holder passes');
    const [pb, pa] = [getParticipant(before, actor)!, getParticipant(after, actor)!];
    assert.equal(pa.passes, pb.passes + 1);
    assert.equal(pa.airtimeMs, pb.airtimeMs, 'a pass adds no airtime');
    assert.equal(pa.hasSpoken, pb.hasSpoken);
    if (before.round) {
      // The round moved on to a later seat, or it is over.
      if (after.round) assert.ok(after.round.index > before.round.index, 'the round moves on');
      else assert.equal(after.rules.mode, before.round.previousMode);
    }
    // The floor moves on. The one way it can come straight back: the pass was an aside in a
    // round (a facilitator's giveFloor) and the passer's own seat is the next in the round.
    if (after.floor?.holderId === actor) {
      assert.equal(before.floor?.reason, 'facilitator');
      assert.equal(after.floor.reason, 'round');
    }
  }
  if (after.groups) {
    // Split: nobody shares media across groups; a member present always has a group.
    for (const a of after.seating) {
      for (const b of after.seating) assert.equal(shareMedia(after, a, b), spaceOf(after, a) === spaceOf(after, b));
    }
    if (before.groups && type !== 'startGroups' && type !== 'startGroupsByHand') {
      // Only leaving (or a late arrival being placed) changes anyone's group.
      for (const g of before.groups.groups) {
        const now = after.groups.groups.find((h) => h.id === g.id);
        assert.ok(now, 'groups are never dropped while the split lasts');
        for (const id of g.members) if (after.seating.includes(id)) assert.ok(now.members.includes(id), `${id} keeps their group`);
      }
    }
    assert.equal(after.floor, null);
  } else {
    for (const a of after.seating) assert.equal(shareMedia(after, a, after.seating[0]!), true);
  }
  if (FACILITATOR_COMMAND_TYPES.includes(type as never)) {
    assert.equal(getParticipant(before, actor)?.role, 'facilitator', 'only facilitators');
  }
  return after;
}

/*
 * CPU-bound runs of 1-2.5 s on a quiet machine; on a shared 2-core one (load 8) they have
 * passed jest's default 5 s. The timeout is for the machine, not a wait for anything.
 */
jest.setTimeout(30_000);

/** Property runs per test; raise it (CIRCLE_PROPERTY_RUNS=2000) when changing the engine. */
const RUNS = Number(process.env.CIRCLE_PROPERTY_RUNS) || 300;

describe('circle engine properties', () => {
  it('keeps every invariant over arbitrary command sequences', () => {
    const steps = fc.array(stepArb, { minLength: 1, maxLength: 120, size: 'max' });
    fc.assert(fc.property(setupArb, steps, run), { numRuns: RUNS });
  });

  it('keeps the queue ordering rules in a busy queue with direct replies', () => {
    const member = fc.constantFrom('m1', 'm2', 'm3', 'm4');
    const command = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('raiseHand', 'raiseReply', 'finishTurn', 'pass', 'lowerHand').map((type) => ({ type })) },
      { weight: 1, arbitrary: fc.constantFrom('stepOut', 'stepBack', 'leave', 'next', 'revokeFloor').map((type) => ({ type })) },
      { weight: 1, arbitrary: fc.constant({ type: 'join', name: 'X', role: 'member' }) },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('setRules'), rules: rulesArb }) },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('reorderQueue'), order: fc.constant('@valid'), seed: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('lowerHandOf'), target: member }) },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('giveFloor'), to: member }) },
    );
    const steps = fc.array(fc.record({ actor: fc.oneof(member, fc.constantFrom('f1', '@holder')), command, dt: fc.nat(60_000) }), {
      minLength: 1,
      maxLength: 100,
      size: 'max',
    });
    const setup = setupArb.map((s) => ({ ...s, mode: s.mode === 'directed' ? ('directed' as const) : ('queue' as const), directReplies: true }));
    fc.assert(fc.property(setup, steps, run), { numRuns: RUNS });
  });

  it('never throws, whatever it is given', () => {
    const someState = fc.array(stepArb, { maxLength: 30 }).map((steps) => {
      let s = initialState();
      let now = T0;
      for (const st of steps) {
        now += st.dt;
        const who = resolveActor(st.actor, s);
        const r = applyCommand(s, resolveCommand(st.command, s, who), who, now);
        if (r.ok) s = r.state;
      }
      return deepFreeze(s);
    });
    const command = fc.oneof(fc.anything(), commandArb);
    const actor = fc.oneof(fc.anything(), id, fc.string({ maxLength: 70 }));
    const now = fc.oneof(fc.double(), fc.integer(), fc.constant(T0 + 1));
    fc.assert(
      fc.property(someState, command, actor, now, (s, c, a, t) => {
        const r = applyCommand(s, c as CircleCommand, a as string, t as number);
        if (!r.ok) expect(r.error.code).not.toBe('INTERNAL');
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('refuses every command once the session has ended', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 10 }), (steps) => {
        const r = applyCommand(initialState(), { type: 'endSession' }, 'f1', T0 + 1);
        if (!r.ok) throw new Error('endSession refused');
        for (const st of steps) {
          const who = resolveActor(st.actor, r.state);
          expect(applyCommand(r.state, resolveCommand(st.command, r.state, who), who, T0 + 2).ok).toBe(false);
        }
      }),
    );
  });
});

import {
  FACILITATOR_COMMAND_TYPES,
  MEMBER_COMMAND_TYPES,
  anyCircleCommandSchema,
  circleCommandPayloadSchema,
  circleCommandSchema,
} from './commands';
import { applyCommand, createCircleState } from './engine';
import { TestCircle, T0 } from './testkit';

describe('command schemas', () => {
  it('member and facilitator command lists are disjoint and cover every client command', () => {
    const all = [...MEMBER_COMMAND_TYPES, ...FACILITATOR_COMMAND_TYPES];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(43);
    for (const type of all) expect(circleCommandSchema.options.some((o) => o.shape.type.value === type)).toBe(true);
  });

  it('clients cannot send join or tick', () => {
    expect(circleCommandSchema.safeParse({ type: 'join', name: 'A', role: 'facilitator' }).success).toBe(false);
    expect(circleCommandSchema.safeParse({ type: 'tick' }).success).toBe(false);
    expect(anyCircleCommandSchema.safeParse({ type: 'tick' }).success).toBe(true);
  });

  it('refuses unknown fields, unknown types and non-objects', () => {
    expect(circleCommandSchema.safeParse({ type: 'raiseHand', admin: true }).success).toBe(false);
    expect(circleCommandSchema.safeParse({ type: 'becomeFacilitator' }).success).toBe(false);
    for (const bad of [null, 'raiseHand', 42, [], {}]) expect(circleCommandSchema.safeParse(bad).success).toBe(false);
  });

  it('bounds ids and lists', () => {
    expect(circleCommandSchema.safeParse({ type: 'giveFloor', to: 'x'.repeat(64) }).success).toBe(true);
    expect(circleCommandSchema.safeParse({ type: 'giveFloor', to: 'x'.repeat(65) }).success).toBe(false);
    expect(circleCommandSchema.safeParse({ type: 'giveFloor', to: '' }).success).toBe(false);
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
    expect(circleCommandSchema.safeParse({ type: 'setSeating', order: ids(100) }).success).toBe(true);
    expect(circleCommandSchema.safeParse({ type: 'setSeating', order: ids(101) }).success).toBe(false);
    expect(circleCommandSchema.safeParse({ type: 'reorderQueue', order: [] }).success).toBe(false);
  });

  it('setRules needs at least one known rule, in range, and cannot change the mode', () => {
    const ok = (rules: unknown) => circleCommandSchema.safeParse({ type: 'setRules', rules }).success;
    expect(ok({ turnLimitMs: 120_000 })).toBe(true);
    expect(ok({ turnLimitMs: null })).toBe(true);
    expect(ok({})).toBe(false);
    expect(ok({ turnLimitMs: 5 })).toBe(false);
    expect(ok({ mode: 'open' })).toBe(false);
    expect(ok({ queueOrder: 'random' })).toBe(false);
  });

  it('wraps commands in a { command } payload', () => {
    expect(circleCommandPayloadSchema.safeParse({ command: { type: 'react', kind: 'thankYou' } }).success).toBe(true);
    expect(circleCommandPayloadSchema.safeParse({ type: 'react', kind: 'thankYou' }).success).toBe(false);
  });
});

describe('applyCommand input validation', () => {
  const state = createCircleState('c', T0);

  it('refuses malformed commands, actors and times with INVALID_PAYLOAD', () => {
    const join = { type: 'join', name: 'A', role: 'member' } as const;
    expect(applyCommand(state, { type: 'nope' } as never, 'a', T0)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(applyCommand(state, join, '', T0)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(applyCommand(state, join, 'x'.repeat(65), T0)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    for (const now of [NaN, Infinity, -1, 1e300]) {
      expect(applyCommand(state, join, 'a', now)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    }
    expect(applyCommand(state, join, 'a', T0)).toMatchObject({ ok: true });
  });

  it('reports INTERNAL, never throws, on a corrupt state', () => {
    const broken = { ...state, participants: null } as never;
    expect(applyCommand(broken, { type: 'raiseHand' }, 'a', T0)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('increments the version by one per change', () => {
    const c = TestCircle.with([]);
    const v = c.state.version;
    c.do('f', { type: 'raiseHand' });
    expect(c.state.version).toBe(v + 1);
  });

  it('new circles start open, unlocked, empty, version 0', () => {
    expect(state).toMatchObject({
      circleId: 'c', version: 0, createdAt: T0, participants: {}, seating: [], queue: [], floor: null, timer: null,
      round: null, locked: false, ended: false,
      rules: { mode: 'open', queueOrder: 'fifo', directReplies: false, turnLimitMs: null, autoAdvance: false, facilitatorsMaySpeak: true },
    });
  });
});

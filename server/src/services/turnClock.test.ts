import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { applyCommand, createCircleState, nextDueAt, type CircleCommand, type CircleState } from '@hearth/shared';
import { createEmbeddedStore, type EmbeddedStore } from '../store';
import { keys } from '../store/keys';
import { TurnClock } from './turnClock';

const T0 = 1_700_000_000_000;

/** A circle in queue mode with a turn limit and someone holding the floor: it has a deadline. */
function circleWithDeadline(id: string, at = T0): CircleState {
  let s = createCircleState(id, at);
  const steps: [string, CircleCommand][] = [
    ['f', { type: 'join', name: 'F', role: 'facilitator' }],
    ['a', { type: 'join', name: 'A', role: 'member' }],
    ['f', { type: 'setRules', rules: { turnLimitMs: 60_000 } }],
    ['f', { type: 'setMode', mode: 'queue' }],
    ['a', { type: 'raiseHand' }],
  ];
  for (const [who, command] of steps) {
    const r = applyCommand(s, command, who, at);
    if (!r.ok) throw new Error(r.error.message);
    s = r.state;
  }
  return s;
}

describe('TurnClock.schedule', () => {
  let dir: string;
  let store: EmbeddedStore;
  let writes: number;
  let tenure: number | undefined;
  let clock: TurnClock;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-clock-'));
    store = await createEmbeddedStore({ dataDir: dir });
    writes = 0;
    for (const op of ['hashSet', 'hashDelete'] as const) {
      const real = store[op].bind(store) as (...args: unknown[]) => Promise<unknown>;
      (store as unknown as Record<string, unknown>)[op] = (...args: unknown[]) => {
        writes++;
        return real(...args);
      };
    }
    tenure = 1;
    clock = new TurnClock({ store, logger: pino({ level: 'silent' }), clock: () => T0, tick: async () => undefined, tenure: () => tenure });
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const stored = async (id: string): Promise<number | undefined> => (await store.hashGetAll<number>(keys.circleDeadlines()))[id];

  it('writes a home’s deadline once while it stays the same, and again when it changes', async () => {
    const s = circleWithDeadline('c1');
    const due = nextDueAt(s);
    expect(due).not.toBeNull();
    await clock.schedule(s);
    await clock.schedule({ ...s, version: s.version + 1 });
    expect(writes).toBe(1);
    expect(await stored('c1')).toBe(due);

    const later = circleWithDeadline('c1', T0 + 5_000);
    await clock.schedule(later);
    expect(writes).toBe(2);
    expect(await stored('c1')).toBe(nextDueAt(later));
  });

  it('writes again under a new lease, so a deadline another home wrote meanwhile is put right', async () => {
    const s = circleWithDeadline('c1');
    await clock.schedule(s);
    // Another node was the home for a while and wrote its own deadline.
    await store.hashSet(keys.circleDeadlines(), 'c1', 42);
    tenure = 2;
    await clock.schedule(s);
    expect(await stored('c1')).toBe(nextDueAt(s));
  });

  it('always writes when this node is not the circle’s home', async () => {
    tenure = undefined;
    const s = circleWithDeadline('c1');
    await clock.schedule(s);
    await clock.schedule(s);
    expect(writes).toBe(2);
  });

  it('after forget, writes the same deadline again', async () => {
    const s = circleWithDeadline('c1');
    await clock.schedule(s);
    await clock.forget('c1');
    expect(await stored('c1')).toBeUndefined();
    await clock.schedule(s);
    expect(await stored('c1')).toBe(nextDueAt(s));
  });

  it('a write that failed is tried again by the next schedule', async () => {
    const s = circleWithDeadline('c1');
    const real = store.hashSet;
    store.hashSet = () => Promise.reject(new Error('store away'));
    await expect(clock.schedule(s)).rejects.toThrow('store away');
    store.hashSet = real;
    await clock.schedule(s);
    expect(await stored('c1')).toBe(nextDueAt(s));
  });
});

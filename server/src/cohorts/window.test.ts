import type { SessionRecord } from './sessions';
import { CohortScheduleError } from './time';
import { circleWindow, windowState } from './window';

function session(id: string, startsAt: string, endsAt: string, status: SessionRecord['status'] = 'scheduled'): SessionRecord {
  return {
    id, cohortId: 'c', index: Number(id.slice(1)), startsAt, endsAt, status,
    theme: null, originalStartsAt: null, sequence: 0, updatedAt: '2025-12-01T00:00:00.000Z',
  };
}

// Three monthly sessions, 19:00-20:30Z.
const s0 = session('s0', '2026-01-13T19:00:00.000Z', '2026-01-13T20:30:00.000Z');
const s1 = session('s1', '2026-02-10T19:00:00.000Z', '2026-02-10T20:30:00.000Z');
const s2 = session('s2', '2026-03-10T19:00:00.000Z', '2026-03-10T20:30:00.000Z');
const all = [s0, s1, s2];

describe('circleWindow', () => {
  it('opens 10 minutes early and closes 15 minutes late by default', () => {
    expect(circleWindow(s0)).toEqual({ opensAt: '2026-01-13T18:50:00.000Z', closesAt: '2026-01-13T20:45:00.000Z' });
  });

  it('takes custom margins, including zero', () => {
    expect(circleWindow(s0, { openBeforeMinutes: 30, graceMinutes: 0 })).toEqual({
      opensAt: '2026-01-13T18:30:00.000Z',
      closesAt: '2026-01-13T20:30:00.000Z',
    });
  });

  it('rejects negative margins', () => {
    expect(() => circleWindow(s0, { graceMinutes: -1 })).toThrow(CohortScheduleError);
    expect(() => circleWindow(s0, { openBeforeMinutes: Number.NaN })).toThrow(CohortScheduleError);
  });
});

describe('windowState', () => {
  const at = (now: string, sessions: SessionRecord[] = all) => windowState(sessions, now);

  it('is notYet before the first window, naming when it opens', () => {
    expect(at('2026-01-01T00:00:00Z')).toEqual({ state: 'notYet', nextOpensAt: '2026-01-13T18:50:00.000Z', session: s0 });
    expect(at('2026-01-13T18:49:59.999Z')).toMatchObject({ state: 'notYet', session: s0 });
  });

  it('is open from start-10min (inclusive), during, and through the grace period', () => {
    for (const now of ['2026-01-13T18:50:00Z', '2026-01-13T19:00:00Z', '2026-01-13T20:00:00Z', '2026-01-13T20:30:00Z', '2026-01-13T20:44:59.999Z']) {
      expect(at(now)).toEqual({
        state: 'open',
        session: s0,
        opensAt: '2026-01-13T18:50:00.000Z',
        closesAt: '2026-01-13T20:45:00.000Z',
      });
    }
  });

  it('closes at end+grace (exclusive) and points at the next session', () => {
    expect(at('2026-01-13T20:45:00Z')).toEqual({ state: 'notYet', nextOpensAt: '2026-02-10T18:50:00.000Z', session: s1 });
    expect(at('2026-02-01T00:00:00+05:30')).toMatchObject({ state: 'notYet', session: s1 });
  });

  it('is over after the last window', () => {
    expect(at('2026-03-10T20:45:00Z')).toEqual({ state: 'over' });
    expect(at('2026-01-01T00:00:00Z', [])).toEqual({ state: 'over' });
  });

  it('never opens a cancelled session and skips to the next', () => {
    const cancelled = { ...s0, status: 'cancelled' as const, sequence: 1 };
    expect(at('2026-01-13T19:00:00Z', [cancelled, s1, s2])).toEqual({
      state: 'notYet', nextOpensAt: '2026-02-10T18:50:00.000Z', session: s1,
    });
    expect(at('2026-01-01T00:00:00Z', [cancelled])).toEqual({ state: 'over' });
  });

  it('does not depend on input order', () => {
    expect(at('2026-02-10T19:05:00Z', [s2, s0, s1])).toMatchObject({ state: 'open', session: s1 });
    expect(at('2026-01-20T00:00:00Z', [s2, s1, s0])).toMatchObject({ state: 'notYet', session: s1 });
  });

  it('prefers the upcoming session when a grace period overlaps the next opening', () => {
    const a = session('s0', '2026-01-13T19:00:00.000Z', '2026-01-13T20:00:00.000Z'); // grace to 20:15
    const b = session('s1', '2026-01-13T20:05:00.000Z', '2026-01-13T21:00:00.000Z'); // opens 19:55
    expect(at('2026-01-13T19:57:00Z', [a, b])).toMatchObject({ state: 'open', session: a }); // a still running
    expect(at('2026-01-13T20:01:00Z', [b, a])).toMatchObject({ state: 'open', session: b }); // a only in grace
  });

  it('honours custom margins', () => {
    const opts = { openBeforeMinutes: 0, graceMinutes: 0 };
    expect(windowState(all, '2026-01-13T18:55:00Z', opts)).toMatchObject({ state: 'notYet', nextOpensAt: '2026-01-13T19:00:00.000Z' });
    expect(windowState(all, '2026-01-13T20:30:00Z', opts)).toMatchObject({ state: 'notYet', session: s1 });
  });

  it('rejects a naive now', () => {
    expect(() => at('2026-01-13T19:00')).toThrow(CohortScheduleError);
  });
});

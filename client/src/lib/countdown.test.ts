import type { HomeWindow } from '@hearth/shared';
import { describeUntil, liveWindow, tickFor } from './countdown';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('describeUntil', () => {
  it.each([
    [3 * D + 4 * H + 5 * M, 'in 3 days, 4 hours'],
    [1 * D, 'in 1 day'],
    [2 * H + 1 * M, 'in 2 hours, 1 minute'],
    [1 * H, 'in 1 hour'],
    [4 * M + 30 * S, 'in 4 minutes, 30 seconds'],
    [5 * M, 'in 5 minutes'],
    [12 * S, 'in 12 seconds'],
    [200, 'in 1 second'],
    [0, 'now'],
    [-5 * M, 'now'],
  ])('%d ms → %s', (ms, text) => expect(describeUntil(ms)).toBe(text));
});

describe('tickFor', () => {
  it('ticks every second in the last hour only', () => {
    expect(tickFor(59 * M)).toBe(1000);
    expect(tickFor(2 * H)).toBe(30_000);
    expect(tickFor(-1)).toBe(30_000);
  });
});

describe('liveWindow', () => {
  const opensAt = '2026-02-10T18:50:00.000Z';
  const t = (iso: string) => Date.parse(iso);
  const notYet: HomeWindow = { state: 'notYet', sessionId: 's1', opensAt };
  const open: HomeWindow = { state: 'open', sessionId: 's1', opensAt, closesAt: '2026-02-10T20:45:00.000Z' };

  it('stays closed until the opening time, then opens (and asks for fresh data)', () => {
    expect(liveWindow(notYet, t('2026-02-10T18:49:59Z'))).toMatchObject({ state: 'notYet', joinable: false, stale: false });
    expect(liveWindow(notYet, t(opensAt))).toMatchObject({ state: 'open', joinable: true, stale: true, closesAt: null });
  });

  it('closes at the closing time', () => {
    expect(liveWindow(open, t('2026-02-10T20:44:59Z'))).toMatchObject({ joinable: true, stale: false });
    expect(liveWindow(open, t('2026-02-10T20:45:00Z'))).toMatchObject({ joinable: false, stale: true });
  });

  it('an over programme never opens', () => {
    expect(liveWindow({ state: 'over' }, 0)).toEqual({ state: 'over', stale: false, joinable: false });
  });
});

import type { CircleView, TimerView } from '@hearth/shared';
import { formatCountdown, formatDuration, serverClockOffset, spokenRemaining, timerRemainingMs } from './time';

const timer = (over: Partial<TimerView> = {}): TimerView => ({
  limitMs: 120_000, startedAt: 1_000, paused: false, endsAt: 121_000, remainingMs: 60_000, ...over,
});

describe('formatCountdown', () => {
  it.each([
    [0, '0:00'],
    [1, '0:01'],
    [999, '0:01'],
    [1000, '0:01'],
    [1001, '0:02'],
    [59_000, '0:59'],
    [60_000, '1:00'],
    [125_000, '2:05'],
    [3_600_000, '1:00:00'],
    [-5_000, '0:00'],
  ])('%i ms → %s', (ms, text) => expect(formatCountdown(ms)).toBe(text));
});

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [61_500, '1:01'],
    [3_725_000, '1:02:05'],
    [-1, '0:00'],
  ])('%i ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('spokenRemaining', () => {
  it('reads naturally', () => {
    expect(spokenRemaining(65_000)).toBe('1 minute 5 seconds left');
    expect(spokenRemaining(120_000)).toBe('2 minutes left');
    expect(spokenRemaining(1_000)).toBe('1 second left');
    expect(spokenRemaining(0)).toBe('0 seconds left');
  });
});

describe('timer clock', () => {
  it('estimates the server clock offset from a running timer', () => {
    // Server "now" was endsAt - remaining = 61_000; we received it at local 60_000.
    const view = { timer: timer() } as CircleView;
    expect(serverClockOffset(view, 60_000)).toBe(1_000);
    expect(serverClockOffset({ timer: timer({ paused: true, endsAt: null }) } as CircleView, 0)).toBeNull();
    expect(serverClockOffset({ timer: null } as CircleView, 0)).toBeNull();
  });

  it('counts down from endsAt in server time', () => {
    expect(timerRemainingMs(timer(), 60_000, 1_000)).toBe(60_000);
    expect(timerRemainingMs(timer(), 70_000, 1_000)).toBe(50_000);
  });

  it('uses the exact figure while paused, and nothing without a limit', () => {
    expect(timerRemainingMs(timer({ paused: true, endsAt: null, remainingMs: 42_000 }), 99_999, 0)).toBe(42_000);
    expect(timerRemainingMs(timer({ limitMs: null, endsAt: null, remainingMs: null }), 0, 0)).toBeNull();
  });
});

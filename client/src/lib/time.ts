import type { CircleView, TimerView } from '@hearth/shared';

/*
 * Clock helpers for the turn timer. The server sends `endsAt` in its own clock; browsers'
 * clocks can be minutes off, so the client keeps an estimate of the difference (taken from
 * a view whose `remainingMs` the server computed at send time) and counts down locally.
 */

const pad = (n: number) => String(n).padStart(2, '0');

function clock(totalSeconds: number): string {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/**
 * A countdown as "m:ss", rounding *up* so it shows 0:01 until the very end and 0:00 exactly
 * when time is up. Negative values (overtime) show 0:00: the UI never counts anyone's
 * overtime in public.
 */
export function formatCountdown(ms: number): string {
  return clock(Math.max(0, Math.ceil(ms / 1000)));
}

/** A total duration (airtime) as "m:ss" or "h:mm:ss", rounding down. */
export function formatDuration(ms: number): string {
  return clock(Math.max(0, Math.floor(ms / 1000)));
}

/** Spoken form of a countdown for screen readers: "1 minute 5 seconds left". */
export function spokenRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  const parts = [m > 0 ? `${m} minute${m === 1 ? '' : 's'}` : null, s > 0 || m === 0 ? `${s} second${s === 1 ? '' : 's'}` : null];
  return `${parts.filter(Boolean).join(' ')} left`;
}

/**
 * Server clock minus local clock, estimated from a view: while a limited turn runs, the
 * server's "now" at send time is `endsAt - remainingMs`. Null when the view cannot tell.
 * Network latency makes the estimate a little early, which only rounds the countdown down.
 */
export function serverClockOffset(view: CircleView, receivedAt: number): number | null {
  const t = view.timer;
  if (!t || t.paused || t.endsAt === null || t.remainingMs === null) {
    // Pairs and small groups: their shared countdown tells the server's time the same way.
    const g = view.groups;
    return g && g.endsAt !== null && g.remainingMs !== null ? g.endsAt - g.remainingMs - receivedAt : null;
  }
  return t.endsAt - t.remainingMs - receivedAt;
}

/**
 * Time left in the turn at local time `localNow`, or null without a limit. Paused timers
 * report the server's exact figure; running ones count down from `endsAt`.
 */
export function timerRemainingMs(timer: TimerView, localNow: number, clockOffsetMs: number): number | null {
  if (timer.limitMs === null) return null;
  if (timer.paused || timer.endsAt === null) return timer.remainingMs;
  return timer.endsAt - (localNow + clockOffsetMs);
}

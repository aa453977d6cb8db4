import type { HomeWindow } from '@hearth/shared';

/*
 * The home page's countdown and join window. The server decides the window when the page
 * loads; these helpers keep it honest as time passes, so the Join button turns on at the
 * right second without polling, and the page knows when to ask the server again.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * How long until something, in words: "in 3 days, 4 hours", "in 2 hours, 5 minutes",
 * "in 4 minutes, 30 seconds", "in 12 seconds"; "now" at or after the moment. Two units
 * at most: enough to plan by without a wall of numbers.
 */
export function describeUntil(ms: number): string {
  if (ms <= 0) return 'now';
  if (ms >= DAY) {
    const days = Math.floor(ms / DAY);
    const hours = Math.floor((ms % DAY) / HOUR);
    return `in ${unit(days, 'day')}${hours > 0 ? `, ${unit(hours, 'hour')}` : ''}`;
  }
  if (ms >= HOUR) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return `in ${unit(hours, 'hour')}${minutes > 0 ? `, ${unit(minutes, 'minute')}` : ''}`;
  }
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes === 0) return `in ${unit(seconds, 'second')}`;
  return `in ${unit(minutes, 'minute')}${seconds > 0 ? `, ${unit(seconds, 'second')}` : ''}`;
}

/** How often a countdown `ms` away needs redrawing: every second in the last hour, else twice a minute. */
export function tickFor(ms: number): number {
  return ms > 0 && ms <= HOUR ? 1000 : 30_000;
}

/** The join window as it stands at `now`, and whether the server's answer is out of date. */
export type LiveWindow =
  | { state: 'open'; sessionId: string; closesAt: number | null; stale: boolean }
  | { state: 'notYet'; sessionId: string; opensAt: number; stale: false }
  | { state: 'over'; stale: false };

/**
 * The server's {@link HomeWindow} moved forward to `now`. A "not yet" window whose
 * opening time has passed is open (its closing time is unknown until the server is asked
 * again: `stale`); an open window past its close is stale too, and shown as not joinable.
 */
export function liveWindow(window: HomeWindow, now: number): LiveWindow & { joinable: boolean } {
  if (window.state === 'over') return { state: 'over', stale: false, joinable: false };
  if (window.state === 'notYet') {
    const opensAt = Date.parse(window.opensAt);
    if (now >= opensAt) return { state: 'open', sessionId: window.sessionId, closesAt: null, stale: true, joinable: true };
    return { state: 'notYet', sessionId: window.sessionId, opensAt, stale: false, joinable: false };
  }
  const closesAt = Date.parse(window.closesAt);
  const closed = now >= closesAt;
  return { state: 'open', sessionId: window.sessionId, closesAt, stale: closed, joinable: !closed };
}

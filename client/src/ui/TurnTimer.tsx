import type { TimerView } from '@hearth/shared';
import { useHearth } from '../app/context';
import { formatCountdown, spokenRemaining, timerRemainingMs } from '../lib/time';
import { useNow } from './useNow';

/**
 * The turn's remaining time, counted down locally each second from the server's `endsAt`.
 * Shows nothing without a limit (an open-ended turn needs no clock), "Paused" while a
 * facilitator holds the clock, and a soft "Time's up" — never minus figures.
 */
export function TurnTimer({ timer, compact = false }: { timer: TimerView | null; compact?: boolean }) {
  const offset = useHearth((s) => s.rules.clockOffsetMs);
  const running = timer !== null && timer.limitMs !== null && !timer.paused;
  const now = useNow(1000, running);
  if (!timer || timer.limitMs === null) return null;
  const remaining = timerRemainingMs(timer, now, offset) ?? timer.limitMs;
  const up = remaining <= 0;
  const state = timer.paused ? 'paused' : up ? 'up' : remaining <= 30_000 ? 'soon' : 'running';
  return (
    <span className={`turn-timer turn-timer-${state}${compact ? ' turn-timer-compact' : ''}`} data-testid="turn-timer" data-state={state}>
      {up ? (
        <span>Time's up — finishing up</span>
      ) : (
        <>
          <span aria-hidden="true">{formatCountdown(remaining)}</span>
          <span className="sr-only">{spokenRemaining(remaining)}</span>
          {compact ? null : <span aria-hidden="true"> left</span>}
        </>
      )}
      {timer.paused ? <span className="turn-timer-paused"> · paused</span> : null}
    </span>
  );
}

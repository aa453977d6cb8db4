import { useEffect, useState } from 'react';

/**
 * The local time, refreshed every `intervalMs` while `active` (the turn timer counts down
 * each second without any server traffic). Inactive: no timer runs at all.
 */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(t);
  }, [intervalMs, active]);
  return now;
}

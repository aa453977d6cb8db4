/**
 * What this tab remembers of the circle it is in, in sessionStorage (per tab, gone when the
 * tab closes): after a reload inside the circle the page rejoins by itself, as the same
 * participant, with the same devices on or off. Never throws: storage can be disabled.
 */
export interface RememberedVisit {
  circleId: string;
  rejoinToken: string | null;
  displayName: string;
  micOn: boolean;
  cameraOn: boolean;
}

const KEY = 'hearth.visit';

/** The visit this tab was in, if any. */
export function recallVisit(): RememberedVisit | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<RememberedVisit>;
    if (typeof v.circleId !== 'string' || typeof v.displayName !== 'string') return null;
    return {
      circleId: v.circleId,
      rejoinToken: typeof v.rejoinToken === 'string' ? v.rejoinToken : null,
      displayName: v.displayName,
      micOn: v.micOn !== false,
      cameraOn: v.cameraOn !== false,
    };
  } catch {
    return null;
  }
}

/** Remembers the visit (after a join, and when devices change). */
export function rememberVisit(visit: RememberedVisit): void {
  try {
    globalThis.sessionStorage?.setItem(KEY, JSON.stringify(visit));
  } catch {
    // A convenience only.
  }
}

/** Forgets it (left on purpose, removed, the session ended, taken over by another tab). */
export function forgetVisit(): void {
  try {
    globalThis.sessionStorage?.removeItem(KEY);
  } catch {
    // Nothing to do.
  }
}

import { DateTime } from 'luxon';

/**
 * Small time helpers shared by the cohort modules. Everything here is pure: instants are
 * passed in as ISO strings and come back as ISO strings, never read from a clock.
 */

/** Thrown for any schedule, session or calendar input that the cohort modules refuse. */
export class CohortScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CohortScheduleError';
  }
}

// An instant must say which instant it is: a bare "2026-02-10T19:00" would silently be
// read in the server's zone, which is exactly the bug these modules exist to avoid.
const EXPLICIT_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * Parses an ISO-8601 instant that carries `Z` or an explicit offset and returns it as a
 * UTC DateTime. Throws {@link CohortScheduleError} for anything else.
 */
export function parseInstant(iso: string, what = 'instant'): DateTime {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid || !EXPLICIT_OFFSET.test(iso)) {
    throw new CohortScheduleError(`${what} must be an ISO-8601 instant with Z or an offset, got "${iso}"`);
  }
  return dt.toUTC();
}

/** Milliseconds since the epoch for an ISO instant (see {@link parseInstant}). */
export function instantMillis(iso: string, what?: string): number {
  return parseInstant(iso, what).toMillis();
}

/** Canonical storage form: UTC, millisecond precision, `Z` suffix (what `Date#toISOString` gives). */
export function toUtcIso(dt: DateTime): string {
  return new Date(dt.toMillis()).toISOString();
}

/** How a local wall-clock time was mapped onto an instant. */
export type LocalAdjustment = 'none' | 'gap-shifted' | 'ambiguous-earlier';

export interface LocalDateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * Maps a local wall-clock date and time in `zone` onto one instant.
 *
 * - Normal times map one-to-one.
 * - A time inside a spring-forward gap (02:30 on the day New York jumps 02:00 → 03:00)
 *   does not exist. We keep luxon's behaviour: the time is read with the offset in force
 *   before the gap, which moves it forward by the gap's length (02:30 → 03:30 EDT).
 *   Shifting forward keeps the session on its calendar day and after, not before, the
 *   time people were told.
 * - A time inside a fall-back overlap (01:30 on the day New York goes 02:00 → 01:00)
 *   happens twice. Luxon's own choice differs by zone (it picked the later one for
 *   New York and London but the earlier one for Sydney in testing), so we decide
 *   explicitly: the earlier, first occurrence, i.e. the offset that was in force before
 *   the clocks went back. That is also what RFC 5545 §3.3.5 prescribes for
 *   DTSTART;TZID values in the overlap.
 */
export function resolveLocal(zone: string, parts: LocalDateTimeParts): { dt: DateTime; adjustment: LocalAdjustment } {
  const luxonChoice = DateTime.fromObject({ ...parts, second: 0, millisecond: 0 }, { zone });
  if (!luxonChoice.isValid) {
    throw new CohortScheduleError(`cannot place ${JSON.stringify(parts)} in ${zone}: ${luxonChoice.invalidExplanation ?? ''}`);
  }
  const wallAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  // Every offset the zone uses around this day; a real transition day has exactly two.
  const offsets = new Set<number>([
    luxonChoice.offset,
    luxonChoice.minus({ hours: 26 }).offset,
    luxonChoice.plus({ hours: 26 }).offset,
  ]);
  const candidates: number[] = [];
  for (const offset of offsets) {
    const ms = wallAsUtc - offset * 60_000;
    // A candidate is real only if the zone actually uses that offset at that instant.
    if (DateTime.fromMillis(ms, { zone }).offset === offset) candidates.push(ms);
  }
  if (candidates.length === 0) {
    return { dt: luxonChoice.toUTC(), adjustment: 'gap-shifted' };
  }
  const earliest = Math.min(...candidates);
  return {
    dt: DateTime.fromMillis(earliest, { zone: 'utc' }),
    adjustment: candidates.length > 1 ? 'ambiguous-earlier' : 'none',
  };
}

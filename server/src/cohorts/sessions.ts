import { DateTime, IANAZone } from 'luxon';
import type { SchedulePreviewRow, ScheduleZoneTime } from '@hearth/shared';
import { expandSchedule, type ScheduleSpec } from './schedule';
import { CohortScheduleError, parseInstant, toUtcIso } from './time';

/**
 * Session records for a cohort and the few ways they change. Records are immutable
 * values: every operation returns a new record, and the caller stores it.
 */

export type SessionStatus = 'scheduled' | 'cancelled';

/** One meeting of a cohort. All instants are UTC ISO strings. */
export interface SessionRecord {
  id: string;
  cohortId: string;
  /** 0-based position in the programme; shown to people as "Session index+1". */
  index: number;
  startsAt: string;
  endsAt: string;
  status: SessionStatus;
  theme: string | null;
  /** The start the schedule first gave this session; null until it is moved. */
  originalStartsAt: string | null;
  /** iCalendar SEQUENCE: +1 on every change, so subscribed calendars take the update. */
  sequence: number;
  updatedAt: string;
  /**
   * When its circle ended: a facilitator ended it, or its window closed with people in it.
   * An ended session's circle never opens again. Absent on records made before it existed.
   */
  endedAt?: string | null;
}

const MIN_DURATION = 15;
const MAX_DURATION = 480;

/**
 * Builds the session records for a new cohort from its schedule.
 *
 * `themes[i]` becomes session i's theme; missing or blank entries give `null`, and
 * extra themes are ignored (the schedule's `count` decides how many sessions there are).
 * `idFor(index)` supplies ids so this stays pure and deterministic.
 */
export function generateSessions(
  cohortId: string,
  spec: ScheduleSpec,
  themes: readonly string[],
  idFor: (index: number) => string,
  now: string,
): SessionRecord[] {
  const updatedAt = toUtcIso(parseInstant(now, 'now'));
  return expandSchedule(spec).map((slot) => {
    const theme = themes[slot.index]?.trim();
    return {
      id: idFor(slot.index),
      cohortId,
      index: slot.index,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      status: 'scheduled',
      theme: theme ? theme : null,
      originalStartsAt: null,
      sequence: 0,
      updatedAt,
    };
  });
}

/**
 * Moves one session to `newStartsAt` (any ISO instant with an offset; stored as UTC).
 * The duration is kept unless `durationMinutes` is given (15..480).
 *
 * `originalStartsAt` keeps the first scheduled start, even across several moves, so the
 * UI can always say "moved from …". Moving to the same time and length changes nothing
 * and does not bump `sequence`. A cancelled session cannot be moved.
 */
export function moveSession(
  session: SessionRecord,
  newStartsAt: string,
  durationMinutes: number | undefined,
  now: string,
): SessionRecord {
  if (session.status === 'cancelled') {
    throw new CohortScheduleError(`session ${session.id} is cancelled and cannot be moved`);
  }
  const start = parseInstant(newStartsAt, 'newStartsAt');
  const oldStart = parseInstant(session.startsAt);
  const minutes = durationMinutes ?? parseInstant(session.endsAt).diff(oldStart, 'minutes').minutes;
  if (!Number.isInteger(minutes) || minutes < MIN_DURATION || minutes > MAX_DURATION) {
    throw new CohortScheduleError(`durationMinutes must be an integer in ${MIN_DURATION}..${MAX_DURATION}`);
  }
  const startsAt = toUtcIso(start);
  const endsAt = toUtcIso(start.plus({ minutes }));
  if (startsAt === toUtcIso(oldStart) && endsAt === toUtcIso(parseInstant(session.endsAt))) return session;
  return {
    ...session,
    startsAt,
    endsAt,
    originalStartsAt: session.originalStartsAt ?? session.startsAt,
    sequence: session.sequence + 1,
    updatedAt: toUtcIso(parseInstant(now, 'now')),
  };
}

/**
 * Marks a session cancelled. The record is kept (never deleted) so calendar feeds can
 * publish `STATUS:CANCELLED` with a higher SEQUENCE and subscribers drop the event.
 * Cancelling twice is a no-op.
 */
export function cancelSession(session: SessionRecord, now: string): SessionRecord {
  if (session.status === 'cancelled') return session;
  return {
    ...session,
    status: 'cancelled',
    sequence: session.sequence + 1,
    updatedAt: toUtcIso(parseInstant(now, 'now')),
  };
}

function assertZone(timeZone: string): void {
  if (!IANAZone.isValidZone(timeZone)) throw new CohortScheduleError(`not a known IANA time zone: "${timeZone}"`);
}

/**
 * Formats an instant for a person in their own zone, e.g. "Tue 10 Feb 2026, 19:00 GMT".
 *
 * Always 24-hour, day-first, so the same string shape appears for everyone; `locale`
 * (default en-GB) only changes the day/month names and the zone label. The label comes
 * from the platform's ICU data: en-GB gives "GMT"/"BST" for London but "GMT-8" for Los
 * Angeles, en-US gives "PST". Offsets are unambiguous where abbreviations are not.
 */
export function formatInZone(isoUtc: string, timeZone: string, locale = 'en-GB'): string {
  assertZone(timeZone);
  return parseInstant(isoUtc).setZone(timeZone).setLocale(locale).toFormat('ccc d LLL yyyy, HH:mm ZZZZ');
}

/** One zone's view of a session in {@link previewInZones} (`local`: {@link formatInZone} output). */
export type ZoneTime = ScheduleZoneTime;

/**
 * Expands `spec` and shows every session in the cohort's zone and in each of `zones`
 * (the builder passes two), so an admin can see that 19:00 London is 04:00 *next day*
 * in Tokyo before committing to a time.
 */
export function previewInZones(spec: ScheduleSpec, zones: readonly string[], locale = 'en-GB'): SchedulePreviewRow[] {
  const { timeZone } = spec;
  zones.forEach(assertZone);
  return expandSchedule(spec).map((slot) => {
    const instant = parseInstant(slot.startsAt);
    const home = instant.setZone(timeZone);
    const view = (zone: string): ZoneTime => {
      const local = instant.setZone(zone);
      // Compare calendar days as dates only, so offsets don't leak into the difference.
      const dayShift = Math.round(
        DateTime.fromISO(local.toISODate()!, { zone: 'utc' })
          .diff(DateTime.fromISO(home.toISODate()!, { zone: 'utc' }), 'days').days,
      );
      return { timeZone: zone, local: formatInZone(slot.startsAt, zone, locale), dayShift };
    };
    return { index: slot.index, startsAt: slot.startsAt, endsAt: slot.endsAt, cohort: view(timeZone), zones: zones.map(view) };
  });
}

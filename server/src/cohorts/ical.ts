import { createEvents, type EventAttributes } from 'ics';
import { formatInZone, type SessionRecord } from './sessions';
import { CohortScheduleError, instantMillis } from './time';

/**
 * iCalendar (RFC 5545) feeds for cohorts, built with the `ics` library.
 *
 * One VEVENT per session rather than a single RRULE: sessions are moved and cancelled
 * one at a time, and separate events with stable UIDs and rising SEQUENCE numbers are
 * what subscribed calendar clients update most reliably. Times are written in UTC
 * (DTSTART:...Z), so no VTIMEZONE is needed and each client shows its own local time.
 */

/** What a feed needs to know about a cohort. */
export interface CalendarCohort {
  id: string;
  name: string;
  description?: string;
  /** The cohort's home zone; used in descriptions ("meets at 19:00 Europe/London time"). */
  timeZone: string;
}

/** Link to the circle: one URL for the cohort, or one per session. */
export type CircleUrl = string | ((session: SessionRecord) => string);

/** A cohort and its sessions, as placed in a feed. */
export interface CohortFeed {
  cohort: CalendarCohort;
  sessions: readonly SessionRecord[];
  url?: CircleUrl;
}

const PRODUCT_ID = '-//Hearth//Cohort sessions//EN';

// The `ics` types leave out DTSTAMP's input, though the library accepts it; without it
// the library would read the clock, and these modules are pure.
type StampedEvent = EventAttributes & { timestamp: number };

function sessionEvent(feed: CohortFeed, session: SessionRecord, stamp: number): StampedEvent {
  const { cohort } = feed;
  const url = typeof feed.url === 'function' ? feed.url(session) : feed.url;
  const title = `${cohort.name}: Session ${session.index + 1}${session.theme ? ` — ${session.theme}` : ''}`;
  const cancelled = session.status === 'cancelled';
  const description = [
    cancelled ? 'This session has been cancelled.' : null,
    cohort.description ?? null,
    session.theme ? `Theme: ${session.theme}` : null,
    `${cohort.name} meets at ${formatInZone(session.startsAt, cohort.timeZone)} (${cohort.timeZone}).`,
    session.originalStartsAt && !cancelled
      ? `Moved from ${formatInZone(session.originalStartsAt, cohort.timeZone)}.`
      : null,
    url && !cancelled ? `Join the circle: ${url}` : null,
  ].filter((line): line is string => line !== null);

  return {
    uid: `${session.id}@hearth`,
    title,
    description: description.join('\n'),
    start: instantMillis(session.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: instantMillis(session.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    sequence: session.sequence,
    // Cancelled events stay in the feed: a METHOD:PUBLISH client only drops an event it
    // already has when it sees STATUS:CANCELLED with a higher SEQUENCE, not when it vanishes.
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    lastModified: instantMillis(session.updatedAt),
    timestamp: stamp,
    ...(url ? { url } : {}),
  };
}

function octets(codePoint: string): number {
  const cp = codePoint.codePointAt(0)!;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * Folds one content line so no physical line exceeds 75 octets (RFC 5545 §3.1),
 * breaking only between code points so a UTF-8 sequence is never split.
 */
function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let size = 0;
  // Tokens are code points, except that a TEXT escape (\, \; \n ...) stays on one line:
  // splitting it is legal but trips naive parsers that do not unfold first.
  for (const token of line.match(/\\.|[\s\S]/gu) ?? []) {
    const n = [...token].reduce((sum, c) => sum + octets(c), 0);
    if (size + n > 75) {
      parts.push(current);
      current = ' '; // the continuation marker counts towards the next line's 75
      size = 1;
    }
    current += token;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/**
 * The `ics` library folds at 75 *characters*, so a theme with accents, an em dash or
 * non-Latin script produces lines over 75 octets. Unfold its output and fold again by
 * octets.
 */
function refold(text: string): string {
  const lines: string[] = [];
  for (const physical of text.split(/\r\n/)) {
    if (physical === '') continue;
    if ((physical.startsWith(' ') || physical.startsWith('\t')) && lines.length > 0) {
      lines[lines.length - 1] += physical.slice(1);
    } else {
      lines.push(physical);
    }
  }
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function buildCalendar(calName: string, feeds: readonly CohortFeed[], now: string): string {
  const stamp = instantMillis(now, 'now');
  const events = feeds.flatMap((feed) =>
    [...feed.sessions]
      .sort((a, b) => a.index - b.index)
      .map((session) => sessionEvent(feed, session, stamp)),
  );
  // X-WR-CALNAME is TEXT, but `ics` writes it unescaped; a comma would split the value.
  const escapedName = calName.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,');
  const { error, value } = createEvents(events, { productId: PRODUCT_ID, method: 'PUBLISH', calName: escapedName });
  if (error || value === null) {
    throw new CohortScheduleError(`could not build calendar: ${error?.message ?? 'no output'}`);
  }
  return refold(value);
}

/**
 * The subscription feed for one cohort: a VCALENDAR with METHOD:PUBLISH and one VEVENT
 * per session (cancelled ones included, with STATUS:CANCELLED).
 *
 * Per event: UID `<session.id>@hearth` (stable across regenerations), DTSTART/DTEND in
 * UTC, SUMMARY "<cohort>: Session n — <theme>", SEQUENCE from the session, LAST-MODIFIED
 * from `updatedAt`, DTSTAMP from `now`, URL when given. Output uses CRLF line endings
 * and lines folded to at most 75 octets. A cohort with no sessions yields a calendar
 * with no components, which clients accept as an empty feed.
 */
export function cohortCalendar(args: {
  cohort: CalendarCohort;
  sessions: readonly SessionRecord[];
  url?: CircleUrl;
  now: string;
}): string {
  const { now, ...feed } = args;
  return buildCalendar(feed.cohort.name, [feed], now);
}

/**
 * One feed across every cohort a member belongs to, named `name`. Events are the same
 * as in {@link cohortCalendar} (same UIDs), so a person can switch between the two feeds
 * without duplicates once the old subscription is removed.
 */
export function memberCalendar(args: { name: string; cohorts: readonly CohortFeed[]; now: string }): string {
  return buildCalendar(args.name, args.cohorts, args.now);
}

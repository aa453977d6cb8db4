import ICAL from 'ical.js';
import { cohortCalendar, memberCalendar, type CalendarCohort } from './ical';
import type { ScheduleSpec } from './schedule';
import { cancelSession, generateSessions, moveSession, type SessionRecord } from './sessions';
import { londonSecondTuesday } from './fixtures.test-util';

// Everything is read back with ical.js (Mozilla's parser), not with the `ics` library
// that wrote it, so the checks are about the RFC 5545 text rather than one library's view.

const spec: ScheduleSpec = londonSecondTuesday;
const cohort: CalendarCohort = { id: 'c1', name: 'Grief Circle', description: 'A peer circle for loss.', timeZone: 'Europe/London' };
const themes = [
  'Arriving',
  'Naming what we carry; the weight, the shape, and the words — or the lack of them',
  'Mémoire et héritage : ce que nos proches nous ont laissé, écrit à la main',
  '喪失と共に生きる：日々の小さな儀式について語り合う時間',
  'Anger',
  'Back\\slash, commas; and emoji 🕯️🌿 in one theme',
  'Hope',
];
const NOW = '2026-01-22T08:00:00Z';
const url = 'https://hearth.example/cohorts/c1/circle';

function base(): SessionRecord[] {
  return generateSessions(cohort.id, spec, themes, (i) => `sess-${i}`, '2025-12-01T09:00:00Z');
}
function edited(): SessionRecord[] {
  const sessions = base();
  sessions[2] = moveSession(sessions[2]!, '2026-03-17T19:00:00Z', undefined, '2026-01-20T10:00:00Z');
  sessions[4] = cancelSession(sessions[4]!, '2026-01-21T10:00:00Z');
  return sessions;
}

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent');
  const prop = (event: (typeof events)[number], name: string) => event.getFirstPropertyValue(name);
  const instant = (event: (typeof events)[number], name: string) => {
    const time = prop(event, name) as InstanceType<typeof ICAL.Time>;
    expect(time.zone?.tzid).toBe('UTC');
    return time.toJSDate().toISOString();
  };
  return { calendar, events, prop, instant };
}

describe('cohortCalendar', () => {
  const text = cohortCalendar({ cohort, sessions: edited(), url, now: NOW });
  const { calendar, events, prop, instant } = parse(text);
  const sessions = edited();

  it('is a PUBLISH calendar with one VEVENT per session, cancelled ones included', () => {
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Hearth//Cohort sessions//EN');
    expect(events).toHaveLength(8);
  });

  it('uses <sessionId>@hearth UIDs that survive regeneration and edits', () => {
    const uids = events.map((e) => prop(e, 'uid'));
    expect(uids).toEqual(sessions.map((s) => `${s.id}@hearth`));
    const again = parse(cohortCalendar({ cohort, sessions: base(), now: '2026-06-01T00:00:00Z' }));
    expect(again.events.map((e) => again.prop(e, 'uid'))).toEqual(uids);
  });

  it('writes DTSTART/DTEND as the sessions’ UTC instants', () => {
    events.forEach((event, i) => {
      expect(instant(event, 'dtstart')).toBe(sessions[i]!.startsAt);
      expect(instant(event, 'dtend')).toBe(sessions[i]!.endsAt);
    });
    expect(instant(events[3]!, 'dtstart')).toBe('2026-04-14T18:00:00.000Z'); // BST session
  });

  it('carries a moved session’s new time with SEQUENCE incremented', () => {
    expect(instant(events[2]!, 'dtstart')).toBe('2026-03-17T19:00:00.000Z');
    expect(prop(events[2]!, 'sequence')).toBe(1);
    expect(prop(events[2]!, 'description')).toContain('Moved from Tue 10 Mar 2026, 19:00 GMT.');
    expect(events.filter((_, i) => i !== 2 && i !== 4).map((e) => prop(e, 'sequence'))).toEqual([0, 0, 0, 0, 0, 0]);
    // A second move raises it again, so clients replace their copy.
    const twice = edited();
    twice[2] = moveSession(twice[2]!, '2026-03-24T19:00:00Z', undefined, '2026-02-01T10:00:00Z');
    const reparsed = parse(cohortCalendar({ cohort, sessions: twice, now: NOW }));
    expect(reparsed.prop(reparsed.events[2]!, 'sequence')).toBe(2);
    expect(reparsed.instant(reparsed.events[2]!, 'dtstart')).toBe('2026-03-24T19:00:00.000Z');
  });

  it('marks the cancelled session STATUS:CANCELLED and the rest CONFIRMED', () => {
    expect(events.map((e) => prop(e, 'status'))).toEqual([
      'CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CANCELLED', 'CONFIRMED', 'CONFIRMED', 'CONFIRMED',
    ]);
    expect(prop(events[4]!, 'sequence')).toBe(1);
    expect(prop(events[4]!, 'description')).toMatch(/^This session has been cancelled\./);
    expect(prop(events[4]!, 'description')).not.toContain('Join the circle');
  });

  it('writes SUMMARY, DESCRIPTION, URL, LAST-MODIFIED and DTSTAMP, escaped and round-tripping', () => {
    expect(prop(events[0]!, 'summary')).toBe('Grief Circle: Session 1 — Arriving');
    expect(events.map((e) => prop(e, 'summary')).slice(1, 6)).toEqual(themes.slice(1, 6).map((t, i) => `Grief Circle: Session ${i + 2} — ${t}`));
    expect(prop(events[7]!, 'summary')).toBe('Grief Circle: Session 8'); // no theme
    expect(prop(events[0]!, 'description')).toBe(
      'A peer circle for loss.\nTheme: Arriving\nGrief Circle meets at Tue 13 Jan 2026, 19:00 GMT (Europe/London).\n' +
        `Join the circle: ${url}`,
    );
    expect(prop(events[0]!, 'url')).toBe(url);
    expect(instant(events[0]!, 'last-modified')).toBe('2025-12-01T09:00:00.000Z');
    expect(instant(events[4]!, 'last-modified')).toBe('2026-01-21T10:00:00.000Z');
    expect(events.map((e) => instant(e, 'dtstamp')).every((s) => s === '2026-01-22T08:00:00.000Z')).toBe(true);
  });

  it('uses CRLF everywhere and folds every line to at most 75 octets', () => {
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(/[^\r]\n|\r[^\n]/.test(text)).toBe(false);
    const lines = text.slice(0, -2).split('\r\n');
    const longest = Math.max(...lines.map((l) => Buffer.byteLength(l, 'utf8')));
    expect(longest).toBeLessThanOrEqual(75);
    // The multibyte themes really did need folding, and folds are a single leading space.
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(5);
    expect(lines.some((l) => l.startsWith('\t'))).toBe(false);
    // No fold splits a UTF-8 sequence: every physical line is valid UTF-8 on its own.
    for (const line of lines) expect(Buffer.from(Buffer.from(line, 'utf8').toString('utf8'), 'utf8').toString()).toBe(line);
  });

  it('escapes the calendar name and accepts a per-session URL', () => {
    const named = cohortCalendar({
      cohort: { ...cohort, name: 'Loss, Living; Together' },
      sessions: base().slice(0, 2),
      url: (s) => `https://hearth.example/s/${s.id}`,
      now: NOW,
    });
    expect(named).toContain('\r\nX-WR-CALNAME:Loss\\, Living\\; Together\r\n');
    const { events: evs, prop: p } = parse(named);
    expect(evs.map((e) => p(e, 'url'))).toEqual(['https://hearth.example/s/sess-0', 'https://hearth.example/s/sess-1']);
    expect(p(evs[0]!, 'summary')).toBe('Loss, Living; Together: Session 1 — Arriving');
  });

  it('produces a parseable empty calendar for a cohort without sessions', () => {
    const { calendar: cal, events: evs } = parse(cohortCalendar({ cohort, sessions: [], now: NOW }));
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(evs).toHaveLength(0);
  });

  it('rejects a naive now', () => {
    expect(() => cohortCalendar({ cohort, sessions: base(), now: '2026-01-22T08:00' })).toThrow(/now/);
  });
});

describe('memberCalendar', () => {
  it('merges a member’s cohorts into one feed with the same UIDs', () => {
    const other: CalendarCohort = { id: 'c2', name: 'Carers', timeZone: 'America/New_York' };
    const otherSessions = generateSessions('c2', { ...spec, timeZone: 'America/New_York', count: 3 }, [], (i) => `c2-${i}`, NOW);
    const text = memberCalendar({
      name: 'Sam’s Hearth sessions',
      cohorts: [{ cohort, sessions: edited(), url }, { cohort: other, sessions: otherSessions }],
      now: NOW,
    });
    const { calendar, events, prop, instant } = parse(text);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Sam’s Hearth sessions');
    expect(events).toHaveLength(11);
    expect(events.map((e) => prop(e, 'uid'))).toEqual([
      ...edited().map((s) => `${s.id}@hearth`),
      'c2-0@hearth', 'c2-1@hearth', 'c2-2@hearth',
    ]);
    expect(instant(events[8]!, 'dtstart')).toBe('2026-01-14T00:00:00.000Z'); // 19:00 EST
    expect(prop(events[8]!, 'summary')).toBe('Carers: Session 1');
    expect(prop(events[8]!, 'url')).toBeNull();
    expect(Math.max(...text.split('\r\n').map((l) => Buffer.byteLength(l)))).toBeLessThanOrEqual(75);
  });
});

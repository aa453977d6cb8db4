import { compareZones, currentZoneName, zoneMatches, formatShort, formatZoned, isoToZonedWallTime, timeZoneOptions, todayIn, zoneCity, zonedWallTimeToIso, zoneLabel, zoneOffsetMinutes } from './zones';

describe('zone names', () => {
  it.each([
    ['America/New_York', 'New York', 'America/New York'],
    ['America/Argentina/Buenos_Aires', 'Buenos Aires', 'America/Argentina/Buenos Aires'],
    ['UTC', 'UTC', 'UTC'],
  ])('%s', (zone, city, label) => {
    expect(zoneCity(zone)).toBe(city);
    expect(zoneLabel(zone)).toBe(label);
  });

  it('offers current IANA names: Kolkata and Kyiv, not Calcutta and Kiev', () => {
    const zones = timeZoneOptions();
    expect(zones).toContain('Asia/Kolkata');
    expect(zones).toContain('Europe/Kyiv');
    expect(zones).not.toContain('Asia/Calcutta');
    expect(zones).not.toContain('Europe/Kiev');
    expect(new Set(zones).size).toBe(zones.length); // merged zones appear once
    expect(currentZoneName('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(currentZoneName('Europe/London')).toBe('Europe/London');
  });

  it('finds zones by city, by part of the name, and by the old name', () => {
    expect(zoneMatches('Europe/Kyiv', 'kyiv')).toBe(true);
    expect(zoneMatches('Europe/Kyiv', 'Kiev')).toBe(true);
    expect(zoneMatches('Asia/Kolkata', 'calcutta')).toBe(true);
    expect(zoneMatches('America/New_York', 'new york')).toBe(true);
    expect(zoneMatches('America/New_York', 'america/')).toBe(true);
    expect(zoneMatches('America/New_York', 'tokyo')).toBe(false);
    expect(zoneMatches('Asia/Tokyo', '')).toBe(true);
  });

  it('offers every platform zone plus the saved one, sorted', () => {
    const zones = timeZoneOptions(['Etc/UTC', null]);
    expect(zones).toContain('Europe/London');
    expect(zones).toContain('Etc/UTC');
    expect([...zones].sort((a, b) => a.localeCompare(b))).toEqual(zones);
  });
});

describe('offsets and wall-clock times', () => {
  it('knows daylight saving', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'Europe/London')).toBe(0);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Europe/London')).toBe(60);
    expect(zoneOffsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(zoneOffsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('turns a cohort-zone date and time into the UTC instant', () => {
    expect(zonedWallTimeToIso('2026-02-10', '19:00', 'Europe/London')).toBe('2026-02-10T19:00:00.000Z');
    expect(zonedWallTimeToIso('2026-07-14', '19:00', 'Europe/London')).toBe('2026-07-14T18:00:00.000Z');
    expect(zonedWallTimeToIso('2026-02-10', '19:00', 'Asia/Tokyo')).toBe('2026-02-10T10:00:00.000Z');
    // The evening the clocks go back in New York: 19:00 is after the change (EST).
    expect(zonedWallTimeToIso('2026-11-01', '19:00', 'America/New_York')).toBe('2026-11-02T00:00:00.000Z');
    expect(zonedWallTimeToIso('2026-02-10', '7pm', 'Europe/London')).toBeNull();
  });

  it('a time in the spring-forward gap lands after the change', () => {
    // 01:30 does not exist in London on 29 March 2026.
    const iso = zonedWallTimeToIso('2026-03-29', '01:30', 'Europe/London')!;
    expect(isoToZonedWallTime(iso, 'Europe/London')).toEqual({ date: '2026-03-29', time: '02:30' });
  });

  it('round-trips through the inputs of a zone', () => {
    expect(isoToZonedWallTime('2026-02-10T19:00:00.000Z', 'America/New_York')).toEqual({ date: '2026-02-10', time: '14:00' });
    expect(isoToZonedWallTime('2026-02-10T19:00:00.000Z', 'Asia/Tokyo')).toEqual({ date: '2026-02-11', time: '04:00' });
    expect(todayIn('Pacific/Auckland', Date.parse('2026-02-10T19:00:00Z'))).toBe('2026-02-11');
  });
});

describe('formatting', () => {
  it('formats a session start in the viewer’s zone', () => {
    // ICU versions differ in punctuation ("Tuesday, 10 February"): match the content.
    expect(formatZoned('2026-02-10T19:00:00.000Z', 'America/New_York', 'en-GB')).toEqual({
      date: expect.stringMatching(/^Tuesday,? 10 February 2026$/),
      time: '14:00',
      zoneName: 'GMT-5',
    });
    expect(formatZoned('2026-02-10T19:00:00.000Z', 'America/New_York', 'en-US')).toMatchObject({ time: '2:00 PM', zoneName: 'EST' });
    expect(formatZoned('2026-02-10T19:00:00.000Z', 'Asia/Tokyo', 'en-GB').time).toBe('04:00');
    expect(formatShort('2026-02-10T19:00:00.000Z', 'Europe/London', 'en-GB')).toMatch(/^Tue,? 10 Feb 2026,? 19:00$/);
  });
});

describe('compareZones', () => {
  it('puts the device zone first unless it is the cohort’s', () => {
    expect(compareZones('Europe/London', 'America/Chicago')).toEqual(['America/Chicago', 'America/New_York']);
    expect(compareZones('Europe/London', 'Europe/London')).toEqual(['America/New_York', 'Asia/Tokyo']);
    expect(compareZones('America/New_York', 'America/New_York')).toEqual(['Asia/Tokyo', 'Australia/Sydney']);
  });
});

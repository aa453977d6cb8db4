import { isTimeZone } from '@hearth/shared';

/*
 * Time-zone helpers on the platform's Intl only (no date library in the bundle). Cohorts
 * meet across zones, so every time shown says which zone it is in.
 */

/**
 * Zones the platform's list (CLDR, through Intl) still spells by an old name, mapped to the
 * name IANA uses now (renamed cities, and zones merged into another). Only applied where
 * this platform knows the current name too.
 */
export const CURRENT_ZONE_NAMES: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Europe/Kiev': 'Europe/Kyiv',
  'Europe/Uzhgorod': 'Europe/Kyiv',
  'Europe/Zaporozhye': 'Europe/Kyiv',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Choibalsan': 'Asia/Ulaanbaatar',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Nipigon': 'America/Toronto',
  'America/Thunder_Bay': 'America/Toronto',
  'America/Rainy_River': 'America/Winnipeg',
  'America/Yellowknife': 'America/Edmonton',
  'America/Pangnirtung': 'America/Iqaluit',
  'Australia/Currie': 'Australia/Hobart',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Africa/Asmera': 'Africa/Asmara',
};

/** The current IANA name of `zone` ("Asia/Calcutta" → "Asia/Kolkata"); unknown names pass through. */
export function currentZoneName(zone: string): string {
  const current = CURRENT_ZONE_NAMES[zone];
  return current && isTimeZone(current) ? current : zone;
}

/** The old names of a zone, so a search for "Kiev" or "Calcutta" still finds it. */
function formerNames(zone: string): string[] {
  return Object.entries(CURRENT_ZONE_NAMES)
    .filter(([, now]) => now === zone)
    .map(([old]) => old);
}

const squash = (s: string) => s.toLowerCase().replace(/[_/\s-]+/g, ' ').trim();

/** Whether `zone` answers a search ("kyiv", "new york", "calcutta", "america/"). Empty matches all. */
export function zoneMatches(zone: string, query: string): boolean {
  const q = squash(query);
  if (!q) return true;
  return [zone, ...formerNames(zone)].some((name) => squash(name).includes(q));
}

/** The zone this device is set to, or "UTC" when the platform cannot say. */
export function browserTimeZone(): string {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && isTimeZone(zone) ? currentZoneName(zone) : 'UTC';
  } catch {
    return 'UTC';
  }
}

/** A short fallback for platforms without `Intl.supportedValuesOf`. */
const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Africa/Lagos',
  'Africa/Johannesburg',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
];

/**
 * Every zone to offer in a picker, by its current IANA name, sorted, always including
 * `extra` (the saved value and the device's zone, which may be spelled the old way).
 */
export function timeZoneOptions(extra: readonly (string | null | undefined)[] = []): string[] {
  let all: string[];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    all = COMMON_ZONES;
  }
  const set = new Set((all.length > 0 ? all : COMMON_ZONES).map(currentZoneName));
  for (const z of extra) if (z) set.add(z);
  return [...set].sort((a, b) => a.localeCompare(b));
}

/** A zone as people read it: "America/New_York" → "America/New York". */
export function zoneLabel(zone: string): string {
  return zone.replace(/_/g, ' ');
}

/** The place a zone is named after: "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function zoneCity(zone: string): string {
  const last = zone.split('/').pop() ?? zone;
  return last.replace(/_/g, ' ');
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of an instant in a zone (numbers, 24-hour). */
export function wallClock(ms: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(zone, f);
  }
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(f.formatToParts(ms).find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** The zone's offset from UTC at an instant, in minutes (London in summer: 60). */
export function zoneOffsetMinutes(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The UTC instant (ISO, "Z") of a wall-clock date and time in `zone`, e.g. "move this
 * session to 2026-03-10 19:00 London time". Two passes settle the offset across a DST
 * change; a time inside a spring-forward gap lands an hour later, as clocks do.
 */
export function zonedWallTimeToIso(date: string, time: string, zone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const guess = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  const first = guess - zoneOffsetMinutes(guess, zone) * 60_000;
  const second = guess - zoneOffsetMinutes(first, zone) * 60_000;
  return new Date(second).toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the date and time inputs of a zone want them: { date: "2026-03-10", time: "19:00" }. */
export function isoToZonedWallTime(iso: string, zone: string): { date: string; time: string } {
  const w = wallClock(Date.parse(iso), zone);
  return { date: `${w.year}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
}

/** How a session's start reads in one zone: parts, so the page can lay them out. */
export interface ZonedTime {
  /** "Tuesday 10 February 2026" */
  date: string;
  /** "14:00" or "2:00 PM", as the locale writes times. */
  time: string;
  /** "EST", "GMT+1": the zone's short name at that instant. */
  zoneName: string;
}

/** Formats an instant in a zone for the given locale (default: the browser's). */
export function formatZoned(iso: string, zone: string, locale?: string): ZonedTime {
  const ms = Date.parse(iso);
  const date = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(ms);
  const clock = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: 'numeric', minute: '2-digit' });
  // 24-hour locales read "04:00" more surely than "4:00" (which could be an afternoon).
  const h24 = ['h23', 'h24'].includes(clock.resolvedOptions().hourCycle ?? '');
  const time = (h24 ? new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) : clock).format(ms);
  const zoneName =
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? zone;
  return { date, time, zoneName };
}

/** A compact one-liner: "Tue 10 Feb 2026, 19:00". */
export function formatShort(iso: string, zone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(Date.parse(iso));
}

/** Fallbacks for the schedule preview's two comparison zones: far apart, on different days. */
const COMPARE_FALLBACKS = ['America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Europe/London'];

/**
 * Two zones to compare a schedule against: this device's zone first (the admin's own
 * view) unless it is the cohort's, then far-apart defaults. Always two, distinct from
 * the cohort's zone and from each other.
 */
export function compareZones(cohortZone: string, deviceZone: string): [string, string] {
  const picked: string[] = [];
  for (const z of [deviceZone, ...COMPARE_FALLBACKS]) {
    if (z !== cohortZone && !picked.includes(z)) picked.push(z);
    if (picked.length === 2) break;
  }
  return [picked[0]!, picked[1]!];
}

/** Today's date ("YYYY-MM-DD") in a zone. */
export function todayIn(zone: string, now = Date.now()): string {
  return isoToZonedWallTime(new Date(now).toISOString(), zone).date;
}

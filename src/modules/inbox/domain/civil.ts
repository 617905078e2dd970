/**
 * Civil (wall-clock) dates and times in a time zone, without any library: 'YYYY-MM-DD' strings, day
 * numbers (days since 1970-01-01) and Intl-based conversion between UTC instants and local wall time.
 * Pure: nothing here reads the system clock or the process time zone.
 */

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // 0 = Sunday … 6 = Saturday, as Date#getUTCDay
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

/** Is `s` a real calendar date written 'YYYY-MM-DD'? */
export function isCivilDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws RangeError on a malformed or impossible date. */
export function dayNumber(date: string): number {
  if (!isCivilDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function civilDate(y: number, m: number, d: number): string {
  return fromDayNumber(Math.round(Date.UTC(y, m - 1, d) / DAY_MS));
}

export function addDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n);
}

export function weekdayOf(date: string): Weekday {
  return weekdayOfDay(dayNumber(date));
}

export function weekdayOfDay(day: number): Weekday {
  return ((((day + 4) % 7) + 7) % 7) as Weekday; // 1970-01-01 was a Thursday
}

/** 'HH:MM' (00:00–24:00) to minutes after midnight; undefined when malformed. */
export function parseClock(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const m = TIME_RE.exec(s);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  return `${String(h).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Throws RangeError for a time zone Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  /** 'YYYY-MM-DD' in the zone. */
  date: string;
  day: number;
  weekday: Weekday;
  /** Minutes after local midnight (0–1439). */
  minutes: number;
  /** Milliseconds after local midnight, seconds and milliseconds included. */
  msOfDay: number;
}

/**
 * Offsets per zone and 15-minute bucket of UTC time: offsets are whole quarter hours and change only at
 * quarter-hour instants, so one Intl call serves a whole bucket. Bounded; cleared when full.
 */
const QUARTER_HOUR = 15 * MINUTE_MS;
const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_MAX = 100_000;

/** Offset of the zone from UTC at an instant, in ms (Seoul: +9 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const bucket = Math.floor(instant / QUARTER_HOUR);
  let zone = offsetCache.get(timeZone);
  const hit = zone?.get(bucket);
  if (hit !== undefined) return hit;
  const offset = intlOffset(bucket * QUARTER_HOUR, timeZone);
  if (!zone || zone.size >= OFFSET_CACHE_MAX) offsetCache.set(timeZone, (zone = new Map()));
  zone.set(bucket, offset);
  return offset;
}

function intlOffset(instant: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  const wholeSeconds = instant - (((instant % 1000) + 1000) % 1000);
  return asUtc - wholeSeconds;
}

/** The local day number (days since 1970-01-01 on the zone's calendar) of an instant. */
export function localDay(instant: number, timeZone: string = DEFAULT_TIME_ZONE): number {
  return Math.floor((instant + zoneOffsetMs(instant, timeZone)) / DAY_MS);
}

/** The wall-clock date and time of a UTC instant in a zone. */
export function toLocal(instant: Date | number, timeZone: string = DEFAULT_TIME_ZONE): LocalTime {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid date');
  const local = t + zoneOffsetMs(t, timeZone);
  const day = Math.floor(local / DAY_MS);
  const msOfDay = local - day * DAY_MS;
  return { date: fromDayNumber(day), day, weekday: weekdayOfDay(day), minutes: Math.floor(msOfDay / MINUTE_MS), msOfDay };
}

/**
 * The UTC instant (ms) of a wall-clock time on a local day. Times in a DST gap (which do not exist
 * locally) move forward by the gap; ambiguous times in a fall-back overlap take the earlier instant.
 * `minutes` may be 1440 (24:00 = the next midnight).
 */
export function localToInstant(day: number, minutes: number, timeZone: string = DEFAULT_TIME_ZONE): number {
  const wall = day * DAY_MS + minutes * MINUTE_MS;
  const o1 = zoneOffsetMs(wall, timeZone);
  let guess = wall - o1;
  const o2 = zoneOffsetMs(guess, timeZone);
  if (o2 !== o1) {
    const alt = wall - o2;
    const o3 = zoneOffsetMs(alt, timeZone);
    // alt is exact when its offset is o2; otherwise the wall time is in a gap: keep the later reading.
    guess = o3 === o2 ? alt : Math.max(guess, alt);
  }
  // Fall-back overlap: an hour earlier may read the same wall time; prefer the earlier instant.
  const earlier = guess - 3_600_000;
  if (earlier + zoneOffsetMs(earlier, timeZone) === wall) return earlier;
  return guess;
}

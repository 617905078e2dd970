/**
 * Business-hours arithmetic: weekly shifts in a time zone (default Asia/Seoul), closed on the days of a
 * holiday calendar. Instants are Dates (UTC); wall-clock conversion goes through Intl, so DST zones
 * work too (a shift is always its wall-clock length on the day, except across a DST change).
 *
 * Shifts: { start: 'HH:MM', end: 'HH:MM' }. end > start is a same-day shift; end < start runs overnight
 * into the next day (22:00–06:00); end === start is zero-length (closed); '24:00' ends at midnight.
 * A shift belongs to the day it starts on: a holiday closes the shifts starting that day, and an
 * overnight shift started the evening before a holiday runs to its end.
 */
import { DAY_MS, DEFAULT_TIME_ZONE, MINUTE_MS, assertTimeZone, dayNumber, localDay, localToInstant, parseClock, weekdayOfDay } from './civil.js';
import type { HolidayCalendar } from './holidays.js';

export const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayKey = (typeof DAY_KEYS)[number];

export interface Shift {
  start: string;
  end: string;
}

export interface BusinessSchedule {
  /** IANA zone; default Asia/Seoul. */
  timeZone?: string;
  /** Shifts by the weekday they start on; a missing or empty day is closed. */
  week: Partial<Record<DayKey, readonly Shift[]>>;
  /** Days on which the weekly shifts do not run. */
  holidays?: HolidayCalendar;
  /** Shifts run on holidays instead (reduced coverage); default none (closed). */
  holidayShifts?: readonly Shift[];
}

export interface OpenPeriod {
  start: Date;
  /** null: never closes (continuous schedule). */
  end: Date | null;
}

const ALL_DAY: readonly Shift[] = [{ start: '00:00', end: '24:00' }];

/** Open around the clock, holidays included: business time equals calendar time. */
export const ALWAYS_OPEN: BusinessSchedule = {
  timeZone: DEFAULT_TIME_ZONE,
  week: Object.fromEntries(DAY_KEYS.map((d) => [d, ALL_DAY])),
};

/** A simple office schedule, by default 09:00–18:00 Monday to Friday in Seoul. */
export function officeHours(options: { start?: string; end?: string; days?: readonly DayKey[]; timeZone?: string; holidays?: HolidayCalendar } = {}): BusinessSchedule {
  const shift: Shift = { start: options.start ?? '09:00', end: options.end ?? '18:00' };
  const days = options.days ?? ['mon', 'tue', 'wed', 'thu', 'fri'];
  return {
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    week: Object.fromEntries(days.map((d) => [d, [shift]])),
    ...(options.holidays ? { holidays: options.holidays } : {}),
  };
}

/** Problems with a schedule as `path: message` strings; empty when valid. */
export function validateSchedule(schedule: BusinessSchedule): string[] {
  const errors: string[] = [];
  try {
    assertTimeZone(schedule.timeZone ?? DEFAULT_TIME_ZONE);
  } catch {
    errors.push(`timeZone: unknown time zone ${JSON.stringify(schedule.timeZone)}`);
  }
  if (typeof schedule.week !== 'object' || schedule.week === null) return [...errors, 'week: required'];
  const check = (shifts: unknown, path: string): void => {
    if (!Array.isArray(shifts)) return void errors.push(`${path}: must be a list of shifts`);
    shifts.forEach((s: Partial<Shift> | null, i) => {
      const start = parseClock(s?.start);
      const end = parseClock(s?.end);
      if (start === undefined || start === 1440) errors.push(`${path}[${i}].start: expected HH:MM from 00:00 to 23:59`);
      if (end === undefined) errors.push(`${path}[${i}].end: expected HH:MM from 00:00 to 24:00`);
    });
  };
  for (const [key, shifts] of Object.entries(schedule.week)) {
    if (!(DAY_KEYS as readonly string[]).includes(key)) errors.push(`week.${key}: unknown day (use ${DAY_KEYS.join(', ')})`);
    else check(shifts, `week.${key}`);
  }
  if (schedule.holidayShifts !== undefined) check(schedule.holidayShifts, 'holidayShifts');
  return errors;
}

interface Compiled {
  tz: string;
  /** Per weekday: [startMinute, endMinute] with end up to 2880 (overnight). */
  week: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  holidayShifts: ReadonlyArray<readonly [number, number]>;
  holidays?: HolidayCalendar;
  hasAnyShift: boolean;
  /** Open around the clock without holidays: calendar arithmetic. */
  continuous: boolean;
}

const compiledCache = new WeakMap<BusinessSchedule, Compiled>();
const holidayDays = new WeakMap<HolidayCalendar, Map<number, Set<number>>>();

function toRanges(shifts: readonly Shift[] | undefined): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (const s of shifts ?? []) {
    const a = parseClock(s.start)!;
    const b = parseClock(s.end)!;
    if (a === b) continue; // zero-length
    out.push([a, b > a ? b : b + 1440]);
  }
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

function compile(schedule: BusinessSchedule): Compiled {
  let c = compiledCache.get(schedule);
  if (c) return c;
  const errors = validateSchedule(schedule);
  if (errors.length) throw new RangeError(`invalid business schedule: ${errors.join('; ')}`);
  const week = DAY_KEYS.map((d) => toRanges(schedule.week[d]));
  const holidayShifts = toRanges(schedule.holidayShifts);
  const continuous = !schedule.holidays && week.every((r) => r.some(([a, b]) => a === 0 && b >= 1440));
  c = {
    tz: schedule.timeZone ?? DEFAULT_TIME_ZONE,
    week,
    holidayShifts,
    ...(schedule.holidays ? { holidays: schedule.holidays } : {}),
    hasAnyShift: week.some((r) => r.length > 0) || (Boolean(schedule.holidays) && holidayShifts.length > 0),
    continuous,
  };
  compiledCache.set(schedule, c);
  return c;
}

function isHolidayDay(calendar: HolidayCalendar, day: number): boolean {
  let byYear = holidayDays.get(calendar);
  if (!byYear) holidayDays.set(calendar, (byYear = new Map()));
  const year = new Date(day * DAY_MS).getUTCFullYear();
  let set = byYear.get(year);
  if (!set) byYear.set(year, (set = new Set(calendar.year(year).map((h) => dayNumber(h.date)))));
  return set.has(day);
}

/** Give up looking for open time after this many days (only reachable when holidays close everything). */
const HORIZON_DAYS = 3660;

/** Open time from `from` on, as sorted, non-overlapping [start, end) pieces (adjacent pieces may touch). */
function* openPieces(from: number, c: Compiled): Generator<readonly [number, number]> {
  if (c.continuous) {
    yield [from, Number.POSITIVE_INFINITY];
    return;
  }
  if (!c.hasAnyShift) return;
  let cursor = from;
  const firstDay = localDay(from, c.tz) - 1; // yesterday's overnight shift may still be running
  for (let day = firstDay; day <= firstDay + HORIZON_DAYS; day++) {
    const ranges = c.holidays && isHolidayDay(c.holidays, day) ? c.holidayShifts : c.week[weekdayOfDay(day)]!;
    for (const [a, b] of ranges) {
      const start = localToInstant(day, a, c.tz);
      const end = b > 1440 ? localToInstant(day + 1, b - 1440, c.tz) : localToInstant(day, b, c.tz);
      const s = Math.max(start, cursor);
      if (end > s) {
        yield [s, end];
        cursor = end;
      }
    }
  }
}

function ms(d: Date): number {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid date');
  return t;
}

/**
 * The instant at which `durationMs` of business time has passed after `start`. A duration that runs
 * out exactly at closing time is due at closing time (not at the next opening). 0 → `start` itself.
 */
export function addBusinessTime(start: Date, durationMs: number, schedule: BusinessSchedule): Date {
  const t = ms(start);
  if (!(durationMs >= 0) || !Number.isFinite(durationMs)) throw new RangeError(`duration must be a finite number ≥ 0 (got ${durationMs})`);
  if (durationMs === 0) return new Date(t);
  let left = durationMs;
  for (const [a, b] of openPieces(t, compile(schedule))) {
    if (b - a >= left) return new Date(a + left);
    left -= b - a;
  }
  throw new RangeError('the schedule has no open time within ten years');
}

/** Business time between two instants; negative when b is before a. */
export function businessTimeBetween(a: Date, b: Date, schedule: BusinessSchedule): number {
  const ta = ms(a);
  const tb = ms(b);
  if (tb < ta) return -businessTimeBetween(b, a, schedule);
  let total = 0;
  for (const [s, e] of openPieces(ta, compile(schedule))) {
    if (s >= tb) break;
    total += Math.min(e, tb) - s;
  }
  return total;
}

export function isOpen(at: Date, schedule: BusinessSchedule): boolean {
  const t = ms(at);
  for (const [s] of openPieces(t, compile(schedule))) return s === t;
  return false;
}

/** `at` itself when open, else the next opening; null when the schedule never opens. */
export function nextOpening(at: Date, schedule: BusinessSchedule): Date | null {
  for (const [s] of openPieces(ms(at), compile(schedule))) return new Date(s);
  return null;
}

/** The open period containing `at`, or the next one; touching shifts are merged. null: never opens. */
export function openPeriodAt(at: Date, schedule: BusinessSchedule): OpenPeriod | null {
  let period: [number, number] | null = null;
  for (const [s, e] of openPieces(ms(at), compile(schedule))) {
    if (period && s > period[1]) break;
    period = period ? [period[0], e] : [s, e];
    if (e === Number.POSITIVE_INFINITY) break;
  }
  return period ? { start: new Date(period[0]), end: Number.isFinite(period[1]) ? new Date(period[1]) : null } : null;
}

/** Convenience for tests and UIs: minutes → ms, hours → ms. */
export const minutes = (n: number): number => n * MINUTE_MS;
export const hours = (n: number): number => n * 60 * MINUTE_MS;
export const days = (n: number): number => n * DAY_MS;

import { describe, expect, it } from 'vitest';
import { addDays, civilDate, dayNumber, formatClock, fromDayNumber, isCivilDate, localToInstant, parseClock, toLocal, weekdayOf, zoneOffsetMs } from './civil.js';

const iso = (t: number): string => new Date(t).toISOString();

describe('civil dates', () => {
  it('validates YYYY-MM-DD strictly, leap years included', () => {
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isCivilDate('2025-02-29')).toBe(false);
    expect(isCivilDate('2025-13-01')).toBe(false);
    expect(isCivilDate('2025-1-01')).toBe(false);
    expect(isCivilDate('2025-04-31')).toBe(false);
    expect(isCivilDate(20250101)).toBe(false);
    expect(() => dayNumber('2025-02-30')).toThrow(RangeError);
  });

  it('converts between dates and day numbers, adds days and knows weekdays', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(dayNumber('2030-12-31'))).toBe('2030-12-31');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(civilDate(2025, 1, 32)).toBe('2025-02-01');
    expect(weekdayOf('2025-01-29')).toBe(3); // Wednesday
    expect(weekdayOf('1969-12-28')).toBe(0); // negative day numbers: a Sunday
  });

  it('parses and formats HH:MM, allowing 24:00 and nothing past it', () => {
    expect(parseClock('09:30')).toBe(570);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('24:01')).toBeUndefined();
    expect(parseClock('9:30')).toBeUndefined();
    expect(parseClock('12:60')).toBeUndefined();
    expect(formatClock(570)).toBe('09:30');
  });
});

describe('time zones through Intl', () => {
  it('Seoul is UTC+9 all year (no DST)', () => {
    expect(zoneOffsetMs(Date.parse('2025-01-15T00:00:00Z'), 'Asia/Seoul')).toBe(9 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2025-07-15T00:00:00Z'), 'Asia/Seoul')).toBe(9 * 3_600_000);
  });

  it('reads the Seoul wall clock of a UTC instant, across the date line', () => {
    const l = toLocal(new Date('2025-01-24T15:30:45.500Z'), 'Asia/Seoul');
    expect(l.date).toBe('2025-01-25');
    expect(l.weekday).toBe(6);
    expect(l.minutes).toBe(30);
    expect(l.msOfDay).toBe(30 * 60_000 + 45_500);
  });

  it('turns Seoul wall time into UTC', () => {
    expect(iso(localToInstant(dayNumber('2025-01-24'), 17 * 60 + 59, 'Asia/Seoul'))).toBe('2025-01-24T08:59:00.000Z');
    expect(iso(localToInstant(dayNumber('2025-01-24'), 1440, 'Asia/Seoul'))).toBe('2025-01-24T15:00:00.000Z');
  });

  it('handles a DST zone: the gap moves forward, the overlap takes the earlier instant', () => {
    const ny = 'America/New_York';
    // 2025-03-09 02:30 does not exist in New York: it becomes 03:30 EDT (07:30Z).
    expect(iso(localToInstant(dayNumber('2025-03-09'), 150, ny))).toBe('2025-03-09T07:30:00.000Z');
    expect(iso(localToInstant(dayNumber('2025-03-09'), 600, ny))).toBe('2025-03-09T14:00:00.000Z');
    // 2025-11-02 01:30 happens twice: the EDT one (05:30Z) is taken.
    expect(iso(localToInstant(dayNumber('2025-11-02'), 90, ny))).toBe('2025-11-02T05:30:00.000Z');
    expect(iso(localToInstant(dayNumber('2025-11-02'), 600, ny))).toBe('2025-11-02T15:00:00.000Z');
    expect(toLocal(new Date('2025-11-02T06:30:00Z'), ny).minutes).toBe(90); // the second 01:30 (EST)
  });

  it('rejects invalid dates and unknown zones', () => {
    expect(() => toLocal(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => toLocal(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

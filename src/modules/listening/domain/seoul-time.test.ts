import { describe, expect, it } from 'vitest';
import { HOUR_MS, describeSeoulHour, formatSeoul, seoulDateKey, seoulDayOfWeek, seoulHour, seoulHourKey, seoulHourOfWeek, seoulParts, startOfSeoulDay, startOfSeoulHour, startOfSeoulWeek, toMs } from './seoul-time.js';

/** What ICU says the Seoul wall clock is: the independent reference for the fixed-offset arithmetic. */
function icu(ms: number): { y: number; mo: number; d: number; h: number; wd: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Seoul', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', weekday: 'short' }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  return { y: +parts.year!, mo: +parts.month!, d: +parts.day!, h: +parts.hour!, wd: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!) };
}

describe('Seoul wall clock', () => {
  it('adds nine hours to UTC, across the date line', () => {
    // 2025-03-04 15:30 UTC is 2025-03-05 00:30 KST, a Wednesday
    const t = Date.UTC(2025, 2, 4, 15, 30);
    expect(seoulParts(t)).toEqual({ year: 2025, month: 3, day: 5, hour: 0, minute: 30, dayOfWeek: 3, hourOfWeek: 72 });
    expect(seoulDateKey(t)).toBe('2025-03-05');
    expect(seoulHourKey(t)).toBe('2025-03-05T00');
    expect(formatSeoul(t)).toBe('2025-03-05T00:30:00+09:00');
    expect(describeSeoulHour(t)).toBe('Wed 00:00 KST');
  });

  it('agrees with ICU Asia/Seoul every 7 hours over two years, including New Year and leap day', () => {
    for (let t = Date.UTC(2023, 11, 25); t < Date.UTC(2025, 11, 31); t += 7 * HOUR_MS + 11 * 60_000) {
      const want = icu(t);
      const got = seoulParts(t);
      expect([got.year, got.month, got.day, got.hour, got.dayOfWeek]).toEqual([want.y, want.mo, want.d, want.h, want.wd]);
      expect(seoulHour(t)).toBe(want.h);
      expect(seoulDayOfWeek(t)).toBe(want.wd);
      expect(seoulHourOfWeek(t)).toBe(want.wd * 24 + want.h);
    }
  });

  it('finds the start of the hour, day and week', () => {
    const t = Date.UTC(2025, 2, 4, 15, 30, 12); // Wed 2025-03-05 00:30:12 KST
    expect(startOfSeoulHour(t)).toBe(Date.UTC(2025, 2, 4, 15));
    expect(startOfSeoulDay(t)).toBe(Date.UTC(2025, 2, 4, 15)); // midnight KST = 15:00 UTC the day before
    expect(startOfSeoulDay(Date.UTC(2025, 2, 4, 14, 59))).toBe(Date.UTC(2025, 2, 3, 15));
    expect(startOfSeoulWeek(t)).toBe(Date.UTC(2025, 2, 2, 15)); // Monday 2025-03-03 00:00 KST
    expect(seoulParts(startOfSeoulWeek(t)).dayOfWeek).toBe(1);
    // Sunday belongs to the week that started the Monday before
    const sunday = Date.UTC(2025, 2, 9, 5); // Sun 2025-03-09 14:00 KST
    expect(startOfSeoulWeek(sunday)).toBe(Date.UTC(2025, 2, 2, 15));
  });

  it('accepts Dates and rejects invalid instants', () => {
    expect(toMs(new Date(5))).toBe(5);
    expect(() => toMs(new Date('nope'))).toThrow(RangeError);
    expect(() => toMs(NaN)).toThrow(RangeError);
  });
});

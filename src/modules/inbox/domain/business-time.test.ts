import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, addBusinessTime, businessTimeBetween, hours, isOpen, minutes, nextOpening, officeHours, openPeriodAt, validateSchedule, type BusinessSchedule } from './business-time.js';
import { KOREAN_HOLIDAYS, createHolidayCalendar } from './holidays.js';

/** A Seoul wall-clock time as a Date (tests read like the call centre's clock). */
const kst = (s: string): Date => new Date(`${s}+09:00`);
const office = officeHours({ holidays: KOREAN_HOLIDAYS });
const add = (start: string, ms: number, s: BusinessSchedule = office): string => addBusinessTime(kst(start), ms, s).toISOString();
const at = (s: string): string => kst(s).toISOString();

describe('office hours 09:00–18:00 Mon–Fri in Seoul with Korean holidays', () => {
  it('adds within a day, up to closing time exactly, and across the night', () => {
    expect(add('2025-02-03T10:00', hours(2))).toBe(at('2025-02-03T12:00'));
    expect(add('2025-02-03T09:00', hours(9))).toBe(at('2025-02-03T18:00')); // due at closing, not next morning
    expect(add('2025-02-03T17:00', hours(2))).toBe(at('2025-02-04T10:00'));
    expect(add('2025-02-03T07:00', hours(1))).toBe(at('2025-02-03T10:00'));
    expect(add('2025-02-03T20:00', minutes(30))).toBe(at('2025-02-04T09:30'));
  });

  it('skips weekends', () => {
    expect(add('2025-02-07T17:00', hours(2))).toBe(at('2025-02-10T10:00'));
    expect(add('2025-02-08T11:00', hours(1))).toBe(at('2025-02-10T10:00'));
  });

  it('a message at 17:59 on the Friday before 설날 2025 is due a week later (1/27 temporary holiday + 1/28–30)', () => {
    expect(add('2025-01-24T17:59', hours(1))).toBe(at('2025-01-31T09:59'));
    expect(add('2026-02-13T17:59', hours(1))).toBe(at('2026-02-19T09:59')); // 설날 2026 is Mon–Wed
    expect(add('2024-02-08T17:59', hours(1))).toBe(at('2024-02-13T09:59')); // 설날 2024 + substitute Monday
  });

  it('skips substitute holidays (3/3/2025, the 10/3–10/9 run)', () => {
    expect(add('2025-02-28T17:00', hours(2))).toBe(at('2025-03-04T10:00'));
    expect(add('2025-10-02T17:00', hours(2))).toBe(at('2025-10-10T10:00'));
  });

  it('takes UTC instants and works in Seoul time', () => {
    const monday = new Date('2025-02-03T00:30:00Z'); // 09:30 KST
    expect(isOpen(monday, office)).toBe(true);
    expect(addBusinessTime(monday, hours(8.5), office).toISOString()).toBe('2025-02-03T09:00:00.000Z'); // 18:00 KST
    expect(nextOpening(new Date('2025-03-03T00:30:00Z'), office)!.toISOString()).toBe('2025-03-04T00:00:00.000Z'); // 3/3 is a substitute holiday
  });

  it('measures business time between instants, negative when reversed', () => {
    expect(businessTimeBetween(kst('2025-01-24T09:00'), kst('2025-01-31T18:00'), office)).toBe(hours(18));
    expect(businessTimeBetween(kst('2025-02-03T17:00'), kst('2025-02-04T10:00'), office)).toBe(hours(2));
    expect(businessTimeBetween(kst('2025-02-04T10:00'), kst('2025-02-03T17:00'), office)).toBe(-hours(2));
    expect(businessTimeBetween(kst('2025-02-08T10:00'), kst('2025-02-09T10:00'), office)).toBe(0);
  });

  it('keeps milliseconds and treats 0 as "now"', () => {
    const t = new Date('2025-02-03T01:00:00.250Z');
    expect(addBusinessTime(t, 1000, office).toISOString()).toBe('2025-02-03T01:00:01.250Z');
    const sunday = kst('2025-02-09T12:00');
    expect(addBusinessTime(sunday, 0, office)).toEqual(sunday);
    expect(() => addBusinessTime(t, -1, office)).toThrow(RangeError);
    expect(() => addBusinessTime(t, Number.NaN, office)).toThrow(RangeError);
  });

  it('finds the next opening and the open period', () => {
    expect(nextOpening(kst('2025-02-03T12:00'), office)!.toISOString()).toBe(at('2025-02-03T12:00'));
    expect(nextOpening(kst('2025-02-03T18:00'), office)!.toISOString()).toBe(at('2025-02-04T09:00')); // closing is exclusive
    const p = openPeriodAt(kst('2025-02-07T20:00'), office)!;
    expect([p.start.toISOString(), p.end!.toISOString()]).toEqual([at('2025-02-10T09:00'), at('2025-02-10T18:00')]);
  });
});

describe('other schedules', () => {
  it('24/7 without holidays is calendar time', () => {
    expect(addBusinessTime(kst('2025-01-28T10:00'), hours(30), ALWAYS_OPEN).toISOString()).toBe(at('2025-01-29T16:00'));
    expect(businessTimeBetween(kst('2025-01-24T00:00'), kst('2025-02-01T00:00'), ALWAYS_OPEN)).toBe(hours(192));
    expect(openPeriodAt(kst('2025-01-28T10:00'), ALWAYS_OPEN)!.end).toBeNull();
  });

  it('24/7 that closes on holidays', () => {
    const s: BusinessSchedule = { ...ALWAYS_OPEN, holidays: KOREAN_HOLIDAYS };
    expect(add('2025-01-26T23:00', hours(2), s)).toBe(at('2025-01-31T01:00'));
    const p = openPeriodAt(kst('2025-02-10T12:00'), s)!; // open from 1/31 until 3/1 (삼일절)
    expect([p.start.toISOString(), p.end!.toISOString()]).toEqual([at('2025-02-10T12:00'), at('2025-03-01T00:00')]);
  });

  it('split shifts skip the lunch break', () => {
    const split = {
      timeZone: 'Asia/Seoul',
      week: {
        mon: [
          { start: '13:00', end: '18:00' },
          { start: '09:00', end: '12:00' },
        ],
      },
    };
    expect(add('2025-02-03T11:30', hours(1), split)).toBe(at('2025-02-03T13:30'));
    expect(businessTimeBetween(kst('2025-02-03T00:00'), kst('2025-02-04T00:00'), split)).toBe(hours(8));
    expect(isOpen(kst('2025-02-03T12:30'), split)).toBe(false);
  });

  it('overnight shifts run into the next day and belong to the day they start', () => {
    const nights: BusinessSchedule = { week: { mon: [{ start: '22:00', end: '06:00' }], tue: [{ start: '22:00', end: '06:00' }], fri: [{ start: '22:00', end: '06:00' }] } };
    expect(add('2025-02-03T23:00', hours(2), nights)).toBe(at('2025-02-04T01:00'));
    expect(add('2025-02-04T05:00', hours(2), nights)).toBe(at('2025-02-04T23:00'));
    expect(isOpen(kst('2025-02-08T03:00'), nights)).toBe(true); // Saturday morning: Friday's shift
    expect(isOpen(kst('2025-02-09T03:00'), nights)).toBe(false);
    expect(isOpen(kst('2025-02-06T03:00'), nights)).toBe(false); // no Wednesday shift
    expect(businessTimeBetween(kst('2025-02-03T00:00'), kst('2025-02-10T00:00'), nights)).toBe(hours(24));
  });

  it('a holiday cancels the night shift starting on it, not the one running into it', () => {
    const nights: BusinessSchedule = { week: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [{ start: '22:00', end: '06:00' }]])), holidays: KOREAN_HOLIDAYS };
    expect(isOpen(kst('2025-03-01T03:00'), nights)).toBe(true); // shift of Fri 2/28 into 삼일절
    expect(isOpen(kst('2025-03-01T23:00'), nights)).toBe(false); // 삼일절's own shift
    expect(isOpen(kst('2025-03-04T03:00'), nights)).toBe(false); // 3/3 substitute day's shift
    expect(isOpen(kst('2025-03-04T23:00'), nights)).toBe(true);
  });

  it('holiday shifts replace the weekly ones on holidays', () => {
    const s: BusinessSchedule = { ...office, holidayShifts: [{ start: '10:00', end: '14:00' }] };
    expect(add('2025-01-28T09:00', hours(5), s)).toBe(at('2025-01-29T11:00'));
  });

  it('merges overlapping shifts instead of counting twice', () => {
    const s = {
      week: {
        mon: [
          { start: '09:00', end: '18:00' },
          { start: '17:00', end: '20:00' },
        ],
      },
    };
    expect(businessTimeBetween(kst('2025-02-03T00:00'), kst('2025-02-04T00:00'), s)).toBe(hours(11));
    expect(add('2025-02-03T17:30', hours(2), s)).toBe(at('2025-02-03T19:30'));
  });

  it('zero-length days are closed; a schedule that never opens says so', () => {
    const s = { week: { mon: [{ start: '09:00', end: '09:00' }], tue: [{ start: '09:00', end: '10:00' }] } };
    expect(isOpen(kst('2025-02-03T09:00'), s)).toBe(false);
    expect(add('2025-02-03T08:00', minutes(30), s)).toBe(at('2025-02-04T09:30'));
    const never = { week: { mon: [{ start: '09:00', end: '09:00' }] } };
    expect(nextOpening(kst('2025-02-03T08:00'), never)).toBeNull();
    expect(businessTimeBetween(kst('2025-02-03T00:00'), kst('2025-03-03T00:00'), never)).toBe(0);
    expect(() => addBusinessTime(kst('2025-02-03T08:00'), 1, never)).toThrow(/no open time/);
    expect(addBusinessTime(kst('2025-02-03T08:00'), 0, never)).toEqual(kst('2025-02-03T08:00'));
  });

  it('workspace closures from the calendar options apply', () => {
    const s = officeHours({ holidays: createHolidayCalendar({ laborDay: true }) });
    expect(add('2025-04-30T17:00', hours(2), s)).toBe(at('2025-05-02T10:00'));
  });
});

describe('a DST zone (America/New_York)', () => {
  const ny = officeHours({ timeZone: 'America/New_York', start: '09:00', end: '17:00' });
  it('keeps wall-clock opening hours across the spring change', () => {
    // Fri 2025-03-07 16:00 EST (21:00Z) + 2 h → Mon 3/10 10:00 EDT (14:00Z)
    expect(addBusinessTime(new Date('2025-03-07T21:00:00Z'), hours(2), ny).toISOString()).toBe('2025-03-10T14:00:00.000Z');
  });

  it('a calendar day across the change is 23 hours around the clock; a night shift across it is 7', () => {
    const allDay = { timeZone: 'America/New_York', week: { sun: [{ start: '00:00', end: '24:00' }] } };
    expect(businessTimeBetween(new Date('2025-03-09T00:00:00Z'), new Date('2025-03-11T00:00:00Z'), allDay)).toBe(hours(23));
    const night = { timeZone: 'America/New_York', week: { sat: [{ start: '22:00', end: '06:00' }] } };
    expect(businessTimeBetween(new Date('2025-03-08T00:00:00Z'), new Date('2025-03-10T00:00:00Z'), night)).toBe(hours(7));
  });

  it('Seoul has no such change: a 24-hour shift is always 24 hours', () => {
    const allDay = { week: { sun: [{ start: '00:00', end: '24:00' }] } };
    expect(businessTimeBetween(kst('2025-03-09T00:00'), kst('2025-03-11T00:00'), allDay)).toBe(hours(24));
  });
});

describe('validateSchedule', () => {
  it('reports every problem with its path', () => {
    const bad = { timeZone: 'Asia/Busan', week: { mon: [{ start: '9:00', end: '18:00' }], funday: [], tue: [{ start: '24:00', end: '25:00' }] } } as unknown as BusinessSchedule;
    expect(validateSchedule(bad)).toEqual([
      'timeZone: unknown time zone "Asia/Busan"',
      'week.mon[0].start: expected HH:MM from 00:00 to 23:59',
      'week.funday: unknown day (use sun, mon, tue, wed, thu, fri, sat)',
      'week.tue[0].start: expected HH:MM from 00:00 to 23:59',
      'week.tue[0].end: expected HH:MM from 00:00 to 24:00',
    ]);
    expect(() => addBusinessTime(new Date(), 1, bad)).toThrow(/invalid business schedule/);
    expect(validateSchedule(office)).toEqual([]);
  });
});

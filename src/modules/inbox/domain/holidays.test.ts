import { describe, expect, it } from 'vitest';
import { weekdayOf } from './civil.js';
import { KOREAN_HOLIDAYS, LUNAR_YEARS, createHolidayCalendar, hasKoreanCalendar, holidaysBetween, holidaysOn, isHoliday, lunarDates, type LunarDates } from './holidays.js';

const dates = (year: number, cal = KOREAN_HOLIDAYS): string[] => [...new Set(cal.year(year).map((h) => h.date))];
const substitutes = (year: number, cal = KOREAN_HOLIDAYS): string[] =>
  cal
    .year(year)
    .filter((h) => h.kind === 'substitute')
    .map((h) => h.date);

describe('lunar holidays, computed from the Korean calendar', () => {
  // The dates the government announced (관공서의 공휴일), 2024–2030: the former built-in table.
  const ANNOUNCED: Record<number, LunarDates> = {
    2024: { seollal: '2024-02-10', buddha: '2024-05-15', chuseok: '2024-09-17' },
    2025: { seollal: '2025-01-29', buddha: '2025-05-05', chuseok: '2025-10-06' },
    2026: { seollal: '2026-02-17', buddha: '2026-05-24', chuseok: '2026-09-25' },
    2027: { seollal: '2027-02-07', buddha: '2027-05-13', chuseok: '2027-09-15' },
    2028: { seollal: '2028-01-27', buddha: '2028-05-02', chuseok: '2028-10-03' },
    2029: { seollal: '2029-02-13', buddha: '2029-05-20', chuseok: '2029-09-22' },
    2030: { seollal: '2030-02-03', buddha: '2030-05-09', chuseok: '2030-09-12' },
  };

  it("this Node has ICU's Korean calendar (the source of the lunar holidays)", () => {
    expect(hasKoreanCalendar()).toBe(true);
  });

  it('gives the announced dates for 2024–2030, in the Korean reckoning where it differs from the Chinese one (2027, 2028)', () => {
    for (const [year, dates] of Object.entries(ANNOUNCED)) expect(lunarDates(Number(year))).toEqual(dates);
  });

  it('covers years beyond the old table (2031: 설날 1/23, 부처님오신날 5/28, 추석 10/1)', () => {
    expect(KOREAN_HOLIDAYS.covers(2031)).toBe(true);
    expect(lunarDates(2031)).toEqual({ seollal: '2031-01-23', buddha: '2031-05-28', chuseok: '2031-10-01' });
    expect(isHoliday('2031-01-23')).toBe(true);
    expect(isHoliday('2031-10-02')).toBe(true);
  });

  it('fails loudly for a year it does not cover, unless its lunar dates are given', () => {
    expect(KOREAN_HOLIDAYS.covers(LUNAR_YEARS.to + 1)).toBe(false);
    expect(() => KOREAN_HOLIDAYS.year(LUNAR_YEARS.to + 1)).toThrow(/lunar holidays of 2101 are not known/);
    expect(() => isHoliday('2101-03-01')).toThrow(RangeError);
    const cal = createHolidayCalendar({ lunar: { 2101: { seollal: '2101-01-29', buddha: '2101-05-05', chuseok: '2101-09-25' } } });
    expect(cal.covers(2101)).toBe(true);
    expect(isHoliday('2101-01-29', cal)).toBe(true);
  });
});

describe('statutory holidays', () => {
  it('2025 in full: 임시공휴일 1/27, 삼일절 substitute, 어린이날+부처님오신날 on one day, 추석 over a Sunday, election', () => {
    expect(dates(2025)).toEqual([
      '2025-01-01',
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-03-01',
      '2025-03-03',
      '2025-05-05',
      '2025-05-06',
      '2025-06-03',
      '2025-06-06',
      '2025-08-15',
      '2025-10-03',
      '2025-10-05',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
      '2025-10-09',
      '2025-12-25',
    ]);
  });

  it('2024: 설날 over a weekend gives one substitute (Saturday does not count for 설날), 어린이날 on Sunday, 국군의 날', () => {
    expect(substitutes(2024)).toEqual(['2024-02-12', '2024-05-06']);
    expect(isHoliday('2024-10-01')).toBe(true);
    expect(isHoliday('2024-04-10')).toBe(true);
  });

  it('2026: Saturday and Sunday substitutes for 삼일절, 부처님오신날, 광복절, 개천절; 추석 on Saturday needs none; local elections', () => {
    expect(substitutes(2026)).toEqual(['2026-03-02', '2026-05-25', '2026-08-17', '2026-10-05']);
    expect(dates(2026)).toContain('2026-06-03');
    expect(dates(2026)).not.toContain('2026-09-28'); // 추석 9/24–26 (Thu–Sat): not made up
    expect(isHoliday('2026-06-06')).toBe(true); // 현충일 on a Saturday: no substitute rule
    expect(isHoliday('2026-06-08')).toBe(false);
  });

  it('2027: 설날 on Sunday, and 광복절/개천절/한글날/성탄절 on weekends', () => {
    expect(substitutes(2027)).toEqual(['2027-02-09', '2027-08-16', '2027-10-04', '2027-10-11', '2027-12-27']);
  });

  it('2028: 추석 and 개천절 on the same Tuesday give one substitute after the 추석 block; 신정 on Saturday gives none', () => {
    expect(
      holidaysOn('2028-10-03')
        .map((h) => h.nameKo)
        .sort(),
    ).toEqual(['개천절', '추석']);
    expect(substitutes(2028)).toEqual(['2028-10-05']);
    expect(holidaysOn('2028-10-05')[0]).toMatchObject({ kind: 'substitute', substituteFor: '2028-10-03' });
  });

  it('2029 and 2030', () => {
    expect(substitutes(2029)).toEqual(['2029-05-07', '2029-05-21', '2029-09-24']);
    expect(substitutes(2030)).toEqual(['2030-02-05', '2030-05-06']);
  });

  it('one substitute for two holidays on one weekday (2025-05-05), named in Korean and English', () => {
    const [sub, ...rest] = holidaysOn('2025-05-06');
    expect(rest).toEqual([]);
    expect(sub!.nameKo).toMatch(/^대체공휴일\(/);
    expect(sub!.nameEn).toMatch(/^Substitute holiday \(/);
    expect(isHoliday('2025-05-07')).toBe(false);
  });

  it('never puts a substitute on a weekend or on another holiday', () => {
    for (let y = 2024; y <= 2030; y++) {
      const all = KOREAN_HOLIDAYS.year(y);
      for (const s of all.filter((h) => h.kind === 'substitute')) {
        expect([0, 6]).not.toContain(weekdayOf(s.date));
        expect(all.filter((h) => h.date === s.date)).toHaveLength(1);
      }
    }
  });

  it('lists every lunar holiday as three days and names them', () => {
    const seollal = holidaysBetween('2026-02-16', '2026-02-18');
    expect(seollal.map((h) => h.nameKo)).toEqual(['설날 연휴', '설날', '설날 연휴']);
    expect(seollal[1]!.nameEn).toBe('Seollal (Lunar New Year)');
    expect(holidaysOn('2026-09-25')[0]).toMatchObject({ nameKo: '추석', nameEn: 'Chuseok', kind: 'lunar' });
  });

  it('weekends are not holidays by themselves', () => {
    expect(isHoliday('2025-03-02')).toBe(false); // a Sunday
    expect(isHoliday('2025-03-03')).toBe(true); // the 삼일절 substitute
  });

  it('marks statute-derived future elections as provisional', () => {
    expect(holidaysOn('2028-04-12')[0]).toMatchObject({ kind: 'election', provisional: true });
    expect(holidaysOn('2026-06-03')[0]!.provisional).toBeUndefined();
  });
});

describe('workspace options', () => {
  it('adds 근로자의 날 (May 1) when asked', () => {
    const cal = createHolidayCalendar({ laborDay: true });
    expect(isHoliday('2025-05-01')).toBe(false);
    expect(holidaysOn('2025-05-01', cal)[0]).toMatchObject({ nameKo: '근로자의 날', kind: 'workspace' });
  });

  it('adds extra closures, excludes dates, and can leave out elections and temporary holidays', () => {
    const cal = createHolidayCalendar({
      extra: [
        { date: '2025-12-31', nameKo: '시스템 점검', nameEn: 'System maintenance' },
        { date: '2025-07-01', nameKo: '창립기념일' },
      ],
      exclude: ['2025-06-03'],
      temporaryHolidays: false,
    });
    expect(holidaysOn('2025-12-31', cal)[0]).toMatchObject({ nameEn: 'System maintenance', kind: 'workspace' });
    expect(holidaysOn('2025-07-01', cal)[0]!.nameEn).toBe('창립기념일');
    expect(isHoliday('2025-06-03', cal)).toBe(false);
    expect(isHoliday('2025-01-27', cal)).toBe(false);
    expect(isHoliday('2026-06-03', createHolidayCalendar({ elections: false }))).toBe(false);
    expect(isHoliday('2028-04-12', createHolidayCalendar({ provisionalElections: false }))).toBe(false);
  });

  it('keeps statutory substitutes even when an extra closure falls on their day', () => {
    const cal = createHolidayCalendar({ extra: [{ date: '2025-03-03', nameKo: '휴무' }] });
    expect(
      holidaysOn('2025-03-03', cal)
        .map((h) => h.kind)
        .sort(),
    ).toEqual(['substitute', 'workspace']);
    expect(isHoliday('2025-03-04', cal)).toBe(false);
  });

  it('rejects malformed options with the field path', () => {
    expect(() => createHolidayCalendar({ extra: [{ date: '2025-02-30', nameKo: 'x' }] })).toThrow(/extra\[0\]\.date/);
    expect(() => createHolidayCalendar({ extra: [{ date: '2025-02-03', nameKo: ' ' }] })).toThrow(/extra\[0\]\.nameKo/);
    expect(() => createHolidayCalendar({ exclude: ['tomorrow'] })).toThrow(/exclude\[0\]/);
    expect(() => createHolidayCalendar({ lunar: { 2031: { seollal: '2032-01-23', buddha: '2031-05-28', chuseok: '2031-10-01' } } })).toThrow(/lunar\.2031\.seollal/);
  });
});

describe('holidaysBetween', () => {
  it('is inclusive at both ends and spans years', () => {
    const list = holidaysBetween('2025-12-25', '2026-01-01');
    expect(list.map((h) => h.date)).toEqual(['2025-12-25', '2026-01-01']);
  });

  it('returns the 2025 autumn run (10/3–10/9) in order', () => {
    expect(holidaysBetween('2025-10-01', '2025-10-10').map((h) => h.date)).toEqual(['2025-10-03', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08', '2025-10-09']);
  });

  it('is empty when the range is reversed, and validates its dates', () => {
    expect(holidaysBetween('2025-12-31', '2025-01-01')).toEqual([]);
    expect(() => holidaysBetween('2025-1-1', '2025-12-31')).toThrow(RangeError);
    expect(() => isHoliday('2025/01/01')).toThrow(RangeError);
  });
});

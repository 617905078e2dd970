/**
 * Korean public holidays (관공서의 공휴일에 관한 규정), computed per year: fixed solar days, the lunar
 * holidays from ICU's Korean lunar calendar (Intl 'dangi'), substitute holidays (대체공휴일) by the rules in force since
 * 2023, election days and one-off temporary holidays, plus per-workspace extras and closures.
 *
 * Weekends are not holidays here: whether Saturday or Sunday is a working day is the business-hours
 * schedule's business. `isHoliday('2025-03-02')` (a Sunday) is false.
 */
import { addDays, civilDate, dayNumber, fromDayNumber, isCivilDate, weekdayOfDay } from './civil.js';

export type HolidayKind = 'solar' | 'lunar' | 'substitute' | 'election' | 'temporary' | 'workspace';

export interface Holiday {
  /** 'YYYY-MM-DD' (Korean civil date). */
  date: string;
  nameKo: string;
  nameEn: string;
  kind: HolidayKind;
  /** Substitute days: the date of the holiday they make up for. */
  substituteFor?: string;
  /** Set on election days derived from the statutory rule that have not been confirmed yet. */
  provisional?: boolean;
}

/** Solar dates of lunar 1/1 (설날), 4/8 (부처님오신날) and 8/15 (추석), Korean (UTC+9) reckoning. */
export interface LunarDates {
  seollal: string;
  buddha: string;
  chuseok: string;
}

/**
 * The years whose lunar holidays are computed: where ICU's Korean calendar (Intl 'dangi', the reckoning
 * of Seoul, which differs from the Chinese one in some years, e.g. 2027 and 2028) is exact enough for the
 * 1st, 8th and 15th of a month. Other years need `lunar` dates as an option, or the calendar throws.
 */
export const LUNAR_YEARS = { from: 1950, to: 2100 } as const;

let dangiFormat: Intl.DateTimeFormat | null | undefined;
function dangi(): Intl.DateTimeFormat | null {
  if (dangiFormat === undefined) {
    try {
      const f = new Intl.DateTimeFormat('en-u-ca-dangi', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
      dangiFormat = f.resolvedOptions().calendar === 'dangi' ? f : null;
    } catch {
      dangiFormat = null;
    }
  }
  return dangiFormat;
}

/** True when this Node has ICU's Korean calendar (full-icu builds, the default since Node 13). */
export const hasKoreanCalendar = (): boolean => dangi() !== null;

const lunarCache = new Map<number, LunarDates>();

/**
 * The solar dates of lunar 1/1, 4/8 and 8/15 (never of a leap month) in a year, from ICU's Korean
 * calendar; undefined outside LUNAR_YEARS or without it.
 */
export function lunarDates(year: number): LunarDates | undefined {
  const f = dangi();
  if (!f || !Number.isInteger(year) || year < LUNAR_YEARS.from || year > LUNAR_YEARS.to) return undefined;
  const hit = lunarCache.get(year);
  if (hit) return hit;
  const found: Partial<Record<keyof LunarDates, string>> = {};
  const wanted: Record<string, keyof LunarDates> = { '1/1': 'seollal', '4/8': 'buddha', '8/15': 'chuseok' };
  // Where each can fall (설날 Jan 21–Feb 20, 부처님오신날 Apr 20–May 27, 추석 Sep 8–Oct 8), with a margin.
  const windows: Array<[number, number, number, number]> = [
    [1, 15, 2, 28],
    [4, 10, 6, 5],
    [9, 1, 10, 15],
  ];
  for (const [m1, d1, m2, d2] of windows) {
    for (let d = dayNumber(civilDate(year, m1, d1)); d <= dayNumber(civilDate(year, m2, d2)); d++) {
      const date = fromDayNumber(d);
      const parts = f.formatToParts(new Date(`${date}T00:00:00Z`));
      const key = wanted[`${parts.find((p) => p.type === 'month')?.value}/${parts.find((p) => p.type === 'day')?.value}`];
      if (key && !found[key]) found[key] = date;
    }
  }
  if (!found.seollal || !found.buddha || !found.chuseok) return undefined;
  const dates: LunarDates = { seollal: found.seollal, buddha: found.buddha, chuseok: found.chuseok };
  lunarCache.set(year, dates);
  return dates;
}

interface OneOff {
  date: string;
  nameKo: string;
  nameEn: string;
  provisional?: boolean;
}

/** Election days (공직선거법 제34조: the first Wednesday on or after a fixed number of days before the term ends). */
export const ELECTION_DAYS: readonly OneOff[] = [
  { date: '2024-04-10', nameKo: '제22대 국회의원선거', nameEn: 'National Assembly election' },
  { date: '2025-06-03', nameKo: '제21대 대통령선거', nameEn: 'Presidential election' },
  { date: '2026-06-03', nameKo: '제9회 전국동시지방선거', nameEn: 'Local elections' },
  { date: '2028-04-12', nameKo: '제23대 국회의원선거', nameEn: 'National Assembly election', provisional: true },
  { date: '2030-03-27', nameKo: '제22대 대통령선거', nameEn: 'Presidential election', provisional: true },
  { date: '2030-06-05', nameKo: '제10회 전국동시지방선거', nameEn: 'Local elections', provisional: true },
];

/** Temporary holidays designated by the government (임시공휴일). */
export const TEMPORARY_HOLIDAYS: readonly OneOff[] = [
  { date: '2024-10-01', nameKo: '국군의 날 임시공휴일', nameEn: 'Armed Forces Day (temporary holiday)' },
  { date: '2025-01-27', nameKo: '설 연휴 임시공휴일', nameEn: 'Seollal temporary holiday' },
];

type SubstituteRule = 'none' | 'overlap' | 'weekend';
interface Base extends Holiday {
  /** 'overlap': 설날/추석, made up when on a Sunday or another holiday; 'weekend': also when on a Saturday. */
  rule: SubstituteRule;
}

const SOLAR: ReadonlyArray<readonly [number, number, string, string, SubstituteRule]> = [
  [1, 1, '신정', "New Year's Day", 'none'],
  [3, 1, '삼일절', 'Independence Movement Day', 'weekend'],
  [5, 5, '어린이날', "Children's Day", 'weekend'],
  [6, 6, '현충일', 'Memorial Day', 'none'],
  [8, 15, '광복절', 'Liberation Day', 'weekend'],
  [10, 3, '개천절', 'National Foundation Day', 'weekend'],
  [10, 9, '한글날', 'Hangeul Day', 'weekend'],
  [12, 25, '성탄절', 'Christmas Day', 'weekend'],
];

export interface ExtraHoliday {
  date: string;
  nameKo: string;
  nameEn?: string;
}

export interface HolidayCalendarOptions {
  /** 근로자의 날 (May 1): banks close although it is not a public holiday. Default false. */
  laborDay?: boolean;
  /** Election days and temporary holidays (default true for both). */
  elections?: boolean;
  provisionalElections?: boolean;
  temporaryHolidays?: boolean;
  /** Workspace closures (founding day, system migration, ...). */
  extra?: readonly ExtraHoliday[];
  /** Dates that are working days for this workspace even though listed (e.g. a branch open on election day). */
  exclude?: readonly string[];
  /** Lunar dates for years the Korean calendar does not cover (or corrections), by year. */
  lunar?: Readonly<Record<number, LunarDates>>;
}

export interface HolidayCalendar {
  readonly options: Readonly<HolidayCalendarOptions>;
  /** Holidays of a year (computed once, then cached), sorted by date. */
  year(year: number): readonly Holiday[];
  /** True when the lunar holidays of the year are known (computed or given); year() throws otherwise. */
  covers(year: number): boolean;
}

function base(date: string, nameKo: string, nameEn: string, kind: HolidayKind, rule: SubstituteRule): Base {
  return { date, nameKo, nameEn, kind, rule };
}

/** Statutory holidays of a year, without substitutes. */
function statutory(year: number, opts: HolidayCalendarOptions): Base[] {
  const out: Base[] = SOLAR.map(([m, d, ko, en, rule]) => base(civilDate(year, m, d), ko, en, 'solar', rule));
  const lunar = opts.lunar?.[year] ?? lunarDates(year);
  if (!lunar) {
    throw new RangeError(
      `holidays: the lunar holidays of ${year} are not known (computed for ${LUNAR_YEARS.from}–${LUNAR_YEARS.to} from ICU's Korean calendar${hasKoreanCalendar() ? '' : ', which this Node lacks'}); give them as the 'lunar' option`,
    );
  }
  out.push(base(addDays(lunar.seollal, -1), '설날 연휴', 'Seollal holiday', 'lunar', 'overlap'));
  out.push(base(lunar.seollal, '설날', 'Seollal (Lunar New Year)', 'lunar', 'overlap'));
  out.push(base(addDays(lunar.seollal, 1), '설날 연휴', 'Seollal holiday', 'lunar', 'overlap'));
  out.push(base(lunar.buddha, '부처님오신날', "Buddha's Birthday", 'lunar', 'weekend'));
  out.push(base(addDays(lunar.chuseok, -1), '추석 연휴', 'Chuseok holiday', 'lunar', 'overlap'));
  out.push(base(lunar.chuseok, '추석', 'Chuseok', 'lunar', 'overlap'));
  out.push(base(addDays(lunar.chuseok, 1), '추석 연휴', 'Chuseok holiday', 'lunar', 'overlap'));
  const inYear = (h: OneOff): boolean => h.date.startsWith(`${year}-`);
  if (opts.elections !== false) {
    for (const e of ELECTION_DAYS.filter(inYear)) {
      if (e.provisional && opts.provisionalElections === false) continue;
      out.push({ ...base(e.date, e.nameKo, e.nameEn, 'election', 'none'), ...(e.provisional ? { provisional: true } : {}) });
    }
  }
  if (opts.temporaryHolidays !== false) {
    for (const t of TEMPORARY_HOLIDAYS.filter(inYear)) out.push(base(t.date, t.nameKo, t.nameEn, 'temporary', 'none'));
  }
  return out;
}

/**
 * How many holidays a day "loses" (each one lost is made up by one substitute day). On a weekday the
 * day itself absorbs one holiday (preferably one without a substitute rule), so two holidays on the
 * same Monday yield one substitute (2025-05-05: 어린이날 + 부처님오신날 → 5/6 only). On a Saturday the
 * 'weekend' holidays are all lost and the rest behave as on a weekday; on a Sunday every holiday with
 * a substitute rule is lost.
 */
function lostOn(weekday: number, entries: Base[]): number {
  const weekendRule = entries.filter((e) => e.rule === 'weekend').length;
  const overlapRule = entries.filter((e) => e.rule === 'overlap').length;
  if (weekday === 0) return weekendRule + overlapRule;
  if (weekday === 6) return weekendRule + Math.max(0, Math.min(overlapRule, entries.length - weekendRule - 1));
  return Math.max(0, Math.min(weekendRule + overlapRule, entries.length - 1));
}

function computeYear(year: number, opts: HolidayCalendarOptions): Holiday[] {
  const entries = statutory(year, opts);
  const byDay = new Map<number, Base[]>();
  for (const e of entries) {
    const d = dayNumber(e.date);
    byDay.set(d, [...(byDay.get(d) ?? []), e]);
  }
  // Substitutes are statutory: computed before workspace extras and exclusions are applied.
  const taken = new Set(byDay.keys());
  const substitutes: Holiday[] = [];
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const list = byDay.get(day)!;
    const lost = lostOn(weekdayOfDay(day), list);
    const eligible = list.filter((e) => e.rule !== 'none');
    let candidate = day + 1;
    for (let k = 0; k < lost; ) {
      const source = eligible[eligible.length - lost + k] ?? eligible[0]!;
      const wd = weekdayOfDay(candidate);
      if (wd !== 0 && wd !== 6 && !taken.has(candidate)) {
        taken.add(candidate);
        substitutes.push({
          date: fromDayNumber(candidate),
          nameKo: `대체공휴일(${source.nameKo})`,
          nameEn: `Substitute holiday (${source.nameEn})`,
          kind: 'substitute',
          substituteFor: source.date,
        });
        k++;
      }
      candidate++;
    }
  }
  const excluded = new Set(opts.exclude ?? []);
  const all: Holiday[] = [...entries.map(({ rule: _rule, ...h }) => h), ...substitutes];
  if (opts.laborDay) all.push({ date: civilDate(year, 5, 1), nameKo: '근로자의 날', nameEn: "Workers' Day", kind: 'workspace' });
  for (const x of opts.extra ?? []) {
    if (x.date.startsWith(`${year}-`)) all.push({ date: x.date, nameKo: x.nameKo, nameEn: x.nameEn ?? x.nameKo, kind: 'workspace' });
  }
  return all.filter((h) => !excluded.has(h.date)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Throws RangeError naming the offending field when an option is malformed. */
export function createHolidayCalendar(options: HolidayCalendarOptions = {}): HolidayCalendar {
  options.extra?.forEach((x, i) => {
    if (!isCivilDate(x.date)) throw new RangeError(`extra[${i}].date: not a date (YYYY-MM-DD): ${JSON.stringify(x.date)}`);
    if (typeof x.nameKo !== 'string' || x.nameKo.trim() === '') throw new RangeError(`extra[${i}].nameKo: a name is required`);
  });
  options.exclude?.forEach((d, i) => {
    if (!isCivilDate(d)) throw new RangeError(`exclude[${i}]: not a date (YYYY-MM-DD): ${JSON.stringify(d)}`);
  });
  for (const [y, l] of Object.entries(options.lunar ?? {})) {
    for (const k of ['seollal', 'buddha', 'chuseok'] as const) {
      if (!isCivilDate(l[k]) || !l[k].startsWith(`${y}-`)) throw new RangeError(`lunar.${y}.${k}: not a date in ${y}: ${JSON.stringify(l[k])}`);
    }
  }
  const cache = new Map<number, Holiday[]>();
  return {
    options,
    year(year: number) {
      let list = cache.get(year);
      if (!list) {
        list = computeYear(year, options);
        cache.set(year, list);
      }
      return list;
    },
    covers: (year: number) => Boolean(options.lunar?.[year] ?? lunarDates(year)),
  };
}

/** The statutory calendar with default options. */
export const KOREAN_HOLIDAYS: HolidayCalendar = createHolidayCalendar();

/** Holidays on a date (several when they coincide, e.g. 2025-05-05). */
export function holidaysOn(dateInSeoul: string, calendar: HolidayCalendar = KOREAN_HOLIDAYS): Holiday[] {
  dayNumber(dateInSeoul); // validates
  return calendar.year(Number(dateInSeoul.slice(0, 4))).filter((h) => h.date === dateInSeoul);
}

export function isHoliday(dateInSeoul: string, calendar: HolidayCalendar = KOREAN_HOLIDAYS): boolean {
  return holidaysOn(dateInSeoul, calendar).length > 0;
}

/** Holidays from `from` to `to`, both inclusive, in date order. */
export function holidaysBetween(from: string, to: string, calendar: HolidayCalendar = KOREAN_HOLIDAYS): Holiday[] {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (b < a) return [];
  const out: Holiday[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const h of calendar.year(y)) if (h.date >= from && h.date <= to) out.push(h);
  }
  return out;
}

/** Set of holiday day numbers for fast lookups over a range (used by the business-time arithmetic). */
export function holidayDayIndex(calendar: HolidayCalendar, year: number): ReadonlySet<number> {
  return new Set(calendar.year(year).map((h) => dayNumber(h.date)));
}

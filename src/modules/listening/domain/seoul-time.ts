/**
 * Asia/Seoul calendar arithmetic on epoch milliseconds. Korea has used UTC+9 with no daylight saving
 * since 1988, so a fixed offset is exact for every timestamp Sotong handles; no Intl needed.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
export const KST_OFFSET_MS = 9 * HOUR_MS;

export type Instant = number | Date;

export function toMs(t: Instant): number {
  const ms = typeof t === 'number' ? t : t.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`invalid timestamp: ${String(t)}`);
  return ms;
}

export interface SeoulParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday (like Date#getDay). */
  dayOfWeek: number;
  /** 0–167: dayOfWeek * 24 + hour. */
  hourOfWeek: number;
}

/** The wall-clock fields in Seoul. */
export function seoulParts(t: Instant): SeoulParts {
  const d = new Date(toMs(t) + KST_OFFSET_MS);
  const dayOfWeek = d.getUTCDay();
  const hour = d.getUTCHours();
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour,
    minute: d.getUTCMinutes(),
    dayOfWeek,
    hourOfWeek: dayOfWeek * 24 + hour,
  };
}

/** Hour of day in Seoul, 0–23 (cheaper than seoulParts). */
export function seoulHour(ms: number): number {
  return Math.floor((ms + KST_OFFSET_MS) / HOUR_MS) % 24;
}

/** Day of week in Seoul, 0 = Sunday (1970-01-01 was a Thursday). */
export function seoulDayOfWeek(ms: number): number {
  return (Math.floor((ms + KST_OFFSET_MS) / DAY_MS) + 4) % 7;
}

/** 0–167, Sunday 00:00 KST = 0. */
export function seoulHourOfWeek(ms: number): number {
  return seoulDayOfWeek(ms) * 24 + seoulHour(ms);
}

/** Start of the Seoul hour containing t (KST hours start on UTC hours: the offset is whole hours). */
export function startOfSeoulHour(t: Instant): number {
  const ms = toMs(t);
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** Midnight KST of the Seoul day containing t, as epoch ms (15:00 UTC the day before). */
export function startOfSeoulDay(t: Instant): number {
  const ms = toMs(t);
  return Math.floor((ms + KST_OFFSET_MS) / DAY_MS) * DAY_MS - KST_OFFSET_MS;
}

/** Monday 00:00 KST of the week containing t (Korean business weeks start on Monday). */
export function startOfSeoulWeek(t: Instant): number {
  const day = startOfSeoulDay(t);
  return day - ((seoulDayOfWeek(day) + 6) % 7) * DAY_MS;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** '2025-03-04' in Seoul. */
export function seoulDateKey(t: Instant): string {
  const p = seoulParts(t);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** '2025-03-04T09' in Seoul: sortable hour key. */
export function seoulHourKey(t: Instant): string {
  const p = seoulParts(t);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}`;
}

/** ISO 8601 with the +09:00 offset: '2025-03-04T09:30:00+09:00'. */
export function formatSeoul(t: Instant): string {
  const d = new Date(toMs(t) + KST_OFFSET_MS);
  return `${d.toISOString().slice(0, 19)}+09:00`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** 'Tue 03:00 KST', for alert reasons. */
export function describeSeoulHour(t: Instant): string {
  const p = seoulParts(t);
  return `${WEEKDAYS[p.dayOfWeek]} ${pad(p.hour)}:00 KST`;
}

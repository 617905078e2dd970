import { useEffect, useMemo, useState } from 'react';
import { useI18n } from './i18n/index.js';

/** Times are shown on the Seoul clock whatever the browser's zone: the bank works in KST. */
export const DISPLAY_TIME_ZONE = 'Asia/Seoul';

export interface TimeFormat {
  /** "3분 전", "in 2 days"; `now` lets a list re-render on a ticking clock. */
  relative(iso: string | null | undefined, now?: number): string;
  /** Full date and time in Asia/Seoul, with the zone named ("2026. 11. 20. 오후 12:01:05 KST"). */
  absolute(iso: string | null | undefined): string;
  /** A duration in milliseconds as the largest sensible unit ("850ms", "12초", "3 min"). */
  duration(ms: number): string;
  /** Follower counts and the like, compact ("1.2만", "12K"). */
  compact(n: number): string;
  number(n: number): string;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

export function useTimeFormat(): TimeFormat {
  const { locale, t } = useI18n();
  return useMemo(() => {
    const tag = locale === 'ko' ? 'ko-KR' : 'en-GB';
    const rtf = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
    const abs = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'medium', timeZone: DISPLAY_TIME_ZONE });
    const compactFmt = new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 });
    const numberFmt = new Intl.NumberFormat(tag);
    const unit = (u: 'millisecond' | 'second' | 'minute' | 'hour' | 'day', n: number) =>
      new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'narrow', maximumFractionDigits: u === 'second' || u === 'millisecond' ? 0 : 1 }).format(n);
    const parse = (iso: string | null | undefined) => {
      if (!iso) return undefined;
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? undefined : d;
    };
    return {
      relative(iso, now = Date.now()) {
        const d = parse(iso);
        if (!d) return iso ?? t('common.none');
        const seconds = Math.round((d.getTime() - now) / 1000);
        if (Math.abs(seconds) < 45) return t('time.justNow');
        for (const [u, size] of UNITS) {
          if (Math.abs(seconds) >= size || u === 'second') return rtf.format(Math.round(seconds / size), u);
        }
        return rtf.format(seconds, 'second');
      },
      absolute(iso) {
        const d = parse(iso);
        return d ? `${abs.format(d)} KST` : (iso ?? t('common.none'));
      },
      duration(ms) {
        if (ms < 1000) return unit('millisecond', Math.round(ms));
        if (ms < 90_000) return unit('second', Math.round(ms / 1000));
        if (ms < 90 * 60_000) return unit('minute', ms / 60_000);
        if (ms < 48 * 3600_000) return unit('hour', ms / 3600_000);
        return unit('day', ms / 86_400_000);
      },
      compact: (n) => compactFmt.format(n),
      number: (n) => numberFmt.format(n),
    };
  }, [locale, t]);
}

/** The current time, refreshed every `intervalMs` (relative times stay true without a reload). */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

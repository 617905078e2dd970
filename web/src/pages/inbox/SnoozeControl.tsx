import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { DISPLAY_TIME_ZONE, useTimeFormat } from '../../time.js';
import type { Conversation } from './inboxApi.js';

/** `YYYY-MM-DDTHH:MM` on the Seoul clock for an instant (what a datetime-local input holds here). */
function toLocalInput(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: DISPLAY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** A datetime-local value read on the Seoul clock (KST has no daylight saving: always +09:00). */
function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}:00+09:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** 09:00 KST on the day `days` after today (Seoul). */
function morning(now: number, days: number): number {
  const today = toLocalInput(now).slice(0, 10);
  return Date.parse(`${today}T09:00:00+09:00`) + days * 86_400_000;
}

/** Snooze until a chosen time (Seoul clock), with quick picks; or wake a snoozed conversation. */
export function SnoozeControl({ conv, disabled, now, onSnooze }: { conv: Conversation; disabled: boolean; now: number; onSnooze(until: string | null): void }) {
  const { t } = useI18n();
  const time = useTimeFormat();
  const id = useId();
  const [value, setValue] = useState(() => toLocalInput(now + 3_600_000));
  const until = fromLocalInput(value);
  const inPast = until !== undefined && Date.parse(until) <= Date.now();
  const presets: [string, number][] = [
    [t('inbox.snooze.hour'), now + 3_600_000],
    [t('inbox.snooze.tomorrow'), morning(now, 1)],
    [t('inbox.snooze.week'), morning(now, 7)],
  ];
  if (conv.status === 'snoozed') {
    return (
      <div className="field snooze">
        <span className="label-like">{t('inbox.snooze.label')}</span>
        <p className="small">{conv.snoozedUntil ? t('inbox.snooze.until', { when: time.absolute(conv.snoozedUntil) }) : t('inbox.status.snoozed')}</p>
        <button type="button" className="btn btn-small" disabled={disabled} onClick={() => onSnooze(null)}>
          {t('inbox.snooze.wake')}
        </button>
      </div>
    );
  }
  return (
    <div className="field snooze">
      <label htmlFor={id}>{t('inbox.snooze.label')}</label>
      <div className="chip-row">
        {presets.map(([label, at]) => (
          <button key={label} type="button" className="chip chip-button" disabled={disabled} onClick={() => setValue(toLocalInput(at))}>
            {label}
          </button>
        ))}
      </div>
      <div className="inline-controls">
        <input id={id} type="datetime-local" value={value} min={toLocalInput(now)} onChange={(e) => setValue(e.target.value)} disabled={disabled} aria-invalid={inPast || undefined} />
        <button type="button" className="btn btn-small" disabled={disabled || !until || inPast} onClick={() => until && onSnooze(until)}>
          {t('inbox.snooze.button')}
        </button>
      </div>
      <p className="hint">{inPast ? t('inbox.snooze.past') : t('inbox.snooze.kst')}</p>
    </div>
  );
}

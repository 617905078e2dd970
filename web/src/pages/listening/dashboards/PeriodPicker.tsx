import { useState } from 'react';
import { useI18n } from '../../../i18n/index.js';
import type { Period } from './dashboardsApi.js';

export const PRESETS = ['24h', '7d', '30d', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
const HOURS: Record<Exclude<Preset, 'custom'>, number> = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 };

/** A preset ending now (whole minutes, so repeated loads hit the same numbers). */
export function presetPeriod(p: Exclude<Preset, 'custom'>): Period {
  const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  const from = new Date(to.getTime() - HOURS[p] * 3600_000);
  return { from: from.toISOString(), to: to.toISOString(), bucket: p === '24h' ? 'hour' : 'day' };
}

/** Seoul calendar day → its first instant (UTC ISO). */
const seoulDay = (date: string, plusDays = 0) => new Date(new Date(`${date}T00:00:00+09:00`).getTime() + plusDays * 86_400_000).toISOString();
const today = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);

export function PeriodPicker({ preset, onChange }: { preset: Preset; onChange(preset: Preset, period: Period): void }) {
  const { t } = useI18n();
  const [from, setFrom] = useState(() => new Date(Date.now() + 9 * 3600_000 - 13 * 86_400_000).toISOString().slice(0, 10));
  const [to, setTo] = useState(today);
  const [bucket, setBucket] = useState<'hour' | 'day'>('day');
  const applyCustom = () => {
    if (!from || !to || from > to) return;
    onChange('custom', { from: seoulDay(from), to: seoulDay(to, 1), bucket });
  };
  return (
    <div className="ld-period" role="group" aria-label={t('ld.period')}>
      <div className="ld-segmented">
        {PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            className={`btn btn-small${preset === p ? ' active' : ''}`}
            aria-pressed={preset === p}
            onClick={() => (p === 'custom' ? onChange('custom', { from: seoulDay(from), to: seoulDay(to, 1), bucket }) : onChange(p, presetPeriod(p)))}
            data-period={p}
          >
            {t(`ld.period.${p}`)}
          </button>
        ))}
      </div>
      {preset === 'custom' && (
        <form
          className="ld-custom"
          onSubmit={(e) => {
            e.preventDefault();
            applyCustom();
          }}
        >
          <label>
            <span className="visually-hidden">{t('ld.period.from')}</span>
            <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <span aria-hidden="true">–</span>
          <label>
            <span className="visually-hidden">{t('ld.period.to')}</span>
            <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
          </label>
          <select value={bucket} onChange={(e) => setBucket(e.target.value as 'hour' | 'day')} aria-label={t('ld.period.bucket')}>
            <option value="hour">{t('ld.period.hour')}</option>
            <option value="day">{t('ld.period.day')}</option>
          </select>
          <button type="submit" className="btn btn-small">
            {t('ld.period.apply')}
          </button>
        </form>
      )}
    </div>
  );
}

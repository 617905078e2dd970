import { useI18n } from '../../i18n/index.js';
import type { SentimentShares } from './networkApi.js';

/** A number with `digits` significant decimals, or a dash; very small scores in scientific form. */
export function formatScore(v: number | null | undefined, digits: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v !== 0 && Math.abs(v) < 10 ** -digits) return v.toExponential(1);
  return v.toFixed(digits);
}

export function formatCount(v: number | null | undefined, locale: string): string {
  if (v === null || v === undefined) return '—';
  return new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { notation: v >= 100_000 ? 'compact' : 'standard' }).format(v);
}

const COLORS = { negative: '#c0392b', neutral: '#9aa5b1', positive: '#1c7a47' } as const;

/** Shares of the author's labelled items by sentiment, as a small stacked bar with a text equivalent. */
export function SentimentBar({ s }: { s: SentimentShares | null }) {
  const { t } = useI18n();
  if (!s || s.labelled === 0) return <span className="muted">—</span>;
  const parts = (['negative', 'neutral', 'positive'] as const).filter((k) => s[k] > 0);
  const text = parts.map((k) => `${t(`network.sentiment.${k}`)} ${Math.round(s[k] * 100)}%`).join(', ');
  return (
    <span className="sentiment-bar" title={text}>
      <span className="bar" aria-hidden="true">
        {parts.map((k) => (
          <span key={k} style={{ width: `${s[k] * 100}%`, background: COLORS[k] }} />
        ))}
      </span>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}

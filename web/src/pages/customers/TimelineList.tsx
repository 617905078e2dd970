import { channelLabel } from '../../channelLabel.js';
import { useI18n } from '../../i18n/index.js';
import type { CustomerActivity, TimelineEntry } from './customersApi.js';

type Row = { at: string; entry: TimelineEntry } | { at: string; act: CustomerActivity };

/**
 * One timeline: the customer's posts and messages (with the bank's published post they answer, if any)
 * and the clicks and conversions of links sent to them in private replies, newest first.
 */
export function TimelineList({ entries, activity }: { entries: TimelineEntry[]; activity: CustomerActivity[] }) {
  const { t, tMaybe, formatDateTime } = useI18n();
  const rows: Row[] = [...entries.map((entry) => ({ at: entry.item.createdAt, entry })), ...activity.map((act) => ({ at: act.at, act }))].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return (
    <ul className="plain-list" data-testid="timeline-list">
      {rows.map((r) =>
        'entry' in r ? (
          <li key={r.entry.item.id} className="small" data-testid="timeline-item">
            <span className="muted">
              {formatDateTime(r.at)} · {channelLabel(tMaybe, r.entry.item.channel)}
            </span>{' '}
            {r.entry.sentiment !== null && <span className={r.entry.sentiment < -0.2 ? 'badge badge-warn' : 'badge badge-info'}>{r.entry.sentiment.toFixed(2)}</span>} <span translate="no">{r.entry.item.text}</span>
            {r.entry.engagedPost && (
              <span className="muted" data-testid="timeline-engaged">
                {' '}
                · {t('cust.act.engaged')} <span translate="no">{r.entry.engagedPost.title}</span>
              </span>
            )}
          </li>
        ) : (
          <li key={`${r.act.kind}-${r.act.at}-${r.act.linkId}`} className="small" data-testid={`timeline-${r.act.kind}`}>
            <span className="muted">{formatDateTime(r.at)}</span>{' '}
            {r.act.kind === 'link_click' ? (
              <>
                {t('cust.act.click')} <span translate="no">{r.act.target}</span>
              </>
            ) : (
              <>
                {t('cust.act.conversion')} <span translate="no">{tMaybe(`conversion.type.${r.act.type}`) ?? r.act.type}</span>
                {r.act.value !== null ? ` (${r.act.value.toLocaleString()})` : ''}
              </>
            )}
          </li>
        ),
      )}
    </ul>
  );
}

import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { publishingApi, type CalendarEntry } from './publishingApi.js';
import { kstDay, StatusBadge, useTargetLabel } from './shared.js';

const DAY = 86_400_000;
/** The first day (KST midnight, as an instant) of the month `offset` months from now. */
function monthStart(offset: number): { year: number; month: number } {
  const now = new Date(Date.now() + 9 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() };
}
const kstMidnight = (y: number, m: number, d: number) => Date.UTC(y, m, d) - 9 * 3_600_000;

/** Month view: posts by their Seoul day; drag one to another day to move it (its time of day kept). */
export function CalendarPanel({ onOpen }: { onOpen(postId: string): void }) {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const label = useTargetLabel();
  const w = workspace.id;
  const [offset, setOffset] = useState(0);
  const [target, setTarget] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { year, month } = monthStart(offset);
  const first = kstMidnight(year, month, 1);
  const lead = new Date(Date.UTC(year, month, 1)).getUTCDay();
  const gridStart = first - lead * DAY;
  const days = Array.from({ length: 42 }, (_, i) => gridStart + i * DAY);
  const meta = useLoad(() => Promise.all([publishingApi.targets(w), publishingApi.campaigns(w)]), [w]);
  const cal = useLoad(() => publishingApi.calendar(w, new Date(gridStart).toISOString(), new Date(gridStart + 42 * DAY).toISOString(), target || undefined, campaignId || undefined), [w, gridStart, target, campaignId]);

  const byDay = new Map<string, CalendarEntry[]>();
  for (const e of cal.data?.entries ?? []) byDay.set(kstDay(e.scheduledAt), [...(byDay.get(kstDay(e.scheduledAt)) ?? []), e]);
  const move = async (postId: string, dayStart: number) => {
    const entry = cal.data?.entries.find((e) => e.postId === postId);
    if (!entry) return;
    const timeOfDay = (Date.parse(entry.scheduledAt) + 9 * 3_600_000) % DAY;
    setError(null);
    try {
      await publishingApi.reschedule(w, postId, new Date(dayStart + timeOfDay).toISOString());
      setNotice(t('pub.cal.moved'));
      cal.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const monthLabel = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month, 1)));
  return (
    <div className="card pub-calendar">
      <div className="pub-cal-bar">
        <button type="button" className="btn btn-small" onClick={() => setOffset(offset - 1)} aria-label={t('pub.cal.prev')}>
          ‹
        </button>
        <strong data-testid="pub-month">{monthLabel}</strong>
        <button type="button" className="btn btn-small" onClick={() => setOffset(offset + 1)} aria-label={t('pub.cal.next')}>
          ›
        </button>
        <select aria-label={t('pub.compose.channels')} value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">{t('pub.cal.allChannels')}</option>
          {meta.data?.[0].targets.map((x) => (
            <option key={x} value={x}>
              {label(x)}
            </option>
          ))}
        </select>
        <select aria-label={t('pub.compose.campaign')} value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
          <option value="">{t('pub.cal.allCampaigns')}</option>
          {meta.data?.[1].campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <p className="hint">{t('pub.cal.dragHint')}</p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {notice && <p className="alert alert-success">{notice}</p>}
      <div className="pub-grid" role="grid">
        {[0, 1, 2, 3, 4, 5, 6].map((d) => (
          <div key={d} className="pub-grid-head" role="columnheader">
            {t(`pub.day.${d}` as never)}
          </div>
        ))}
        {days.map((start) => {
          const key = new Date(start + 9 * 3_600_000).toISOString().slice(0, 10);
          const inMonth = Number(key.slice(5, 7)) - 1 === month;
          return (
            <div
              key={key}
              role="gridcell"
              data-day={key}
              className={`pub-day ${inMonth ? '' : 'other'}`}
              onDragOver={(e) => can('publishing.compose') && e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                const id = e.dataTransfer.getData('text/plain');
                if (id) void move(id, start);
              }}
            >
              <span className="pub-day-n">{Number(key.slice(8))}</span>
              {(byDay.get(key) ?? []).map((e) => (
                <button type="button" key={e.postId} className={`pub-entry status-${e.status}`} draggable onDragStart={(ev) => ev.dataTransfer.setData('text/plain', e.postId)} onClick={() => onOpen(e.postId)} data-entry={e.postId}>
                  <span className="nowrap">{new Date(Date.parse(e.scheduledAt) + 9 * 3_600_000).toISOString().slice(11, 16)}</span> {e.title || e.excerpt} <StatusBadge status={e.status} />
                  <span className="muted small"> {e.variants.map((v) => label(v.target)).join(', ')}</span>
                </button>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

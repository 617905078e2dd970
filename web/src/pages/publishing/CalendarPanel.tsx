import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { publishingApi, type CalendarEntry } from './publishingApi.js';
import { kstDay, StatusBadge, useTargetLabel } from './shared.js';
import { WeekView } from './WeekView.js';

const DAY = 86_400_000;
/** The first day (KST midnight, as an instant) of the month `offset` months from now. */
function monthStart(offset: number): { year: number; month: number } {
  const now = new Date(Date.now() + 9 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() };
}
const kstMidnight = (y: number, m: number, d: number) => Date.UTC(y, m, d) - 9 * 3_600_000;
/** The Sunday (KST midnight, as an instant) of the week `offset` weeks from now. */
function weekStart(offset: number): number {
  const now = new Date(Date.now() + 9 * 3_600_000);
  return kstMidnight(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - now.getUTCDay() + offset * 7);
}

/**
 * Month view (posts by their Seoul day; drag one to another day to move it, its time of day kept) and
 * week view (by day and hour; drag to another day and hour).
 */
export function CalendarPanel({ onOpen }: { onOpen(postId: string): void }) {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const label = useTargetLabel();
  const w = workspace.id;
  const [view, setView] = useState<'month' | 'week'>('month');
  const [offset, setOffset] = useState(0);
  const [weekOffset, setWeekOffset] = useState(0);
  const [target, setTarget] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { year, month } = monthStart(offset);
  const first = kstMidnight(year, month, 1);
  const lead = new Date(Date.UTC(year, month, 1)).getUTCDay();
  const gridStart = first - lead * DAY;
  const days = Array.from({ length: 42 }, (_, i) => gridStart + i * DAY);
  const week = weekStart(weekOffset);
  const [from, to] = view === 'month' ? [gridStart, gridStart + 42 * DAY] : [week, week + 7 * DAY];
  const meta = useLoad(() => Promise.all([publishingApi.targets(w), publishingApi.campaigns(w)]), [w]);
  const cal = useLoad(() => publishingApi.calendar(w, new Date(from).toISOString(), new Date(to).toISOString(), target || undefined, campaignId || undefined), [w, from, to, target, campaignId]);

  const byDay = new Map<string, CalendarEntry[]>();
  for (const e of cal.data?.entries ?? []) byDay.set(kstDay(e.scheduledAt), [...(byDay.get(kstDay(e.scheduledAt)) ?? []), e]);
  const move = async (postId: string, dayStart: number) => {
    const entry = cal.data?.entries.find((e) => e.postId === postId);
    if (!entry) return;
    const timeOfDay = (Date.parse(entry.scheduledAt) + 9 * 3_600_000) % DAY;
    await moveTo(postId, dayStart + timeOfDay);
  };
  const moveTo = async (postId: string, at: number) => {
    setError(null);
    setNotice(null);
    try {
      const moved = await publishingApi.reschedule(w, postId, new Date(at).toISOString());
      setNotice(moved.status === 'in_review' ? t('pub.cal.movedReapprove') : t('pub.cal.moved'));
      cal.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const monthLabel =
    view === 'month'
      ? new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month, 1)))
      : t('pub.cal.weekOf', { from: new Date(week + 9 * 3_600_000).toISOString().slice(0, 10), to: new Date(week + 6 * DAY + 9 * 3_600_000).toISOString().slice(0, 10) });
  const step = (n: number) => (view === 'month' ? setOffset(offset + n) : setWeekOffset(weekOffset + n));
  return (
    <div className="card pub-calendar">
      <div className="pub-cal-bar">
        <div className="tabs" role="group" aria-label={t('pub.cal.view')}>
          {(['month', 'week'] as const).map((v) => (
            <button key={v} type="button" className={`tab ${view === v ? 'active' : ''}`} aria-pressed={view === v} onClick={() => setView(v)} data-view={v}>
              {t(`pub.cal.${v}`)}
            </button>
          ))}
        </div>
        <button type="button" className="btn btn-small" onClick={() => step(-1)} aria-label={view === 'month' ? t('pub.cal.prev') : t('pub.cal.prevWeek')}>
          ‹
        </button>
        <strong data-testid="pub-month">{monthLabel}</strong>
        <button type="button" className="btn btn-small" onClick={() => step(1)} aria-label={view === 'month' ? t('pub.cal.next') : t('pub.cal.nextWeek')}>
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
      <p className="hint">{view === 'month' ? t('pub.cal.dragHint') : t('pub.cal.dragHintWeek')}</p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="alert alert-success" role="status" data-testid="pub-cal-notice">
          {notice}
        </p>
      )}
      {view === 'week' && <WeekView start={week} entries={cal.data?.entries ?? []} canMove={can('publishing.compose')} onMove={(id, at) => void moveTo(id, at)} onOpen={onOpen} />}
      {view === 'month' && (
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
                  <button
                    type="button"
                    key={e.postId}
                    className={`pub-entry status-${e.status}`}
                    draggable={can('publishing.compose')}
                    onDragStart={(ev) => ev.dataTransfer.setData('text/plain', e.postId)}
                    onClick={() => onOpen(e.postId)}
                    data-entry={e.postId}
                  >
                    <span className="nowrap">{new Date(Date.parse(e.scheduledAt) + 9 * 3_600_000).toISOString().slice(11, 16)}</span> <span translate="no">{e.title || e.excerpt}</span> <StatusBadge status={e.status} />
                    <span className="muted small"> {e.variants.map((v) => label(v.target)).join(', ')}</span>
                  </button>
                ))}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

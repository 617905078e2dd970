import { useI18n } from '../../i18n/index.js';
import type { CalendarEntry } from './publishingApi.js';
import { StatusBadge, useTargetLabel } from './shared.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const KST = 9 * HOUR;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** The Seoul day (YYYY-MM-DD) and hour of an instant. */
const kstDayHour = (ms: number) => {
  const s = new Date(ms + KST).toISOString();
  return { day: s.slice(0, 10), hour: Number(s.slice(11, 13)) };
};

/**
 * Week view: seven Seoul days by 24 hours; each post sits in its day and hour. Dropping a post on another
 * cell moves it to that day and hour, keeping its minutes (the approval rule may ask for approval again).
 */
export function WeekView({ start, entries, canMove, onMove, onOpen }: { start: number; entries: CalendarEntry[]; canMove: boolean; onMove(postId: string, at: number): void; onOpen(postId: string): void }) {
  const { t } = useI18n();
  const label = useTargetLabel();
  const days = Array.from({ length: 7 }, (_, i) => start + i * DAY);
  const cells = new Map<string, CalendarEntry[]>();
  for (const e of entries) {
    const { day, hour } = kstDayHour(Date.parse(e.scheduledAt));
    const key = `${day}|${hour}`;
    cells.set(key, [...(cells.get(key) ?? []), e]);
  }
  const minutes = (postId: string) => {
    const e = entries.find((x) => x.postId === postId);
    return e ? Date.parse(e.scheduledAt) % HOUR : 0;
  };
  return (
    <div className="pub-week" role="grid" data-testid="pub-week">
      <div className="pub-week-corner" role="columnheader" />
      {days.map((d) => {
        const key = kstDayHour(d).day;
        return (
          <div key={key} className="pub-grid-head" role="columnheader">
            {t(`pub.day.${new Date(d + KST).getUTCDay()}` as never)} {Number(key.slice(8))}
          </div>
        );
      })}
      {HOURS.map((h) => (
        <div key={h} className="pub-week-row" role="row">
          <div className="pub-week-hour" role="rowheader">
            {String(h).padStart(2, '0')}:00
          </div>
          {days.map((d) => {
            const day = kstDayHour(d).day;
            const at = d + h * HOUR;
            return (
              <div
                key={day}
                role="gridcell"
                className="pub-week-cell"
                data-slot={`${day}T${String(h).padStart(2, '0')}`}
                onDragOver={(e) => canMove && e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  const id = e.dataTransfer.getData('text/plain');
                  if (id) onMove(id, at + minutes(id));
                }}
              >
                {(cells.get(`${day}|${h}`) ?? []).map((e) => (
                  <button
                    type="button"
                    key={e.postId}
                    className={`pub-entry status-${e.status}`}
                    draggable={canMove}
                    onDragStart={(ev) => ev.dataTransfer.setData('text/plain', e.postId)}
                    onClick={() => onOpen(e.postId)}
                    data-entry={e.postId}
                  >
                    <span className="nowrap">{new Date(Date.parse(e.scheduledAt) + KST).toISOString().slice(11, 16)}</span> <span translate="no">{e.title || e.excerpt}</span> <StatusBadge status={e.status} />
                    <span className="muted small"> {e.variants.map((v) => label(v.target)).join(', ')}</span>
                  </button>
                ))}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}

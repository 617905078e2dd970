import { useEffect, useRef, useState } from 'react';
import { channelLabel } from '../../../channelLabel.js';
import { Icon } from '../../../components/Icon.js';
import { useI18n } from '../../../i18n/index.js';
import { useNow } from '../../../time.js';
import { useWorkspace } from '../../../workspace.js';
import { ItemCard } from '../ItemCard.js';
import { dashboardsApi, type DrillItem, type Period } from './dashboardsApi.js';
import type { DrillRequest } from './DashboardView.js';

/** Side panel: the items behind the clicked bucket or segment (GET …/items), paged by cursor. */
export function DrillPanel({ request, period, onClose }: { request: DrillRequest; period: Period; onClose(): void }) {
  const { t, tMaybe, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const now = useNow();
  const [items, setItems] = useState<DrillItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const head = useRef<HTMLHeadingElement>(null);
  const run = useRef(0);

  const load = (after: string | null) => {
    const mine = ++run.current;
    setLoading(true);
    setError(null);
    dashboardsApi
      .drill(workspace.id, request.target, period, request.drill, after ?? undefined)
      .then((r) => {
        if (mine !== run.current) return;
        setItems((old) => (after ? [...old, ...r.items] : r.items));
        setCursor(r.nextCursor);
      })
      .catch((err: unknown) => mine === run.current && setError(err))
      .finally(() => mine === run.current && setLoading(false));
  };

  useEffect(() => {
    setItems([]);
    load(null);
    head.current?.focus();
    // A new request (another bar) starts over.
  }, [request, period, workspace.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className="ld-drill" aria-labelledby="ld-drill-title" data-testid="drill-panel">
      <div className="ld-drill-head">
        <h2 id="ld-drill-title" ref={head} tabIndex={-1}>
          {request.title}
        </h2>
        <button type="button" className="icon-btn" aria-label={t('common.close')} onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>
      <div className="ld-drill-body">
        {error !== null && (
          <p className="alert alert-error" role="alert">
            {errorText(error)}
          </p>
        )}
        {!loading && items.length === 0 && error === null && <p className="muted">{t('ld.drill.empty')}</p>}
        <div className="item-stream" role="feed" aria-busy={loading}>
          {items.map((item) => (
            <ItemCard key={item.id} item={item} channelName={channelLabel(tMaybe, item.channel)} fresh={false} now={now} />
          ))}
        </div>
        <div className="list-foot">
          {loading ? (
            <span role="status">{t('common.loading')}</span>
          ) : (
            <span className="muted small" data-testid="drill-count">
              {t('listening.count', { n: items.length })}
            </span>
          )}
          {!loading && cursor && (
            <button type="button" className="btn" onClick={() => load(cursor)}>
              {t('listening.loadMore')}
            </button>
          )}
        </div>
      </div>
    </aside>
  );
}

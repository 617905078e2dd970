import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { accountLabel, channelLabel } from '../channelLabel.js';
import { Icon } from '../components/Icon.js';
import { useI18n } from '../i18n/index.js';
import { listeningApi, type Item, type ItemChange } from '../listeningApi.js';
import { href } from '../router.js';
import { useNow } from '../time.js';
import { useLoad } from '../useLoad.js';
import { useLiveItems, type LiveState } from '../useLiveItems.js';
import { useWorkspace } from '../workspace.js';
import { ItemCard } from './listening/ItemCard.js';
import { ListeningFilters, NO_FILTERS, type Filters } from './listening/ListeningFilters.js';
import { ListeningNav } from './listening/dashboards/ListeningTabs.js';

const PAGE = 30;

/** The same test the server applies (text search roughly: the server's is Korean-aware). */
function matches(item: Item, f: Filters): boolean {
  if (f.channel && item.channel !== f.channel) return false;
  if (f.accountId && item.accountId !== f.accountId) return false;
  if (f.kind && item.kind !== f.kind) return false;
  if (f.lang && item.lang !== f.lang) return false;
  if (f.q) {
    const q = f.q.toLocaleLowerCase();
    if (!`${item.title ?? ''}\n${item.text}`.toLocaleLowerCase().includes(q)) return false;
  }
  return true;
}

/** Puts `incoming` on top, newest first; an item already in the list is replaced where it is. */
/** Newest post first, by the post's own time ("1분 전" above "1시간 전"), whenever it arrived. */
const byPostTime = (a: Item, b: Item) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function prepend(list: Item[], incoming: Item[]): Item[] {
  const ids = new Set(list.map((i) => i.id));
  const add = incoming.filter((i) => !ids.has(i.id));
  const updated = new Map(incoming.filter((i) => ids.has(i.id)).map((i) => [i.id, i]));
  return [...add, ...list.map((i) => updated.get(i.id) ?? i)].sort(byPostTime);
}

const LIVE_LABEL: Record<LiveState, 'listening.live.open' | 'listening.live.connecting' | 'listening.live.reconnecting' | 'listening.live.unsupported'> = {
  open: 'listening.live.open',
  connecting: 'listening.live.connecting',
  reconnecting: 'listening.live.reconnecting',
  unsupported: 'listening.live.unsupported',
};

export function ListeningPage() {
  const { t, tMaybe, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const now = useNow();
  const channels = useLoad(() => listeningApi.channels(workspace.id).then((r) => r.channels), [workspace.id]);
  const accounts = useLoad(() => listeningApi.accounts(workspace.id).then((r) => r.accounts), [workspace.id]);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [items, setItems] = useState<Item[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [loading, setLoading] = useState<'first' | 'more' | null>('first');
  const [error, setError] = useState<unknown>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState<Item[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const run = useRef(0);
  const current = useRef({ filters, paused, fresh });
  current.current = { filters, paused, fresh };

  const fetchPage = useCallback(
    (f: Filters, before: string | null, mode: 'replace' | 'append' | 'merge') => {
      const mine = ++run.current;
      if (mode !== 'merge') setLoading(before ? 'more' : 'first');
      setError(null);
      listeningApi
        .items(workspace.id, { ...f, before: before ?? undefined, limit: PAGE })
        .then((page) => {
          if (mine !== run.current) return;
          if (mode === 'append') setItems((old) => [...old, ...page.items.filter((i) => !old.some((o) => o.id === i.id))]);
          else if (mode === 'merge')
            setItems((old) =>
              prepend(
                old,
                page.items.filter((i) => !old.some((o) => o.id === i.id)),
              ),
            );
          else {
            // Keep what arrived live while the page was on its way.
            const pageIds = new Set(page.items.map((i) => i.id));
            setItems((old) => [...old.filter((i) => current.current.fresh.has(i.id) && !pageIds.has(i.id) && matches(i, f)), ...page.items]);
          }
          if (mode !== 'merge') setNextBefore(page.nextBefore);
        })
        .catch((err: unknown) => mine === run.current && setError(err))
        .finally(() => mine === run.current && setLoading(null));
    },
    [workspace.id],
  );

  useEffect(() => {
    setHeld([]);
    fetchPage(filters, null, 'replace');
  }, [fetchPage, filters]);

  const onChange = useCallback(
    (c: ItemChange) => {
      const { filters: f, paused: isPaused } = current.current;
      const item = c.item;
      if (c.change !== 'created') {
        // Edits and deletions show in place, paused or not.
        const swap = (list: Item[]) => (list.some((i) => i.id === item.id) ? list.map((i) => (i.id === item.id ? item : i)) : list);
        setItems(swap);
        setHeld(swap);
        return;
      }
      if (!matches(item, f)) return;
      if (isPaused) {
        setHeld((h) => prepend(h, [item]));
        return;
      }
      setFresh((s) => new Set(s).add(item.id));
      setItems((list) => prepend(list, [item]));
      setAnnouncement(`${t('listening.arrived')} ${item.author.name || item.author.handle || ''}: ${item.text.slice(0, 80)}`);
    },
    [t],
  );

  const onReconnect = useCallback(() => fetchPage(current.current.filters, null, 'merge'), [fetchPage]);
  // A refused stream may mean the session ended: a plain request lets the app notice and ask to sign in.
  const onRefused = useCallback(() => void listeningApi.items(workspace.id, { limit: 1 }).catch(() => undefined), [workspace.id]);
  const live = useLiveItems(listeningApi.liveUrl(workspace.id), onChange, onReconnect, onRefused);

  const showHeld = () => {
    setFresh((s) => new Set([...s, ...held.map((i) => i.id)]));
    setItems((list) => prepend(list, held));
    setHeld([]);
  };
  const togglePause = () => {
    if (paused) showHeld();
    setPaused((p) => !p);
  };

  const channelNames = useMemo(() => new Map((channels.data ?? []).map((c) => [c.type, c.name])), [channels.data]);
  const accountNames = useMemo(() => new Map((accounts.data ?? []).map((a) => [a.id, accountLabel(t, a)])), [accounts.data, t]);
  const filtered = Object.values(filters).some((v) => v !== '');

  return (
    <section className="page listening" aria-labelledby="page-title">
      <header className="page-header with-action">
        <div>
          <h1 id="page-title">{t('nav.listening')}</h1>
          <p className="muted">{t('listening.intro')}</p>
        </div>
        <div className="live-controls">
          <span className={`live-state live-${paused ? 'paused' : live}`} role="status" data-testid="live-state">
            <span className="live-dot" aria-hidden="true" />
            {paused ? t('listening.live.paused') : t(LIVE_LABEL[live])}
          </span>
          <button type="button" className="btn" aria-pressed={paused} onClick={togglePause} data-testid="pause-stream">
            <Icon name={paused ? 'play' : 'pause'} size={16} />
            {paused ? t('listening.resumeStream') : t('listening.pauseStream')}
          </button>
        </div>
      </header>

      <ListeningNav />

      <ListeningFilters value={filters} onChange={setFilters} channels={channels.data ?? []} accounts={accounts.data ?? []} />

      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>

      {held.length > 0 && (
        <button type="button" className="held-banner" onClick={showHeld}>
          {t('listening.held', { n: held.length })}
        </button>
      )}

      {error !== null && (
        <div className="alert alert-error" role="alert">
          {errorText(error)}{' '}
          <button type="button" className="btn btn-small" onClick={() => fetchPage(filters, items.length ? nextBefore : null, items.length ? 'append' : 'replace')}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {loading === 'first' && items.length === 0 ? (
        <p role="status">{t('common.loading')}</p>
      ) : items.length === 0 && error === null ? (
        <div className="empty">
          <p>{filtered ? t('listening.emptyFiltered') : t('listening.empty')}</p>
          {!filtered && can('channels.manage') && <a href={href('/settings/channels')}>{t('listening.connectLink')}</a>}
        </div>
      ) : (
        <div className="item-stream" aria-label={t('listening.stream')} role="feed" aria-busy={loading !== null} data-testid="item-stream">
          {items.map((item) => (
            <ItemCard key={item.id} item={item} channelName={channelLabel(tMaybe, item.channel, channelNames.get(item.channel))} accountName={accountNames.get(item.accountId)} fresh={fresh.has(item.id)} now={now} />
          ))}
        </div>
      )}

      <div className="list-foot">
        {loading !== null && items.length > 0 ? <span role="status">{t('common.loading')}</span> : items.length > 0 && <span className="muted small">{t('listening.count', { n: items.length })}</span>}
        {loading === null && nextBefore !== null && (
          <button type="button" className="btn" onClick={() => fetchPage(filters, nextBefore, 'append')}>
            {t('listening.loadMore')}
          </button>
        )}
        {loading === null && nextBefore === null && items.length > 0 && <span className="muted small">{t('listening.end')}</span>}
      </div>
    </section>
  );
}

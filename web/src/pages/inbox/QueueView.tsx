import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { listeningApi } from '../../listeningApi.js';
import { href, navigate } from '../../router.js';
import { useNow } from '../../time.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { BulkBar } from './BulkBar.js';
import { useTeams } from './directory.js';
import { inboxApi, type Patch } from './inboxApi.js';
import { LiveBadge } from './LiveBadge.js';
import { MyAvailability } from './MyAvailability.js';
import { QueueRow } from './QueueRow.js';
import { QueueSidebar } from './QueueSidebar.js';
import { rememberChoice, rememberedChoice, rememberOrder, type QueueChoice } from './queueModel.js';
import { ShortcutHelp, useShortcuts } from './shortcuts.js';
import { requestReplyFocus } from './focus.js';
import { useQueue } from './useQueue.js';

export function QueueView() {
  const { t, errorText } = useI18n();
  const { workspace, me, can } = useWorkspace();
  const now = useNow(10_000);
  const [choice, setChoiceState] = useState<QueueChoice>(rememberedChoice);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [help, setHelp] = useState(false);
  const keepRef = useRef({ activeId, checked });
  keepRef.current = { activeId, checked };
  const keep = useCallback(() => new Set([...keepRef.current.checked, ...(keepRef.current.activeId ? [keepRef.current.activeId] : [])]), []);
  const queue = useQueue(choice, keep);
  const teams = useTeams();
  // Every member may read the channel types the server has; none is written out here.
  const channels = useLoad(() => listeningApi.channels(workspace.id).then((r) => r.channels.map((c) => ({ type: c.type, name: c.name }))), [workspace.id]);
  const channelList: { type: string; name?: string }[] = channels.data ?? [];
  const channelNames = useMemo(() => new Map(channelList.map((c) => [c.type, c.name])), [channelList]);
  const rows = useRef(new Map<string, HTMLAnchorElement>());
  const searchRef = useRef<HTMLInputElement>(null);
  const canReply = can('inbox.reply');

  const setChoice = useCallback((c: QueueChoice) => {
    rememberChoice(c);
    setChoiceState(c);
    setChecked(new Set());
  }, []);

  useEffect(() => rememberOrder(queue.list.map((c) => c.id)), [queue.list]);
  useEffect(() => {
    // The selection only holds conversations still listed.
    setChecked((s) => (s.size && [...s].some((id) => !queue.list.some((c) => c.id === id)) ? new Set([...s].filter((id) => queue.list.some((c) => c.id === id))) : s));
  }, [queue.list]);

  const index = queue.list.findIndex((c) => c.id === activeId);
  const move = (step: number) => {
    if (queue.list.length === 0) return;
    const next = queue.list[Math.min(queue.list.length - 1, Math.max(0, index < 0 ? 0 : index + step))]!;
    setActiveId(next.id);
    rows.current.get(next.id)?.focus();
    rows.current.get(next.id)?.scrollIntoView({ block: 'nearest' });
  };

  const run = async (ids: string[], patch: Patch | { addTag: string }) => {
    if (ids.length === 0 || busy) return;
    setBusy(true);
    setNotice(null);
    try {
      if ('addTag' in patch) {
        const tag = patch.addTag;
        const targets = queue.list.filter((c) => ids.includes(c.id));
        for (const c of targets) if (!c.tags.includes(tag)) queue.put((await inboxApi.update(workspace.id, c.id, { tags: [...c.tags, tag] })).conversation);
      } else {
        const p = patch.assigneeId === 'me' ? { ...patch, assigneeId: me.id } : patch;
        if (ids.length === 1) queue.put((await inboxApi.update(workspace.id, ids[0]!, p)).conversation);
        else await inboxApi.bulk(workspace.id, ids, p);
      }
      setNotice({ kind: 'ok', text: t('inbox.bulk.done', { n: ids.length }) });
      setChecked(new Set());
      if (ids.length > 1) queue.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  const targets = () => (checked.size ? [...checked] : activeId ? [activeId] : []);
  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    Enter: () => activeId && navigate(`/inbox/${activeId}`),
    x: () => activeId && setChecked((s) => toggle(s, activeId)),
    r: () => {
      if (!activeId) return;
      requestReplyFocus();
      navigate(`/inbox/${activeId}`);
    },
    e: () => canReply && void run(targets(), { status: 'resolved' }),
    a: () => canReply && void run(targets(), { assigneeId: 'me' }),
    '/': () => searchRef.current?.focus(),
    '?': () => setHelp(true),
  });

  const allChecked = queue.list.length > 0 && queue.list.every((c) => checked.has(c.id));
  const multiStatus = choice.view === 'resolved' || choice.view === 'mine';

  return (
    <section className="page inbox" aria-labelledby="page-title">
      <header className="page-header with-action">
        <div>
          <h1 id="page-title">{t('nav.inbox')}</h1>
          <p className="muted">{t(`inbox.viewIntro.${choice.view}`)}</p>
        </div>
        <div className="live-controls">
          <LiveBadge state={queue.live} />
          <MyAvailability />
          <button type="button" className="btn btn-small" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            {t('inbox.keys.button')}
          </button>
          <a className="btn btn-small" href={href('/inbox/reports')} data-testid="reports-link">
            {t('reports.link')}
          </a>
        </div>
      </header>

      <div className="q-layout">
        <QueueSidebar value={choice} onChange={setChoice} channels={channelList} teams={teams} searchRef={searchRef} />

        <div className="q-list-wrap">
          <div className="visually-hidden" aria-live="polite">
            {queue.announcement && `${t('inbox.arrived')} ${queue.announcement}`}
          </div>
          {notice && (
            <p className={`alert ${notice.kind === 'ok' ? 'alert-success' : 'alert-error'}`} role={notice.kind === 'ok' ? 'status' : 'alert'}>
              {notice.text}
            </p>
          )}
          <div className="q-toolbar">
            <label className="check-label small">
              <input type="checkbox" checked={allChecked} disabled={queue.list.length === 0} onChange={(e) => setChecked(e.target.checked ? new Set(queue.list.map((c) => c.id)) : new Set())} />
              {t('inbox.selectAll')}
            </label>
            {checked.size > 0 && <BulkBar count={checked.size} busy={busy} canReply={canReply} onApply={(p) => void run([...checked], p)} onClear={() => setChecked(new Set())} />}
          </div>

          {queue.error !== null && (
            <div className="alert alert-error" role="alert">
              {errorText(queue.error)}{' '}
              <button type="button" className="btn btn-small" onClick={queue.reload}>
                {t('common.retry')}
              </button>
            </div>
          )}

          {queue.loading === 'first' && queue.list.length === 0 ? (
            <p role="status">{t('common.loading')}</p>
          ) : queue.list.length === 0 && queue.error === null ? (
            <div className="empty">
              <p>{t('inbox.empty')}</p>
              {choice.view === 'mine' && (
                <button type="button" className="btn" onClick={() => setChoice({ ...choice, view: 'unassigned' })}>
                  {t('inbox.pickUnassigned')}
                </button>
              )}
            </div>
          ) : (
            <ul className="q-list" aria-label={t('inbox.queue')} data-testid="queue" aria-busy={queue.loading !== null}>
              {queue.list.map((conv) => (
                <QueueRow
                  key={conv.id}
                  ref={(el) => {
                    if (el) rows.current.set(conv.id, el);
                    else rows.current.delete(conv.id);
                  }}
                  conv={conv}
                  active={conv.id === activeId}
                  checked={checked.has(conv.id)}
                  fresh={queue.fresh.has(conv.id)}
                  showStatus={multiStatus}
                  now={now}
                  channelName={channelNames.get(conv.channel)}
                  onCheck={(on) => setChecked((s) => toggle(s, conv.id, on))}
                  onFocus={() => setActiveId(conv.id)}
                />
              ))}
            </ul>
          )}

          <div className="list-foot">
            {queue.list.length > 0 && <span className="muted small">{t('inbox.count', { n: queue.list.length })}</span>}
            {queue.loading === null && queue.nextBefore !== null && (
              <button type="button" className="btn" onClick={queue.loadMore}>
                {t('inbox.loadMore')}
              </button>
            )}
            {queue.loading === 'more' && <span role="status">{t('common.loading')}</span>}
          </div>
        </div>
      </div>
      {help && <ShortcutHelp where="queue" onClose={() => setHelp(false)} />}
    </section>
  );
}

function toggle(set: ReadonlySet<string>, id: string, on?: boolean): ReadonlySet<string> {
  const next = new Set(set);
  if (on ?? !next.has(id)) next.add(id);
  else next.delete(id);
  return next;
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { accountLabel, channelLabel } from '../../channelLabel.js';
import { ChannelMark } from '../../components/ChannelMark.js';
import { Icon } from '../../components/Icon.js';
import { ApiError } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { listeningApi } from '../../listeningApi.js';
import { href, navigate } from '../../router.js';
import { useNow } from '../../time.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { ActionsPanel } from './ActionsPanel.js';
import { Composer, type ComposerHandle } from './Composer.js';
import { CustomerPanel } from './CustomerPanel.js';
import { LinkedCustomer } from '../customers/LinkedCustomer.js';
import { usePeople, useTeams } from './directory.js';
import { takeReplyFocus } from './focus.js';
import { inboxApi, type ConversationDetail, type Patch, type Reply } from './inboxApi.js';
import { LiveBadge } from './LiveBadge.js';
import { useLive } from './live.js';
import { MovePrivateDialog } from './MovePrivateDialog.js';
import { customerName, PriorityBadge, StatusBadge } from './people.js';
import { PresenceBar } from './PresenceBar.js';
import { neighbour } from './queueModel.js';
import { replyHints } from './replyLength.js';
import { QueueSla } from './SlaClock.js';
import { ShortcutHelp, useShortcuts } from './shortcuts.js';
import { Thread } from './Thread.js';
import { usePresence } from './usePresence.js';

export function ConversationView({ id }: { id: string }) {
  const { t, tMaybe, errorText } = useI18n();
  const { workspace, me, can } = useWorkspace();
  const now = useNow(5_000);
  const detail = useLoad(() => inboxApi.get(workspace.id, id), [workspace.id, id]);
  const accounts = useLoad(() => (can('listening.read') ? listeningApi.accounts(workspace.id).then((r) => r.accounts) : Promise.resolve([])), [workspace.id]);
  const canned = useLoad(
    () =>
      inboxApi.canned(workspace.id).then(
        (r) => r.cannedReplies,
        () => null,
      ),
    [workspace.id],
  );
  const people = usePeople();
  const teams = useTeams();
  const peopleById = useMemo(() => new Map((people ?? []).map((p) => [p.id, p])), [people]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState<ReadonlySet<string>>(new Set());
  const [help, setHelp] = useState(false);
  const [moving, setMoving] = useState(false);
  /** A resolve the server refused because a reply failed to send, waiting for "resolve anyway". */
  const [blocked, setBlocked] = useState<Patch | null>(null);
  const composer = useRef<ComposerHandle>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const setDetail = detail.setData;
  const d = detail.data;
  const conv = d?.conversation.id === id ? d.conversation : undefined;

  /** Fetches the conversation again without blanking the screen. */
  const refresh = useCallback(() => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => {
      inboxApi.get(workspace.id, id).then(
        (next) => setDetail(() => next),
        () => undefined,
      );
    }, 150);
  }, [workspace.id, id, setDetail]);
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  const live = useLive({
    conversation: (e) => {
      if (e.conversationId === id || e.conversationId === conv?.linkedConversationId) refresh();
    },
    reconnect: refresh,
  });

  // Without the live stream, a reply on its way is followed by asking every few seconds.
  const sending = d?.thread.some((e) => e.type === 'reply' && e.reply.status === 'sending') ?? false;
  useEffect(() => {
    if (!sending || live === 'open') return;
    const timer = setInterval(refresh, 4_000);
    return () => clearInterval(timer);
  }, [sending, live, refresh]);

  const presence = usePresence(id, d?.presence);

  useEffect(() => {
    if (conv && takeReplyFocus()) composer.current?.focus('reply');
  }, [conv?.id]);

  const patch = async (p: Patch) => {
    if (!conv) return;
    setBusy(true);
    setError(null);
    setBlocked(null);
    try {
      const r = await inboxApi.update(workspace.id, conv.id, p);
      setDetail((old) => (old ? { ...old, conversation: r.conversation } : old));
      refresh();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conversation.reply_failed') setBlocked(p);
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const retry = async (reply: Reply) => {
    setRetrying((s) => new Set(s).add(reply.id));
    setError(null);
    try {
      const r = await inboxApi.retry(workspace.id, reply.id);
      setDetail((old) => (old ? { ...old, thread: old.thread.map((e) => (e.type === 'reply' && e.reply.id === reply.id ? { ...e, reply: r.reply } : e)) } : old));
      refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setRetrying((s) => {
        const n = new Set(s);
        n.delete(reply.id);
        return n;
      });
    }
  };

  const onSent = (reply: Reply) => {
    setDetail((old: ConversationDetail | undefined) => (old ? { ...old, thread: [...old.thread, { type: 'reply', at: reply.createdAt, reply }] } : old));
    refresh();
  };

  const go = (step: 1 | -1) => {
    const next = neighbour(id, step);
    if (next) navigate(`/inbox/${next}`);
  };
  const canReply = can('inbox.reply');
  useShortcuts({
    r: () => composer.current?.focus('reply'),
    n: () => composer.current?.focus('note'),
    e: () => canReply && conv && conv.status !== 'resolved' && void patch({ status: 'resolved' }),
    a: () => canReply && conv && conv.assignee?.id !== me.id && void patch({ assigneeId: me.id }),
    j: () => go(1),
    k: () => go(-1),
    u: () => navigate('/inbox'),
    Escape: () => navigate('/inbox'),
    '?': () => setHelp(true),
  });

  const account = accounts.data?.find((a) => a.id === conv?.accountId);
  const hints = conv ? replyHints(conv, d?.replyLimits) : undefined;

  return (
    <section className="page inbox conversation" aria-labelledby="page-title">
      <nav className="conv-nav" aria-label={t('inbox.conversationNav')}>
        <a href={href('/inbox')} className="back-link">
          <span aria-hidden="true">←</span> {t('inbox.backToQueue')}
        </a>
        <span className="conv-nav-end">
          <LiveBadge state={live} />
          <button type="button" className="btn btn-small" disabled={!neighbour(id, -1)} onClick={() => go(-1)} aria-keyshortcuts="k">
            {t('inbox.prev')}
          </button>
          <button type="button" className="btn btn-small" disabled={!neighbour(id, 1)} onClick={() => go(1)} aria-keyshortcuts="j">
            {t('inbox.next')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            {t('inbox.keys.button')}
          </button>
        </span>
      </nav>

      {detail.error !== null && !conv ? (
        <div className="alert alert-error" role="alert">
          {errorText(detail.error)}{' '}
          <button type="button" className="btn btn-small" onClick={detail.reload}>
            {t('common.retry')}
          </button>
        </div>
      ) : !conv || !d ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <header className="conv-head">
            <h1 id="page-title">
              <ChannelMark type={conv.channel} />
              <span>
                <span translate="no">{customerName(conv.customer)}</span>
                {conv.subject ? (
                  <span className="conv-subject" translate="no">
                    {conv.subject}
                  </span>
                ) : (
                  <span className="conv-subject">{t('inbox.noText')}</span>
                )}
              </span>
            </h1>
            <div className="conv-badges">
              <StatusBadge status={conv.status} />
              <PriorityBadge priority={conv.priority} />
              {conv.isPrivate ? (
                <span className="badge badge-private">
                  <Icon name="lock" size={12} />
                  {t('inbox.private')}
                </span>
              ) : (
                <span className="badge badge-info">{t('inbox.public')}</span>
              )}
              {conv.isHistory && (
                <span className="badge badge-muted" title={t('inbox.historyHint')}>
                  {t('inbox.historyBadge')}
                </span>
              )}
              <span className="badge badge-muted">{channelLabel(tMaybe, conv.channel)}</span>
              <QueueSla conv={conv} now={now} />
              <span className="muted small">{conv.assignee ? t('inbox.assignedTo', { name: conv.assignee.name ?? t('inbox.someone') }) : t('inbox.unassigned')}</span>
            </div>
          </header>
          {error && (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          )}
          {blocked && (
            <div className="alert alert-warn" role="alert" data-testid="resolve-blocked">
              <p>{t('inbox.resolveBlocked')}</p>
              <div className="row-actions">
                <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void patch({ ...blocked, despiteFailedReply: true })}>
                  {t('inbox.resolveAnyway')}
                </button>
                <button type="button" className="btn" onClick={() => setBlocked(null)}>
                  {t('inbox.resolveCancel')}
                </button>
              </div>
            </div>
          )}
          <div className="conv-layout">
            <div className="conv-main">
              <PresenceBar others={presence.others} />
              <Thread entries={d.thread} people={peopleById} onRetry={(r) => void retry(r)} retrying={retrying} />
              {(can('inbox.reply') || can('inbox.note')) && (
                <Composer ref={composer} conv={conv} replyLimits={d?.replyLimits ?? null} people={people} canned={canned.data ?? null} onSent={onSent} onNoted={refresh} onTyping={presence.typing} />
              )}
            </div>
            <aside className="conv-side" aria-label={t('inbox.details')}>
              <ActionsPanel
                conv={conv}
                sla={d.sla}
                people={people}
                teams={teams}
                now={now}
                busy={busy}
                onPatch={(p) => void patch(p)}
                onChanged={(c) => {
                  setDetail((old) => (old ? { ...old, conversation: c } : old));
                  refresh();
                }}
                onError={(err) => setError(errorText(err))}
                {...(!conv.isPrivate && hints?.canPrivate ? { onMovePrivate: () => setMoving(true) } : {})}
              />
              <CustomerPanel conv={conv} history={d.history} accountName={account ? accountLabel(t, account) : undefined} />
              <LinkedCustomer authorId={conv.customer.id} conversationId={conv.id} />
            </aside>
          </div>
          {moving && <MovePrivateDialog conv={conv} onClose={() => setMoving(false)} onMoved={refresh} />}
        </>
      )}
      {help && <ShortcutHelp where="conversation" onClose={() => setHelp(false)} />}
    </section>
  );
}

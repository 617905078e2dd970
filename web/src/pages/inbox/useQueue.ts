import { useCallback, useEffect, useRef, useState } from 'react';
import { useWorkspace } from '../../workspace.js';
import { inboxApi, type Conversation, type ConversationEvent } from './inboxApi.js';
import { useLive } from './live.js';
import { byActivity, matches, toQuery, type QueueChoice } from './queueModel.js';

const PAGE = 50;
const SETTLE_MS = 300;

export interface Queue {
  list: Conversation[];
  nextBefore: string | null;
  loading: 'first' | 'more' | null;
  error: unknown;
  /** Arrived (or came back with new activity) since the queue opened: highlighted. */
  fresh: ReadonlySet<string>;
  /** Text for screen readers about what just arrived. */
  announcement: string;
  live: ReturnType<typeof useLive>;
  loadMore(): void;
  reload(): void;
  /** Shows a conversation as the server just returned it (after a change made here). */
  put(conv: Conversation): void;
}

/**
 * The queue for a view and filters, kept current from the event stream without a reload: after a
 * burst of events the first page is fetched again and merged (new conversations on top, highlighted;
 * those that no longer belong to the view drop out unless `keep` holds them, e.g. the selected one);
 * changed conversations further down the list are fetched one by one.
 */
export function useQueue(choice: QueueChoice, keep: () => ReadonlySet<string>): Queue {
  const { workspace, me } = useWorkspace();
  const [list, setList] = useState<Conversation[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [loading, setLoading] = useState<'first' | 'more' | null>('first');
  const [error, setError] = useState<unknown>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const ref = useRef({ list, choice, keep });
  ref.current = { list, choice, keep };
  const run = useRef(0);
  const pending = useRef(new Map<string, ConversationEvent['change']>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const busy = useRef(false);

  const first = useCallback(() => {
    const mine = ++run.current;
    setLoading('first');
    setError(null);
    inboxApi
      .list(workspace.id, { ...toQuery(choice), limit: PAGE })
      .then((page) => {
        if (mine !== run.current) return;
        setList(page.conversations);
        setNextBefore(page.nextBefore);
      })
      .catch((err: unknown) => mine === run.current && setError(err))
      .finally(() => mine === run.current && setLoading(null));
    // choice is compared by value: a new object with the same view and filters is the same queue.
  }, [workspace.id, JSON.stringify(choice)]);

  useEffect(() => {
    setFresh(new Set());
    pending.current.clear();
    first();
  }, [first]);

  const loadMore = useCallback(() => {
    if (!nextBefore) return;
    const mine = ++run.current;
    setLoading('more');
    inboxApi
      .list(workspace.id, { ...toQuery(ref.current.choice), before: nextBefore, limit: PAGE })
      .then((page) => {
        if (mine !== run.current) return;
        setList((old) => [...old, ...page.conversations.filter((c) => !old.some((o) => o.id === c.id))]);
        setNextBefore(page.nextBefore);
      })
      .catch((err: unknown) => mine === run.current && setError(err))
      .finally(() => mine === run.current && setLoading(null));
  }, [workspace.id, nextBefore]);

  const put = useCallback(
    (conv: Conversation) => {
      const { choice: c, keep: k } = ref.current;
      setList((old) => {
        const belongs = matches(conv, c, me.id) || k().has(conv.id);
        const others = old.filter((o) => o.id !== conv.id);
        return belongs ? [...others, conv].sort(byActivity) : others;
      });
    },
    [me.id],
  );

  /** Fetches the first page again and merges it; then the changed conversations below it. */
  const refresh = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    const changes = new Map(pending.current);
    pending.current.clear();
    const mine = run.current;
    try {
      const { choice: c, keep: k } = ref.current;
      const page = await inboxApi.list(workspace.id, { ...toQuery(c), limit: PAGE });
      if (mine !== run.current) return;
      const before = ref.current.list;
      const known = new Set(before.map((x) => x.id));
      const pageIds = new Set(page.conversations.map((x) => x.id));
      const cutoff = page.nextBefore === null ? '' : page.conversations[page.conversations.length - 1]!.lastMessageAt;
      const kept = k();
      const below = before.filter((x) => !pageIds.has(x.id) && ((cutoff !== '' && x.lastMessageAt < cutoff) || kept.has(x.id)));
      const arrived = page.conversations.filter((x) => !known.has(x.id));
      setList([...page.conversations, ...below].sort(byActivity));
      if (arrived.length) {
        setFresh((s) => new Set([...s, ...arrived.map((x) => x.id)]));
        const a = arrived[0]!;
        setAnnouncement(`${a.customer.name ?? a.customer.handle ?? ''}: ${(a.subject ?? '').slice(0, 80)}`);
      }
      // Changed conversations further down than the first page: fetch each, keep it only if it still belongs.
      for (const cid of changes.keys()) {
        if (pageIds.has(cid) || !below.some((x) => x.id === cid)) continue;
        const d = await inboxApi.get(workspace.id, cid).catch(() => undefined);
        if (mine !== run.current) return;
        if (d) put(d.conversation);
      }
    } catch {
      /* the next event or a reload tries again */
    } finally {
      busy.current = false;
      if (pending.current.size > 0) timer.current = setTimeout(() => void refresh(), SETTLE_MS);
    }
  }, [workspace.id, put]);

  const schedule = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void refresh(), SETTLE_MS);
  }, [refresh]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const live = useLive({
    conversation: (e) => {
      if (e.workspaceId && e.workspaceId !== workspace.id) return;
      pending.current.set(e.conversationId, e.change);
      schedule();
    },
    reconnect: schedule,
  });

  return { list, nextBefore, loading, error, fresh, announcement, live, loadMore, reload: first, put };
}

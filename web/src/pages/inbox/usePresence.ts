import { useCallback, useEffect, useRef, useState } from 'react';
import { useWorkspace } from '../../workspace.js';
import { inboxApi, type PresenceEntry } from './inboxApi.js';
import { useLive } from './live.js';

const RENEW_MS = 5_000;
const TYPING_MS = 4_000;

/**
 * Tells the server this agent is viewing (or typing in) the conversation, renewed every few seconds,
 * and follows who else is: from the answers and from `event: presence`. Entries expire on their own.
 * Presence is best effort: a failed renewal is tried again at the next one.
 */
export function usePresence(conversationId: string, initial: PresenceEntry[] | undefined): { others: PresenceEntry[]; typing(): void } {
  const { workspace, me, can } = useWorkspace();
  const [entries, setEntries] = useState<Map<string, PresenceEntry>>(new Map());
  const [now, setNow] = useState(() => Date.now());
  const lastTyped = useRef(0);
  const sentState = useRef<'viewing' | 'typing' | null>(null);
  const allowed = can('inbox.reply');

  const merge = useCallback((list: PresenceEntry[]) => {
    setEntries((old) => {
      const next = new Map(old);
      for (const p of list) {
        if (p.state === 'left') next.delete(p.userId);
        else next.set(p.userId, p);
      }
      return next;
    });
  }, []);

  useEffect(() => {
    setEntries(new Map());
    if (initial) merge(initial);
    // Only the first answer for this conversation seeds the list; the stream keeps it current.
  }, [conversationId]);

  const post = useCallback(
    (state: 'viewing' | 'typing' | 'left') => {
      if (!allowed) return;
      inboxApi.presence(workspace.id, conversationId, state).then(
        (r) => state !== 'left' && merge(r.presence),
        () => undefined,
      );
    },
    [workspace.id, conversationId, merge, allowed],
  );

  useEffect(() => {
    sentState.current = 'viewing';
    post('viewing');
    const timer = setInterval(() => {
      const state = Date.now() - lastTyped.current < TYPING_MS ? 'typing' : 'viewing';
      sentState.current = state;
      if (document.visibilityState !== 'hidden' || state === 'typing') post(state);
      setNow(Date.now());
    }, RENEW_MS);
    return () => {
      clearInterval(timer);
      post('left');
    };
  }, [post]);

  useLive({
    presence: (e) => {
      if (e.conversationId !== conversationId) return;
      merge([e]);
    },
  });

  const typing = useCallback(() => {
    lastTyped.current = Date.now();
    if (sentState.current !== 'typing') {
      sentState.current = 'typing';
      post('typing');
    }
  }, [post]);

  const others = [...entries.values()].filter((p) => p.userId !== me.id && Date.parse(p.expiresAt) > now);
  return { others, typing };
}

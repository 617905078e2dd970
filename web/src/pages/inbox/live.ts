import { createContext, useContext, useEffect, useRef } from 'react';
import type { LiveState } from '../../useEventStream.js';
import type { ConversationEvent, PresenceEvent } from './inboxApi.js';

export interface LiveListener {
  conversation?(e: ConversationEvent): void;
  presence?(e: PresenceEvent): void;
  reconnect?(): void;
}

export interface InboxLive {
  state: LiveState;
  subscribe(l: LiveListener): () => void;
}

export const LiveContext = createContext<InboxLive>({ state: 'unsupported', subscribe: () => () => undefined });

/** One event stream per inbox screen, shared by the queue and the open conversation. */
export function createHub(): { listeners: Set<LiveListener>; emit: Required<LiveListener>; subscribe(l: LiveListener): () => void } {
  const listeners = new Set<LiveListener>();
  return {
    listeners,
    emit: {
      conversation: (e) => listeners.forEach((l) => l.conversation?.(e)),
      presence: (e) => listeners.forEach((l) => l.presence?.(e)),
      reconnect: () => listeners.forEach((l) => l.reconnect?.()),
    },
    subscribe(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}

/** Subscribes for the component's lifetime; the newest handlers are always the ones called. */
export function useLive(listener: LiveListener): LiveState {
  const live = useContext(LiveContext);
  const current = useRef(listener);
  current.current = listener;
  useEffect(
    () =>
      live.subscribe({
        conversation: (e) => current.current.conversation?.(e),
        presence: (e) => current.current.presence?.(e),
        reconnect: () => current.current.reconnect?.(),
      }),
    [live],
  );
  return live.state;
}

import { useEffect, useRef, useState } from 'react';
import type { LiveState } from '../../useLiveItems.js';
import type { ConversationEvent, PresenceEvent } from './inboxApi.js';

const RETRY_MS = 5_000;

export interface InboxEventHandlers {
  onConversation?(e: ConversationEvent): void;
  onPresence?(e: PresenceEvent): void;
  /** After a reconnection: fetch what may have been missed meanwhile. */
  onReconnect?(): void;
  /** The server refused the stream (signed out, restarted): a plain request finds out which. */
  onRefused?(): void;
}

function parse<T>(e: Event): T | undefined {
  try {
    const v = JSON.parse((e as MessageEvent<string>).data) as unknown;
    return v && typeof v === 'object' ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Follows the inbox's server-sent events (`event: conversation`, `event: presence`). The browser
 * reconnects by itself after a network drop; when the server refuses the stream outright a new
 * connection is tried every few seconds.
 */
export function useInboxEvents(url: string | undefined, handlers: InboxEventHandlers): LiveState {
  const [state, setState] = useState<LiveState>(typeof EventSource === 'undefined' ? 'unsupported' : 'connecting');
  const current = useRef(handlers);
  current.current = handlers;

  useEffect(() => {
    if (!url || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let wasOpen = false;
    let stopped = false;

    const connect = () => {
      source = new EventSource(url, { withCredentials: true });
      source.onopen = () => {
        setState('open');
        if (wasOpen) current.current.onReconnect?.();
        wasOpen = true;
      };
      source.onerror = () => {
        if (stopped) return;
        setState(wasOpen ? 'reconnecting' : 'connecting');
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          wasOpen = true;
          retry = setTimeout(connect, RETRY_MS);
          current.current.onRefused?.();
        }
      };
      source.addEventListener('conversation', (e) => {
        const data = parse<ConversationEvent>(e);
        if (data && typeof data.conversationId === 'string') current.current.onConversation?.(data);
      });
      source.addEventListener('presence', (e) => {
        const data = parse<PresenceEvent>(e);
        if (data && typeof data.conversationId === 'string' && typeof data.userId === 'string') current.current.onPresence?.(data);
      });
    };

    setState('connecting');
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [url]);

  return state;
}

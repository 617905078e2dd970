import { useEffect, useRef, useState } from 'react';
import type { ItemChange } from './listeningApi.js';

/** `open`: events flow; `connecting`: first connection; `reconnecting`: lost, the browser (or we) try again. */
export type LiveState = 'connecting' | 'open' | 'reconnecting' | 'unsupported';

const RETRY_MS = 5_000;

/**
 * Follows the server-sent event stream at `url` (`event: item`, data `{change, item}`). The browser
 * reconnects by itself after a network drop; when the server refuses the stream outright (signed out,
 * restarted) a new connection is tried every few seconds. `onReconnect` runs after every reconnection
 * so the caller can fetch what was missed meanwhile; `onRefused` runs when the server refuses the stream
 * (an ordinary API call then finds out whether the session has ended).
 */
export function useLiveItems(url: string | undefined, onChange: (change: ItemChange) => void, onReconnect: () => void, onRefused?: () => void): LiveState {
  const [state, setState] = useState<LiveState>(typeof EventSource === 'undefined' ? 'unsupported' : 'connecting');
  const handlers = useRef({ onChange, onReconnect, onRefused });
  handlers.current = { onChange, onReconnect, onRefused };

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
        if (wasOpen) handlers.current.onReconnect();
        wasOpen = true;
      };
      source.onerror = () => {
        if (stopped) return;
        setState(wasOpen ? 'reconnecting' : 'connecting');
        if (source?.readyState === EventSource.CLOSED) {
          // Refused (not an event stream, e.g. 401/403/5xx): the browser gives up, so we retry ourselves.
          source.close();
          wasOpen = true; // whatever arrives next may have missed items
          retry = setTimeout(connect, RETRY_MS);
          handlers.current.onRefused?.();
        }
      };
      source.addEventListener('item', (e) => {
        let change: ItemChange | undefined;
        try {
          change = JSON.parse((e as MessageEvent<string>).data) as ItemChange;
        } catch {
          return;
        }
        if (change && typeof change === 'object' && change.item && typeof change.item.id === 'string') handlers.current.onChange(change);
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

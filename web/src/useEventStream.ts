import { useEffect, useRef, useState } from 'react';

/** `open`: events flow; `connecting`: first connection; `reconnecting`: lost, the browser (or we) try again. */
export type LiveState = 'connecting' | 'open' | 'reconnecting' | 'unsupported';

const RETRY_MS = 5_000;

export interface EventStreamHandlers {
  /** Per SSE event name: its parsed JSON data (objects only; anything else is dropped). */
  events: Record<string, (data: Record<string, unknown>) => void>;
  /** After a reconnection: fetch what may have been missed meanwhile. */
  onReconnect?(): void;
  /** The server refused the stream (signed out, restarted): a plain request finds out which. */
  onRefused?(): void;
}

/**
 * Follows the server-sent event stream at `url`. The browser reconnects by itself after a network drop;
 * when the server refuses the stream outright (signed out, restarted) a new connection is tried every
 * few seconds. The handlers may change on every render; the stream is reopened only when `url` does.
 */
export function useEventStream(url: string | undefined, handlers: EventStreamHandlers): LiveState {
  const [state, setState] = useState<LiveState>(typeof EventSource === 'undefined' ? 'unsupported' : 'connecting');
  const current = useRef(handlers);
  current.current = handlers;
  const names = Object.keys(handlers.events).sort().join(',');

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
          // Refused (not an event stream, e.g. 401/403/5xx): the browser gives up, so we retry ourselves.
          source.close();
          wasOpen = true; // whatever arrives next may have missed events
          retry = setTimeout(connect, RETRY_MS);
          current.current.onRefused?.();
        }
      };
      for (const name of names.split(',').filter(Boolean)) {
        source.addEventListener(name, (e) => {
          let data: unknown;
          try {
            data = JSON.parse((e as MessageEvent<string>).data);
          } catch {
            return;
          }
          if (data && typeof data === 'object' && !Array.isArray(data)) current.current.events[name]?.(data as Record<string, unknown>);
        });
      }
    };

    setState('connecting');
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [url, names]);

  return state;
}

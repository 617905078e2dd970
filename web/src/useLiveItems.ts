import type { ItemChange } from './listeningApi.js';
import { useEventStream, type LiveState } from './useEventStream.js';

export type { LiveState };

/**
 * Follows the listening stream at `url` (`event: item`, data `{change, item}`). `onReconnect` runs after
 * every reconnection so the caller can fetch what was missed meanwhile; `onRefused` runs when the server
 * refuses the stream (an ordinary API call then finds out whether the session has ended).
 */
export function useLiveItems(url: string | undefined, onChange: (change: ItemChange) => void, onReconnect: () => void, onRefused?: () => void): LiveState {
  return useEventStream(url, {
    events: {
      item: (data) => {
        const change = data as unknown as ItemChange;
        if (change.item && typeof change.item.id === 'string') onChange(change);
      },
    },
    onReconnect,
    ...(onRefused ? { onRefused } : {}),
  });
}

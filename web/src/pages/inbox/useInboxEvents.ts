import { useEventStream, type LiveState } from '../../useEventStream.js';
import type { ConversationEvent, PresenceEvent } from './inboxApi.js';

export interface InboxEventHandlers {
  onConversation?(e: ConversationEvent): void;
  onPresence?(e: PresenceEvent): void;
  /** After a reconnection: fetch what may have been missed meanwhile. */
  onReconnect?(): void;
  /** The server refused the stream (signed out, restarted): a plain request finds out which. */
  onRefused?(): void;
}

/** Follows the inbox's server-sent events (`event: conversation`, `event: presence`). */
export function useInboxEvents(url: string | undefined, handlers: InboxEventHandlers): LiveState {
  return useEventStream(url, {
    events: {
      conversation: (data) => {
        if (typeof data.conversationId === 'string') handlers.onConversation?.(data as unknown as ConversationEvent);
      },
      presence: (data) => {
        if (typeof data.conversationId === 'string' && typeof data.userId === 'string') handlers.onPresence?.(data as unknown as PresenceEvent);
      },
    },
    onReconnect: () => handlers.onReconnect?.(),
    onRefused: () => handlers.onRefused?.(),
  });
}

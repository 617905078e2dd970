import { useMemo } from 'react';
import { useWorkspace } from '../../workspace.js';
import { ConversationView } from './ConversationView.js';
import { inboxApi } from './inboxApi.js';
import { createHub, LiveContext, type InboxLive } from './live.js';
import { QueueView } from './QueueView.js';
import { ReportsPage } from './reports/ReportsPage.js';
import { useInboxEvents } from './useInboxEvents.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The agent workspace: `#/inbox` is the queue, `#/inbox/<conversation id>` one conversation. One live
 * connection serves both, so moving between them loses no events. `#/inbox/reports` is the reports screen.
 */
export function InboxPage({ conversationId }: { conversationId?: string }) {
  if (conversationId === 'reports') return <ReportsPage />;
  return <AgentWorkspace conversationId={conversationId} />;
}

function AgentWorkspace({ conversationId }: { conversationId?: string }) {
  const { workspace } = useWorkspace();
  const hub = useMemo(createHub, [workspace.id]);
  const state = useInboxEvents(inboxApi.eventsUrl(workspace.id), {
    onConversation: hub.emit.conversation,
    onPresence: hub.emit.presence,
    onReconnect: hub.emit.reconnect,
    // A refused stream may mean the session ended: an ordinary request lets the app notice.
    onRefused: () => void inboxApi.list(workspace.id, { limit: 1 }).catch(() => undefined),
  });
  const live = useMemo<InboxLive>(() => ({ state, subscribe: hub.subscribe }), [state, hub]);
  const id = conversationId && UUID.test(conversationId) ? conversationId : undefined;
  return <LiveContext.Provider value={live}>{id ? <ConversationView key={id} id={id} /> : <QueueView />}</LiveContext.Provider>;
}

import type { Kysely } from 'kysely';
import type { AccountsTables } from '../accounts/index.js';
import type { AuditTables } from '../audit/index.js';
import type { IdentityTables } from '../identity/index.js';
import type { ItemsTables } from '../items/index.js';
import type { WorkspacesTables } from '../workspaces/index.js';

import type { AgentSkills, ConversationEvent, ConversationStatus, PresenceEvent, Priority } from '../../contracts/inbox.js';

export type { AgentSkills, ConversationEvent, ConversationStatus, PresenceEvent, Priority };

export interface InboxTables {
  teams: { id: string; workspace_id: string; name: string; skills: string[]; created_at: Date; rr_cursor: string | null };
  agents: {
    workspace_id: string;
    user_id: string;
    team_ids: string[];
    /** { languages, products }; an older plain list is read as languages (2-letter codes) and products. */
    skills: AgentSkills | string[];
    capacity: number;
    availability: 'online' | 'away' | 'offline';
    last_assigned_at: Date | null;
  };
  sla_policies: { id: string; workspace_id: string; name: string; definition: unknown; is_default: boolean; created_at: Date };
  conversations: {
    id: string;
    workspace_id: string;
    account_id: string;
    channel: string;
    thread_key: string;
    customer_author_id: string;
    is_private: boolean;
    subject: string | null;
    status: ConversationStatus;
    priority: Priority;
    tags: string[];
    team_id: string | null;
    assignee_id: string | null;
    sla_policy_id: string | null;
    snoozed_until: Date | null;
    linked_conversation_id: string | null;
    last_message_at: Date;
    last_customer_message_at: Date | null;
    last_agent_reply_at: Date | null;
    first_response_at: Date | null;
    resolved_at: Date | null;
    message_count: number;
    created_at: Date;
    updated_at: Date;
    routed_at: Date | null;
    /** Grouped from history only (migration 0014): closed, never routed into a queue, outside SLA and reports. */
    is_history: boolean;
  };
  conversation_items: { conversation_id: string; item_id: string; workspace_id: string };
  outbox: {
    id: string;
    workspace_id: string;
    conversation_id: string;
    account_id: string;
    in_reply_to_item_id: string | null;
    author_user_id: string | null;
    text: string;
    is_private: boolean;
    status: 'sending' | 'sent' | 'failed';
    attempts: number;
    error: string | null;
    error_code: string | null;
    claimed_until: Date | null;
    native_id: string | null;
    url: string | null;
    idempotency_key: string;
    created_at: Date;
    sent_at: Date | null;
    is_automatic: boolean;
  };
  conversation_notes: { id: string; workspace_id: string; conversation_id: string; author_user_id: string | null; text: string; mentions: string[]; created_at: Date };
  routing_rules: {
    id: string;
    workspace_id: string;
    name: string;
    enabled: boolean;
    position: number;
    definition: unknown;
    version: number;
    updated_by: string | null;
    updated_at: Date;
    description: string | null;
    run_on: 'created' | 'every_message';
  };
  routing_rule_versions: { rule_id: string; workspace_id: string; version: number; definition: unknown; updated_by: string | null; updated_at: Date };
  sla_timers: {
    id: string;
    workspace_id: string;
    conversation_id: string;
    kind: 'first_response' | 'next_response' | 'resolution';
    started_at: Date;
    due_at: Date | null;
    warn_at: Date | null;
    state: 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
    warned_at: Date | null;
    breached_at: Date | null;
    stopped_at: Date | null;
    policy_id: string | null;
    target_ms: number | null;
  };
  canned_replies: { id: string; workspace_id: string; name: string; text: string; language: string; created_at: Date; updated_at: Date | null };
  canned_proposals: {
    id: string;
    workspace_id: string;
    name: string;
    text: string;
    language: string;
    source_kind: string;
    source_ref: string;
    source_label: string;
    proposed_by: string;
    proposed_at: Date;
    status: string;
    decided_by: string | null;
    decided_at: Date | null;
    note: string | null;
    canned_reply_id: string | null;
  };
  conversation_status_log: { conversation_id: string; workspace_id: string; at: Date; status: ConversationStatus };
}

/** Published on the bus whenever a conversation changes (live agent screens, routing, SLA). */
export const CONVERSATION_SUBJECT = 'conversation.updated';

/**
 * New customer messages attached to conversations by one ingested batch, in one bus message (one
 * publish per batch instead of one per item): routed by the router, fanned out to agents' screens.
 */
export const CONVERSATION_BATCH_SUBJECT = 'conversation.attached';
export interface ConversationBatch {
  workspaceId: string;
  events: ConversationEvent[];
}

/** Live presence of agents on a conversation (fan-out only). */
export const PRESENCE_SUBJECT = 'conversation.presence';
/** Cache drops: routing rules and SLA policies changed in some process (payload: platform CacheChange). */
export const RULES_CHANGED_SUBJECT = 'inbox.rules_changed';
export const SLA_POLICIES_CHANGED_SUBJECT = 'inbox.sla_policies_changed';

/** Every table the inbox reads, so all inbox code (and transactions) share one Kysely type. */
export type InboxDbTables = InboxTables & ItemsTables & IdentityTables & WorkspacesTables & AccountsTables & AuditTables;
export type InboxDb = Kysely<InboxDbTables>;

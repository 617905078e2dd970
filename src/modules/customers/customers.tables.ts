import type { ItemsTables } from '../items/index.js';

export interface CustomersTables {
  customers: {
    id: string;
    workspace_id: string;
    external_id: string;
    name_enc: string | null;
    name_masked: string | null;
    email_enc: string | null;
    email_masked: string | null;
    phone_enc: string | null;
    phone_masked: string | null;
    segment: string | null;
    products: string[];
    manager: string | null;
    opt_outs: string[];
    tags: string[];
    lifecycle: string;
    created_at: Date;
    updated_at: Date;
    churn_score: number | null;
    churn_reasons: unknown[];
    scored_at: Date | null;
    sentiment_30d: number | null;
  };
  customer_segments: { id: string; workspace_id: string; name: string; rules: unknown; created_at: Date; updated_at: Date | null };
  customer_match_keys: { workspace_id: string; customer_id: string; kind: string; hash: string };
  customer_match_indexed: { customer_id: string; workspace_id: string; customer_updated_at: Date };
  customer_match_suggestions: {
    id: string;
    workspace_id: string;
    author_id: string;
    customer_id: string;
    evidence: unknown;
    confidence: number;
    status: string;
    decided_by: string | null;
    decided_at: Date | null;
    decision_reason: string | null;
    created_at: Date;
    updated_at: Date;
  };
  customer_case_settings: { workspace_id: string; auto_merge: boolean; threshold: number; updated_at: Date };
  customer_lead_webhooks: { workspace_id: string; url: string; updated_at: Date };
  customer_lead_deliveries: {
    id: string;
    workspace_id: string;
    lead_id: string | null;
    event: string;
    body: unknown;
    status: string;
    attempts: number;
    next_at: Date;
    last_status: number | null;
    last_error: string | null;
    created_at: Date;
    delivered_at: Date | null;
  };
  customer_rules: {
    workspace_id: string;
    rules: unknown;
    updated_at: Date;
  };
  customer_leads: {
    id: string;
    workspace_id: string;
    item_id: string;
    author_id: string;
    customer_id: string | null;
    excerpt: string;
    owner_id: string | null;
    status: string;
    follow_up_at: Date | null;
    created_at: Date;
    updated_at: Date;
  };
  case_merges: {
    id: string;
    workspace_id: string;
    target_conversation_id: string;
    source_conversation_id: string;
    reason: unknown;
    previous_status: string;
    merged_by: string;
    merged_at: Date;
    undone_at: Date | null;
    undone_by: string | null;
  };
  customer_links: {
    id: string;
    workspace_id: string;
    customer_id: string;
    author_id: string;
    purpose: string;
    proof: Record<string, unknown>;
    request_id: string | null;
    linked_by: string;
    linked_at: Date;
    revoked_at: Date | null;
    revoked_by: string | null;
    revoke_reason: string | null;
  };
  consent_requests: {
    id: string;
    workspace_id: string;
    conversation_id: string;
    author_id: string;
    purpose: string;
    created_by: string | null;
    created_at: Date;
    expires_at: Date;
    authenticated_at: Date | null;
    customer_external_id: string | null;
    completed_at: Date | null;
    session_hash: string | null;
    link_id: string | null;
  };
  customer_consent_settings: {
    workspace_id: string;
    purpose: string;
    login_url: string | null;
    link_ttl_minutes: number;
    updated_at: Date;
  };
}

/** The inbox's conversations as churn scoring reads them (open complaints of linked identities). */
interface ConversationsRead {
  conversations: { id: string; workspace_id: string; customer_author_id: string; status: string; channel: string; created_at: Date; subject: string | null; is_private: boolean };
  conversation_items: { conversation_id: string; item_id: string; workspace_id: string };
}

/** The customers module's tables and the tables it reads: items (timeline, leads), conversations (churn). */
export type CustomersDb = CustomersTables & Pick<ItemsTables, 'authors' | 'items'> & ConversationsRead;

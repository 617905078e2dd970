import type { AccountHealth, AccountStatus, AccountView } from '../../contracts/channels.js';

export type { AccountHealth, AccountStatus, AccountView };
export interface AccountsTables {
  channel_accounts: {
    id: string;
    workspace_id: string;
    type: string;
    name: string;
    settings: Record<string, unknown>;
    status: AccountStatus;
    webhook_key: string;
    cursor: string | null;
    poll_interval_ms: number;
    next_poll_at: Date | null;
    stream_owner: string | null;
    stream_lease_until: Date | null;
    health: AccountHealth;
    created_at: Date;
    updated_at: Date;
    /** Items created before this are history (demo history, imports): grouped but closed, never queued. */
    history_until?: Date | null;
  };
  raw_events: {
    id: string;
    workspace_id: string;
    account_id: string;
    received_at: Date;
    source: 'webhook' | 'poll' | 'stream' | 'import' | 'demo';
    headers: Record<string, string> | null;
    body: string;
    status: 'pending' | 'processed' | 'dead';
    attempts: number;
    last_error: string | null;
    processed_at: Date | null;
  };
}

export type AccountRow = AccountsTables['channel_accounts'];

export const presentAccount = (a: AccountRow, channelName: string): AccountView => ({
  id: a.id,
  type: a.type,
  channel: channelName,
  name: a.name,
  settings: a.settings,
  status: a.status,
  webhookPath: `/hooks/${a.webhook_key}`,
  pollIntervalMs: a.poll_interval_ms,
  health: a.health,
  createdAt: new Date(a.created_at).toISOString(),
});

-- Leads flow out to the bank's systems through a signed webhook (issue #17): the workspace's endpoint,
-- and an outbox of deliveries written in the same transaction as the lead change, claimed by a job with
-- FOR UPDATE SKIP LOCKED and retried with backoff. The signing secret lives in `secrets`.
create table customer_lead_webhooks (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  url text not null,
  updated_at timestamptz not null
);

create table customer_lead_deliveries (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  lead_id uuid,
  event text not null,
  body jsonb not null,
  status text not null default 'pending',
  attempts integer not null default 0,
  next_at timestamptz not null,
  last_status integer,
  last_error text,
  created_at timestamptz not null,
  delivered_at timestamptz
);
create index customer_lead_deliveries_due on customer_lead_deliveries (next_at) where status = 'pending';
create index customer_lead_deliveries_list on customer_lead_deliveries (workspace_id, created_at desc);

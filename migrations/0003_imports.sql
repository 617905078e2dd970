-- Historical imports (CSV / JSONL) and their progress.
create table imports (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  account_id uuid not null references channel_accounts(id) on delete cascade,
  name text not null,
  format text not null check (format in ('csv', 'jsonl')),
  status text not null check (status in ('running', 'done', 'failed')),
  total integer not null default 0,
  processed integer not null default 0,
  failed integer not null default 0,
  errors jsonb not null default '[]'::jsonb,
  created_by uuid,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index imports_ws on imports (workspace_id, created_at desc);

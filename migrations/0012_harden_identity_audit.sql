-- Issue #14 (security review). Users have a home workspace: the one that created them (instance
-- admins and the CLI create users; a workspace admin only invites). Other workspaces see such a user
-- as a member but not their last login, and their backups carry no password hash.
alter table users add column home_workspace_id uuid references workspaces(id) on delete set null;
update users u set home_workspace_id = (
  select m.workspace_id from memberships m where m.user_id = u.id order by m.created_at, m.workspace_id limit 1
);

-- An invitation to join a workspace, accepted or declined by the person after they log in. No foreign
-- key to users: an invitation names an address, not an account (and a restore must not need the inviter).
create table workspace_invitations (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  email text not null,
  role text not null,
  invited_by uuid,
  created_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'cancelled')),
  decided_at timestamptz
);
create unique index workspace_invitations_pending on workspace_invitations (workspace_id, email) where status = 'pending';
create index workspace_invitations_email on workspace_invitations (email) where status = 'pending';

-- Login throttling reserves an attempt before the password is checked: one row per key (account or
-- address), counted by an atomic upsert, so parallel tries cannot all pass the check.
create table login_throttle (
  key text primary key,
  window_start timestamptz not null,
  n integer not null
);

-- The audit chain gets a key: each entry's hash and each chain head is MACed under a key derived from
-- SOTONG_SECRET_KEY (kept outside the database), so recomputing the hashes after an edit is detected.
alter table audit_log add column mac text;
alter table audit_heads add column mac text;

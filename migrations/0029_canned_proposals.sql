-- Knowledge into answers (issue #18): a microblog post that answers a customer question is proposed as an
-- inbox canned reply; it becomes one only when compliance approves (the text may be edited on approval).
create table canned_proposals (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null,
  text text not null,
  language text not null default 'ko',
  source_kind text not null,
  source_ref text not null,
  source_label text not null,
  proposed_by text not null,
  proposed_at timestamptz not null,
  status text not null default 'pending',
  decided_by text,
  decided_at timestamptz,
  note text,
  canned_reply_id uuid
);
create unique index canned_proposals_one_open on canned_proposals (workspace_id, source_kind, source_ref) where status = 'pending';
create index canned_proposals_list on canned_proposals (workspace_id, status, proposed_at desc);

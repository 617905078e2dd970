-- Inbox, second part: routing state, rule metadata, round-robin cursors, SLA timer details, a status
-- history for the SLA clocks, automatic replies, and indexes for large queues.

-- Rules ran for this conversation (a redelivered 'created' event does not route twice).
alter table conversations add column routed_at timestamptz;

alter table routing_rules add column description text;
-- 'created': the first message of a conversation only; 'every_message': also each later customer message.
alter table routing_rules add column run_on text not null default 'created' check (run_on in ('created', 'every_message'));

-- Round-robin: the agent chosen last in this team.
alter table teams add column rr_cursor uuid;

-- A paused timer has no due time until it resumes.
alter table sla_timers alter column due_at drop not null;
alter table sla_timers alter column warn_at drop not null;
alter table sla_timers add column policy_id uuid;
alter table sla_timers add column target_ms bigint;
create index sla_timers_started on sla_timers (workspace_id, started_at);

-- Automatic replies (auto-acknowledgements) are not a response for SLA and reports.
alter table outbox add column is_automatic boolean not null default false;

alter table canned_replies add column updated_at timestamptz;

-- Every status change of a conversation, for the SLA clocks (pauses, resolution, reopening).
-- Written by a trigger, so no code path that changes a status can forget it; `at` is the row's
-- updated_at, which the application sets from its clock.
create table conversation_status_log (
  conversation_id uuid not null references conversations(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  at timestamptz not null,
  status text not null
);
create index conversation_status_log_conv on conversation_status_log (conversation_id, at);

create function conversation_status_logged() returns trigger language plpgsql as $$
begin
  insert into conversation_status_log (conversation_id, workspace_id, at, status) values (new.id, new.workspace_id, new.updated_at, new.status);
  return new;
end
$$;
create trigger conversation_status_change after update of status on conversations
  for each row when (old.status is distinct from new.status) execute function conversation_status_logged();

-- Snoozed conversations whose time has come.
create index conversations_snoozed on conversations (snoozed_until) where status = 'snoozed';
-- Queue pages: newest activity first (all, by status, by assignee, by team) read in index order,
-- without sorting a large queue. The team and assignee indexes replace the shorter ones of 0005.
create index conversations_ws_last on conversations (workspace_id, last_message_at desc, id);
drop index conversations_assignee;
drop index conversations_team;
create index conversations_assignee_queue on conversations (workspace_id, assignee_id, status, last_message_at desc, id);
create index conversations_team_queue on conversations (workspace_id, team_id, status, last_message_at desc, id);
-- Backlog and reports.
create index conversations_ws_created on conversations (workspace_id, created_at);
create index conversations_ws_resolved on conversations (workspace_id, resolved_at) where resolved_at is not null;
-- At most one default SLA policy per workspace (seeding on first use races safely).
create unique index sla_policies_one_default on sla_policies (workspace_id) where is_default;

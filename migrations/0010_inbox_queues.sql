-- Queue pages at scale (bench/inbox: 1,000,000 conversations): the unassigned queue of a team and the
-- priority-ordered views get an index each, so a page is an index range scan, not a sort of the backlog.
create index conversations_unassigned_queue on conversations (workspace_id, team_id, status, last_message_at desc, id) where assignee_id is null;
create index conversations_priority_queue on conversations (workspace_id, status, priority, last_message_at desc, id);

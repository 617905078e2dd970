-- Microblog groups (open and closed, with their own members and timelines), the ranking opt-out, and
-- reports by users (issue #18). A group post carries its group (replies inherit the thread's); a closed
-- group's posts are read by its members only. A deleted group keeps its row and its posts for retention.
create table mb_groups (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null,
  name_key text not null,
  description text not null default '',
  closed boolean not null default false,
  created_by bigint not null references mb_people (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  deleted_at timestamptz
);
create unique index mb_groups_name on mb_groups (workspace_id, name_key) where deleted_at is null;

create table mb_group_members (
  group_id bigint not null references mb_groups (id) on delete cascade,
  person_id bigint not null references mb_people (id) on delete cascade,
  role text not null check (role in ('admin', 'member')),
  created_at timestamptz not null,
  primary key (group_id, person_id)
);
create index mb_group_members_person on mb_group_members (person_id);

-- Pending requests to join a closed group; a decision removes the row (the audit log keeps it).
create table mb_group_requests (
  group_id bigint not null references mb_groups (id) on delete cascade,
  person_id bigint not null references mb_people (id) on delete cascade,
  note text not null default '',
  created_at timestamptz not null,
  primary key (group_id, person_id)
);

alter table mb_posts add column group_id bigint references mb_groups (id);
create index mb_posts_group on mb_posts (group_id, id desc) where group_id is not null and state = 'visible';

alter table mb_people add column ranking_opt_out boolean not null default false;

create table mb_reports (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  post_id bigint not null references mb_posts (id) on delete cascade,
  reporter_id bigint not null references mb_people (id) on delete cascade,
  category text not null,
  note text not null default '',
  state text not null default 'open' check (state in ('open', 'dismissed', 'removed')),
  created_at timestamptz not null,
  resolved_by uuid,
  resolved_at timestamptz,
  resolution_note text
);
create unique index mb_reports_one_open on mb_reports (post_id, reporter_id) where state = 'open';
create index mb_reports_open on mb_reports (workspace_id, id) where state = 'open';

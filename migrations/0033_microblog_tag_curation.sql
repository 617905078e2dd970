-- Hashtags as knowledge (issue #18): curators (permission microblog.curate) pin posts on a tag's page, write
-- what the tag is for, and merge a tag into another. A merge re-tags the posts and moves the followers and
-- pins; the alias row makes the old name answer as the new one (web, Mastodon tag and tag timeline, and new
-- posts written with the old name are filed under the new one).
create table mb_tag_pins (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  tag text not null,
  post_id bigint not null references mb_posts (id) on delete cascade,
  position integer not null,
  pinned_by bigint not null,
  created_at timestamptz not null,
  primary key (workspace_id, tag, post_id)
);
create index mb_tag_pins_order on mb_tag_pins (workspace_id, tag, position);

create table mb_tag_notes (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  tag text not null,
  description text not null,
  updated_by bigint not null,
  updated_at timestamptz not null,
  primary key (workspace_id, tag)
);

create table mb_tag_aliases (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  tag text not null,
  target text not null,
  merged_by bigint not null,
  merged_at timestamptz not null,
  primary key (workspace_id, tag)
);
create index mb_tag_aliases_target on mb_tag_aliases (workspace_id, target);

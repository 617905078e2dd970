-- The internal microblog (issue #18): people, posts, tags, follows, polls, notifications, the guideline
-- holds; and the Mastodon client API's OAuth apps, codes and tokens. Ids of people, posts, polls and
-- notifications are sequence numbers, so Mastodon clients page on them (max_id / since_id / min_id).
create table mb_people (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  user_id uuid references users (id) on delete set null,
  username text not null,
  display_name text not null,
  department text not null default '',
  title text not null default '',
  extension text not null default '',
  photo text,
  employee_no text,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (workspace_id, username),
  unique (workspace_id, user_id)
);
create index mb_people_user on mb_people (user_id);

create table mb_posts (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  author_id bigint not null references mb_people (id),
  text text not null,
  spoiler text not null default '',
  visibility text not null default 'public',
  reply_to_id bigint references mb_posts (id) on delete set null,
  reply_to_author_id bigint,
  thread_root_id bigint,
  reblog_of_id bigint references mb_posts (id) on delete cascade,
  state text not null check (state in ('visible', 'held', 'deleted')),
  hold_reasons jsonb,
  lemmas text not null default '',
  idempotency_key text,
  replies_count integer not null default 0,
  reblogs_count integer not null default 0,
  favourites_count integer not null default 0,
  created_at timestamptz not null,
  edited_at timestamptz,
  deleted_at timestamptz
);
create index mb_posts_ws on mb_posts (workspace_id, id desc) where state = 'visible';
create index mb_posts_author on mb_posts (author_id, id desc);
create index mb_posts_thread on mb_posts (thread_root_id) where thread_root_id is not null;
create index mb_posts_held on mb_posts (workspace_id, id) where state = 'held';
create unique index mb_posts_idempotency on mb_posts (author_id, idempotency_key) where idempotency_key is not null;
create unique index mb_posts_one_boost on mb_posts (author_id, reblog_of_id) where reblog_of_id is not null and state <> 'deleted';

create table mb_post_versions (
  post_id bigint not null references mb_posts (id) on delete cascade,
  version integer not null,
  text text not null,
  spoiler text not null default '',
  created_at timestamptz not null,
  primary key (post_id, version)
);

create table mb_post_tags (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  post_id bigint not null references mb_posts (id) on delete cascade,
  tag text not null,
  author_id bigint not null,
  primary key (post_id, tag)
);
create index mb_post_tags_tag on mb_post_tags (workspace_id, tag, post_id desc);

create table mb_post_mentions (
  post_id bigint not null references mb_posts (id) on delete cascade,
  person_id bigint not null references mb_people (id) on delete cascade,
  primary key (post_id, person_id)
);

create table mb_favourites (
  person_id bigint not null references mb_people (id) on delete cascade,
  post_id bigint not null references mb_posts (id) on delete cascade,
  created_at timestamptz not null,
  primary key (person_id, post_id)
);
create table mb_bookmarks (
  person_id bigint not null references mb_people (id) on delete cascade,
  post_id bigint not null references mb_posts (id) on delete cascade,
  created_at timestamptz not null,
  primary key (person_id, post_id)
);

create table mb_follows (
  follower_id bigint not null references mb_people (id) on delete cascade,
  followee_id bigint not null references mb_people (id) on delete cascade,
  created_at timestamptz not null,
  primary key (follower_id, followee_id)
);
create index mb_follows_followee on mb_follows (followee_id);

create table mb_tag_follows (
  person_id bigint not null references mb_people (id) on delete cascade,
  tag text not null,
  created_at timestamptz not null,
  primary key (person_id, tag)
);

create table mb_polls (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  post_id bigint not null unique references mb_posts (id) on delete cascade,
  options jsonb not null,
  multiple boolean not null default false,
  expires_at timestamptz
);
create table mb_poll_votes (
  poll_id bigint not null references mb_polls (id) on delete cascade,
  person_id bigint not null references mb_people (id) on delete cascade,
  choice integer not null,
  created_at timestamptz not null,
  primary key (poll_id, person_id, choice)
);

create table mb_notifications (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  person_id bigint not null references mb_people (id) on delete cascade,
  type text not null,
  from_id bigint not null references mb_people (id) on delete cascade,
  post_id bigint references mb_posts (id) on delete cascade,
  created_at timestamptz not null
);
create index mb_notifications_person on mb_notifications (person_id, id desc);

-- The Mastodon client API (module mastodon-api).
create table mastodon_apps (
  id bigint generated always as identity primary key,
  client_id text not null unique,
  client_secret_hash text not null,
  name text not null,
  website text,
  redirect_uris text not null,
  scopes text not null,
  created_at timestamptz not null
);
create table mastodon_codes (
  code_hash text primary key,
  app_id bigint not null references mastodon_apps (id) on delete cascade,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  redirect_uri text not null,
  scopes text not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create table mastodon_tokens (
  token_hash text primary key,
  app_id bigint not null references mastodon_apps (id) on delete cascade,
  workspace_id uuid references workspaces (id) on delete cascade,
  user_id uuid references users (id) on delete cascade,
  scopes text not null,
  created_at timestamptz not null,
  revoked_at timestamptz
);
create index mastodon_tokens_user on mastodon_tokens (user_id);

-- Images and files of the microblog (issue #18): the bytes live in the storage port (a folder by default),
-- the row says what they are, whose they are and which post shows them. `token` makes the file's address
-- unguessable (clients load media without credentials); `hold_reasons` is the guideline screen's verdict on
-- the file (a sensitive type or a confidentiality marker in its name): a post attaching it is held.
create table mb_media (
  id bigserial primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  owner_id bigint not null,
  post_id bigint,
  storage_key text not null,
  token text not null,
  kind text not null,
  content_type text not null,
  file_name text not null,
  size integer not null,
  sha256 text not null,
  description text not null default '',
  hold_reasons jsonb,
  created_at timestamptz not null
);
create index mb_media_post on mb_media (post_id) where post_id is not null;
create index mb_media_owner on mb_media (owner_id, created_at desc);

-- The internal microblog's posts go to the archive (issue #18: retention follows the archive's rules).
-- The archive capture scans the microblog's post versions and deletions in order; how far it got is kept
-- per source, so a restart goes on where it stopped (dedupe keys make a repeat a no-op).
create table archive_capture_cursors (
  source text primary key,
  position jsonb not null,
  updated_at timestamptz not null
);
create index mb_post_versions_created on mb_post_versions (created_at, post_id, version);
create index mb_posts_deleted on mb_posts (deleted_at, id) where deleted_at is not null;

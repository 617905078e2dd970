-- Tracked links in published posts (issue #19): when a post is submitted for approval, each variant's
-- links become tracked short links of that variant; the text with them is what approvers see and what is
-- sent. The variant's own text keeps the addresses as written (the composer edits it, the screen checks it).
alter table publishing_variants add column tracked_text text;
alter table publishing_variants add column tracked_links jsonb not null default '[]';

-- Tracked links made automatically (issue #19): links in an inbox reply are tied to the conversation, and
-- each workspace may turn the automatic rewriting of links in published posts and replies off.
alter table links add column conversation_id text;
alter table link_settings add column track_links boolean not null default true;

-- The ingest hot path, measured (bench/ingest): every row written by ingestion, grouping, routing and
-- matching checked a foreign key to its workspace, although each of these rows already hangs off a
-- parent that belongs to the workspace and cascades from it (item → account, conversation → account,
-- link and timer → conversation, match and rollup → query, interaction → author, raw event → account).
-- The redundant checks doubled the cost of an insert on the embedded store and made every concurrent
-- writer take a share lock on the one workspace row on PostgreSQL. Deleting a workspace still deletes
-- all of these rows, through the remaining cascades.
alter table items drop constraint if exists items_workspace_id_fkey;
alter table raw_events drop constraint if exists raw_events_workspace_id_fkey;
alter table interactions drop constraint if exists interactions_workspace_id_fkey;
alter table conversations drop constraint if exists conversations_workspace_id_fkey;
alter table conversation_items drop constraint if exists conversation_items_workspace_id_fkey;
alter table sla_timers drop constraint if exists sla_timers_workspace_id_fkey;
alter table query_matches drop constraint if exists query_matches_workspace_id_fkey;
alter table listening_rollups_hourly drop constraint if exists listening_rollups_hourly_workspace_id_fkey;
alter table listening_keywords_daily drop constraint if exists listening_keywords_daily_workspace_id_fkey;
alter table listening_authors_daily drop constraint if exists listening_authors_daily_workspace_id_fkey;
-- Routing updates a conversation right after grouping inserted it (routed_at, team, priority): room on
-- the page lets PostgreSQL do that as a HOT update, without touching the table's dozen indexes.
alter table conversations set (fillfactor = 80);

-- History is not backlog (issue #15): items that arrive as history (demo history, imports) are
-- grouped into conversations closed as history, never opened in queues.
-- channel_accounts.history_until: items of the account created before it are history.
alter table channel_accounts add column history_until timestamptz;
-- conversations.is_history: grouped from history only; closed, no routing, no SLA, not in reports.
alter table conversations add column is_history boolean not null default false;

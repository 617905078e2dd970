-- Streaming channels keep their own resume position, apart from the polling cursor.
alter table channel_accounts add column stream_cursor text;
create index channel_accounts_stream on channel_accounts (stream_lease_until) where status = 'active';

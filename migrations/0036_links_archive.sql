-- Archive exports as timed work (issue #19): the web role queues an export, a worker claims it with
-- FOR UPDATE SKIP LOCKED under a lease it renews while writing. A worker that dies lets the lease lapse;
-- the next claim starts the package again from an empty folder, and after three such starts the export
-- is failed with the reason. `running` is never left without a live lease.
alter table archive_exports add column attempts integer not null default 0;
alter table archive_exports add column claimed_until timestamptz;
alter table archive_exports add column started_at timestamptz;
create index archive_exports_open on archive_exports (created_at) where status in ('queued', 'running');
-- Exports that were running in a web process before this change cannot be finished by anyone.
update archive_exports set status = 'failed', finished_at = now(), error = 'interrupted: the process writing it stopped (before exports were worker jobs); start a new export'
  where status = 'running';

-- Attachment files of archived versions (issue #19): each attachment with an http(s) URL is fetched by a
-- worker (timed work, claimed with FOR UPDATE SKIP LOCKED under a lease), its bytes kept through the
-- storage port and their SHA-256 and size written here once. archive_versions stays untouched (its rows
-- are hash-chained and append-only); this table is keyed by the attachment's place (seq, index) and ref.
create table archive_attachment_files (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  seq bigint not null,
  idx integer not null,
  ref text not null,
  url text not null,
  -- pending (to fetch, or retry at next_at), held (bytes kept), failed (not held: error says why),
  -- purged (its version was purged: the file, if any, is removed by the worker).
  status text not null check (status in ('pending', 'held', 'failed', 'purged')),
  attempts integer not null default 0,
  next_at timestamptz not null,
  claimed_until timestamptz,
  sha256 text,
  bytes bigint,
  content_type text,
  storage_key text,
  fetched_at timestamptz,
  error text,
  purged_at timestamptz,
  purge_id uuid,
  -- When the worker removed the held bytes of a purged version from the storage.
  removed_at timestamptz,
  primary key (workspace_id, seq, idx),
  foreign key (workspace_id, seq) references archive_versions (workspace_id, seq) on delete cascade
);
create index archive_attachment_files_due on archive_attachment_files (next_at) where status = 'pending';
create index archive_attachment_files_sweep on archive_attachment_files (purged_at) where status = 'purged' and removed_at is null;

-- Written once: a file's hash, size and key never change after it is held, the attachment's place and ref
-- never change; held or failed is final except for a purge (which needs sotong.archive_purge, like the
-- versions' own). Rows go only with their version (its workspace).
create function archive_attachment_files_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if pg_trigger_depth() < 2 then
      raise exception 'archive_attachment_files is append-only (rows go only with their workspace)' using errcode = '42501';
    end if;
    return old;
  end if;
  if new.workspace_id <> old.workspace_id or new.seq <> old.seq or new.idx <> old.idx or new.ref <> old.ref or new.url <> old.url
     or (old.sha256 is not null and (new.sha256 is distinct from old.sha256 or new.bytes is distinct from old.bytes or new.storage_key is distinct from old.storage_key))
     or (old.status = 'purged' and new.status <> 'purged')
     or (old.status in ('held', 'failed') and new.status <> old.status
         and not (new.status = 'purged' and coalesce(current_setting('sotong.archive_purge', true), '') = 'on')) then
    raise exception 'archive_attachment_files: a held file is written once (only a purge may mark it removed)' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger archive_attachment_files_write_once before update or delete on archive_attachment_files
  for each row execute function archive_attachment_files_guard();

-- Versions archived before this migration: their attachments with an http(s) URL are queued too.
insert into archive_attachment_files (workspace_id, seq, idx, ref, url, status, attempts, next_at)
select v.workspace_id, v.seq, (a.ord - 1)::integer, a.elem ->> 'ref', a.elem ->> 'url', 'pending', 0, now()
from archive_versions v
cross join lateral jsonb_array_elements(case when jsonb_typeof(v.attachments) = 'array' then v.attachments else '[]'::jsonb end) with ordinality as a (elem, ord)
where v.purged_at is null
  and (a.elem ->> 'ref') is not null
  and (a.elem ->> 'url') ~* '^https?://'
  and length(a.elem ->> 'url') <= 4000;

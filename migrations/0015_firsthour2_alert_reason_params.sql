-- An alert's reason as data: the detector's code (spike, cold-start-spike) is already stored; these are
-- its numbers (observed, expected, ratio, z, the hour, "by" time, history hours, cold-start limit), so the
-- UI and the e-mails write the sentence in the reader's language instead of showing the English `reason`
-- (kept for logs and older clients).
alter table listening_alerts add column if not exists reason_params jsonb not null default '{}'::jsonb;

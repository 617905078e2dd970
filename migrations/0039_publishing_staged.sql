-- Sending ahead of the slot (issue #16): the sender claims variants due within the next half minute,
-- checks and screens them and writes their idempotency records before the slot, and at the slot only
-- confirms and calls. `staged_at` marks such a claim until it is confirmed: a staged variant has never
-- been called, so a person's change (edit, reschedule, stop-all) or a lapsed claim puts it back on the
-- schedule and drops its record without asking the channel.
alter table publishing_variants add column staged_at timestamptz;

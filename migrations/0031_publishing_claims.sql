-- Claiming due variants (issue #16): the sender takes lapsed claims and due variants by two indexes of
-- their own, so that thousands of variants being sent at the same slot are not scanned at each claim.
create index publishing_variants_scheduled_due on publishing_variants (due_at) where status = 'scheduled';
create index publishing_variants_claim_lapse on publishing_variants (claim_until) where status = 'sending';
drop index if exists publishing_variants_due;

-- Personal data: items.text holds the masked text; the original is kept only where the workspace's
-- policy allows it, encrypted (AES-256-GCM envelope), readable by the compliance role with an audit entry.
alter table items add column original_text_enc text;

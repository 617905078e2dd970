export interface ArchiveTables {
  archive_versions: {
    workspace_id: string;
    seq: number;
    prev_hash: string;
    hash: string;
    recorded_at: Date;
    occurred_at: Date | null;
    kind: string | null;
    dedupe_key: string | null;
    source: string | null;
    source_id: string | null;
    channel: string | null;
    account_id: string | null;
    native_id: string | null;
    conversation_id: string | null;
    author_id: string | null;
    author_label: string | null;
    direction: string | null;
    is_private: boolean | null;
    item_version: number | null;
    labels: unknown;
    meta: unknown;
    attachments: unknown;
    text_masked: string | null;
    content_nonce: string | null;
    content_sha256: string | null;
    body_enc: string | null;
    purged_at: Date | null;
    purge_id: string | null;
  };
  archive_heads: { workspace_id: string; seq: number; hash: string };
  archive_retention: { workspace_id: string; channel: string; days: number; updated_at: Date; updated_by: string | null };
  archive_holds: {
    id: string;
    workspace_id: string;
    name: string;
    reason: string;
    author_id: string | null;
    channel: string | null;
    conversation_id: string | null;
    from_at: Date | null;
    to_at: Date | null;
    created_by: string | null;
    created_at: Date;
    released_at: Date | null;
    released_by: string | null;
  };
  archive_purges: { id: string; workspace_id: string; at: Date; removed: number; held: number; first_seq: number | null; last_seq: number | null; seqs: unknown };
  archive_exports: {
    id: string;
    workspace_id: string;
    status: 'running' | 'done' | 'failed';
    filters: unknown;
    created_by: string | null;
    created_at: Date;
    finished_at: Date | null;
    versions: number | null;
    bytes: number | null;
    head_seq: number | null;
    head_hash: string | null;
    error: string | null;
  };
  archive_conversation_links: { workspace_id: string; item_id: string; conversation_id: string };
}

export type VersionRow = ArchiveTables['archive_versions'];

/** The microblog's tables (migrations/0023_microblog.sql), typed for Kysely. */
import type { Generated, Selectable } from 'kysely';
import type { HoldReason } from '../../contracts/microblog.js';

/** Why a post is held for review (also in the post's view). */
export type { HoldReason };

export interface MicroblogTables {
  mb_people: {
    id: Generated<number>;
    workspace_id: string;
    user_id: string | null;
    username: string;
    display_name: string;
    department: string;
    title: string;
    extension: string;
    photo: string | null;
    employee_no: string | null;
    /** The identity provider's id (SCIM `externalId`), when provisioned by SCIM. */
    external_id: Generated<string | null>;
    /** Left out of the helpful-people ranking (the person's own choice, migration 0032). */
    ranking_opt_out: Generated<boolean>;
    active: boolean;
    created_at: Date;
    updated_at: Date;
  };
  mb_posts: {
    id: Generated<number>;
    workspace_id: string;
    author_id: number;
    text: string;
    spoiler: string;
    visibility: string;
    reply_to_id: number | null;
    reply_to_author_id: number | null;
    thread_root_id: number | null;
    reblog_of_id: number | null;
    state: 'visible' | 'held' | 'deleted';
    hold_reasons: HoldReason[] | null;
    lemmas: string;
    idempotency_key: string | null;
    replies_count: number;
    reblogs_count: number;
    favourites_count: number;
    created_at: Date;
    edited_at: Date | null;
    deleted_at: Date | null;
    /** The group the post was made in (replies inherit the thread's), migration 0032. */
    group_id: Generated<number | null>;
  };
  mb_post_versions: { post_id: number; version: number; text: string; spoiler: string; created_at: Date };
  mb_post_tags: { workspace_id: string; post_id: number; tag: string; author_id: number };
  mb_post_mentions: { post_id: number; person_id: number };
  mb_favourites: { person_id: number; post_id: number; created_at: Date };
  mb_bookmarks: { person_id: number; post_id: number; created_at: Date };
  mb_follows: { follower_id: number; followee_id: number; created_at: Date };
  mb_tag_follows: { person_id: number; tag: string; created_at: Date };
  mb_media: {
    id: Generated<number>;
    workspace_id: string;
    owner_id: number;
    post_id: number | null;
    storage_key: string;
    token: string;
    kind: string;
    content_type: string;
    file_name: string;
    size: number;
    sha256: string;
    description: string;
    hold_reasons: HoldReason[] | null;
    created_at: Date;
  };
  mb_polls: { id: Generated<number>; workspace_id: string; post_id: number; options: string[]; multiple: boolean; expires_at: Date | null };
  mb_poll_votes: { poll_id: number; person_id: number; choice: number; created_at: Date };
  /** Curation (migration 0033): pinned posts of a tag, its written description, merged tags' aliases. */
  mb_tag_pins: { workspace_id: string; tag: string; post_id: number; position: number; pinned_by: number; created_at: Date };
  mb_tag_notes: { workspace_id: string; tag: string; description: string; updated_by: number; updated_at: Date };
  mb_tag_aliases: { workspace_id: string; tag: string; target: string; merged_by: number; merged_at: Date };
  mb_groups: {
    id: Generated<number>;
    workspace_id: string;
    name: string;
    /** NFC, lower case: names are unique per workspace among groups not deleted. */
    name_key: string;
    description: string;
    closed: boolean;
    created_by: number;
    created_at: Date;
    updated_at: Date;
    deleted_at: Date | null;
  };
  mb_group_members: { group_id: number; person_id: number; role: 'admin' | 'member'; created_at: Date };
  mb_group_requests: { group_id: number; person_id: number; note: string; created_at: Date };
  mb_reports: {
    id: Generated<number>;
    workspace_id: string;
    post_id: number;
    reporter_id: number;
    category: string;
    note: string;
    state: 'open' | 'dismissed' | 'removed';
    created_at: Date;
    resolved_by: string | null;
    resolved_at: Date | null;
    resolution_note: string | null;
  };
  mb_notifications: { id: Generated<number>; workspace_id: string; person_id: number; type: string; from_id: number; post_id: number | null; created_at: Date };
}

export type PersonRow = Selectable<MicroblogTables['mb_people']>;
export type PostRow = Selectable<MicroblogTables['mb_posts']>;
export type GroupRow = Selectable<MicroblogTables['mb_groups']>;

import { canonicalJson, GENESIS_HASH, sha256Hex } from '../../platform/hashchain.js';
import type { VersionRow } from './archive.tables.js';
import type { ArchiveBody, ArchiveEntry, Attachment, VersionKind } from '../../contracts/archive.js';

/** What happened to a message, as the archive records it. */
export const VERSION_KINDS = ['received', 'sent', 'edited', 'deleted', 'moved_private', 'redacted'] as const satisfies readonly VersionKind[];
export type { ArchiveBody, ArchiveEntry, Attachment, VersionKind };

export { GENESIS_HASH };

export const contentDigest = (nonce: string, body: ArchiveBody) => sha256Hex(`${nonce}\n${canonicalJson({ title: body.title ?? null, text: body.text })}`);

export const entryHash = (e: ArchiveEntry) => sha256Hex(canonicalJson({ v: 1, ...e }));

export const bodyAad = (workspaceId: string, seq: number) => `${workspaceId}/archive/${seq}`;

const iso = (d: Date | string | null) => (d === null ? '' : new Date(d).toISOString());

/** The hashed entry of a stored row (not of a tombstone: its content is gone). */
export function entryOfRow(r: VersionRow): ArchiveEntry {
  return {
    workspaceId: r.workspace_id,
    seq: Number(r.seq),
    prevHash: r.prev_hash,
    recordedAt: iso(r.recorded_at),
    occurredAt: iso(r.occurred_at),
    kind: r.kind as VersionKind,
    source: r.source ?? '',
    sourceId: r.source_id ?? '',
    channel: r.channel ?? '',
    accountId: r.account_id,
    nativeId: r.native_id,
    conversationId: r.conversation_id,
    authorId: r.author_id,
    authorLabel: r.author_label,
    direction: r.direction ?? '',
    isPrivate: r.is_private === true,
    itemVersion: r.item_version === null ? null : Number(r.item_version),
    labels: (r.labels as string[] | null) ?? [],
    meta: (r.meta as Record<string, unknown> | null) ?? {},
    attachments: (r.attachments as Attachment[] | null) ?? [],
    textMasked: r.text_masked ?? '',
    content: { nonce: r.content_nonce ?? '', sha256: r.content_sha256 ?? '' },
  };
}

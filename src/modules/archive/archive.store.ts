import crypto from 'node:crypto';
import { sql } from 'kysely';
import { on, type AnyDb } from '../../platform/db/store.js';
import { arrayLiteral, columnList, unnestRows } from '../../platform/db/unnest.js';
import { GENESIS_HASH } from '../../platform/hashchain.js';
import type { Keyring } from '../secrets/index.js';
import type { ArchiveTables } from './archive.tables.js';
import { attachmentRows } from './attachments.jobs.js';
import { bodyAad, contentDigest, entryHash, type ArchiveBody, type ArchiveEntry, type Attachment, type VersionKind } from './chain.js';

/** One message version to append (the chain position, time of recording and digest are added here). */
export interface VersionInput {
  /** Appending the same key twice appends once (bus redeliveries, replays). */
  dedupeKey: string;
  occurredAt: Date;
  kind: VersionKind;
  source: string;
  sourceId: string;
  channel: string;
  accountId: string | null;
  nativeId: string | null;
  conversationId: string | null;
  authorId: string | null;
  authorLabel: string | null;
  direction: 'inbound' | 'outbound';
  isPrivate: boolean;
  itemVersion: number | null;
  labels: string[];
  meta: Record<string, unknown>;
  attachments: Attachment[];
  textMasked: string;
  body: ArchiveBody;
}

/** jsonb parameters go over the wire as JSON text on both stores. */
const json = (v: unknown) => JSON.stringify(v) as never;

/** The columns of a new version, with their types (rows go in as one array per column: see unnestRows). */
const INSERT = [
  ['workspace_id', 'uuid'],
  ['seq', 'bigint'],
  ['prev_hash', 'text'],
  ['hash', 'text'],
  ['recorded_at', 'timestamptz'],
  ['occurred_at', 'timestamptz'],
  ['kind', 'text'],
  ['dedupe_key', 'text'],
  ['source', 'text'],
  ['source_id', 'text'],
  ['channel', 'text'],
  ['account_id', 'uuid'],
  ['native_id', 'text'],
  ['conversation_id', 'uuid'],
  ['author_id', 'uuid'],
  ['author_label', 'text'],
  ['direction', 'text'],
  ['is_private', 'boolean'],
  ['item_version', 'integer'],
  ['labels', 'jsonb'],
  ['meta', 'jsonb'],
  ['attachments', 'jsonb'],
  ['text_masked', 'text'],
  ['content_nonce', 'text'],
  ['content_sha256', 'text'],
  ['body_enc', 'text'],
] as const;

/**
 * Appends versions to a workspace's chain inside the caller's transaction. The head row is locked
 * (`for update`), so two workers appending for one workspace queue on it and never fork the chain;
 * a dedupe key already in the chain is skipped under the same lock. Returns the entries appended.
 */
export async function appendVersions(trx: AnyDb, keyring: Keyring, workspaceId: string, inputs: VersionInput[], now: Date): Promise<ArchiveEntry[]> {
  if (!inputs.length) return [];
  const db = on<ArchiveTables>(trx);
  await db
    .insertInto('archive_heads')
    .values({ workspace_id: workspaceId, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  const head = await db.selectFrom('archive_heads').selectAll().where('workspace_id', '=', workspaceId).forUpdate().executeTakeFirstOrThrow();
  const keys = [...new Set(inputs.map((i) => i.dedupeKey))];
  const seen = new Set<string>();
  const existing = await db
    .selectFrom('archive_versions')
    .select('dedupe_key')
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`dedupe_key = any(${arrayLiteral(keys)}::text[])`)
    .execute();
  for (const r of existing) seen.add(r.dedupe_key!);
  let seq = Number(head.seq);
  let prev = head.hash;
  const entries: ArchiveEntry[] = [];
  const rows: Array<Omit<ArchiveTables['archive_versions'], 'purged_at' | 'purge_id' | 'labels' | 'meta' | 'attachments'> & { labels: string; meta: string; attachments: string }> = [];
  for (const input of inputs) {
    if (seen.has(input.dedupeKey)) continue;
    seen.add(input.dedupeKey);
    seq += 1;
    const nonce = crypto.randomBytes(12).toString('base64url');
    const entry: ArchiveEntry = {
      workspaceId,
      seq,
      prevHash: prev,
      recordedAt: now.toISOString(),
      occurredAt: input.occurredAt.toISOString(),
      kind: input.kind,
      source: input.source,
      sourceId: input.sourceId,
      channel: input.channel,
      accountId: input.accountId,
      nativeId: input.nativeId,
      conversationId: input.conversationId,
      authorId: input.authorId,
      authorLabel: input.authorLabel,
      direction: input.direction,
      isPrivate: input.isPrivate,
      itemVersion: input.itemVersion,
      labels: input.labels,
      meta: JSON.parse(JSON.stringify(input.meta)) as Record<string, unknown>,
      attachments: input.attachments,
      textMasked: input.textMasked,
      content: { nonce, sha256: contentDigest(nonce, input.body) },
    };
    const hash = entryHash(entry);
    entries.push(entry);
    rows.push({
      workspace_id: workspaceId,
      seq,
      prev_hash: prev,
      hash,
      recorded_at: now,
      occurred_at: input.occurredAt,
      kind: input.kind,
      dedupe_key: input.dedupeKey,
      source: input.source,
      source_id: input.sourceId,
      channel: input.channel,
      account_id: input.accountId,
      native_id: input.nativeId,
      conversation_id: input.conversationId,
      author_id: input.authorId,
      author_label: input.authorLabel,
      direction: input.direction,
      is_private: input.isPrivate,
      item_version: input.itemVersion,
      labels: json(entry.labels),
      meta: json(entry.meta),
      attachments: json(entry.attachments),
      text_masked: input.textMasked,
      content_nonce: nonce,
      content_sha256: entry.content.sha256,
      body_enc: keyring.encrypt(JSON.stringify({ title: input.body.title ?? null, text: input.body.text }), bodyAad(workspaceId, seq)),
    });
    prev = hash;
  }
  for (let i = 0; i < rows.length; i += 2000) await sql`insert into archive_versions ${columnList(INSERT)} ${unnestRows(INSERT, rows.slice(i, i + 2000))}`.execute(trx);
  // Attachments with an http(s) URL are queued for the worker that fetches and holds their files.
  const files = entries.flatMap((e) => attachmentRows(workspaceId, e.seq, e.attachments, now));
  for (let i = 0; i < files.length; i += 1000)
    await db
      .insertInto('archive_attachment_files')
      .values(files.slice(i, i + 1000))
      .execute();
  if (rows.length) await db.updateTable('archive_heads').set({ seq, hash: prev }).where('workspace_id', '=', workspaceId).execute();
  return entries;
}

/** Reads an original back (compliance only: the caller checks). */
export function decryptBody(keyring: Keyring, workspaceId: string, seq: number, envelope: string): ArchiveBody {
  return JSON.parse(keyring.decrypt(envelope, bodyAad(workspaceId, seq))) as ArchiveBody;
}

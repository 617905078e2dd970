import { sql } from 'kysely';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Logger } from '../../platform/log/log.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { sha256Hex, canonicalJson } from '../../platform/hashchain.js';
import type { Keyring } from '../../modules/secrets/index.js';
import type { ArchiveService, Attachment, VersionInput, VersionKind } from '../../modules/archive/index.js';
import { INGESTED_SUBJECT, originalAad, type IngestedBatch, type ItemsTables } from '../../modules/items/index.js';
import { CONVERSATION_BATCH_SUBJECT, CONVERSATION_SUBJECT, type ConversationBatch, type ConversationEvent, type InboxTables } from '../../modules/inbox/index.js';
import { BUILTIN_BLOG, POST_PUBLISHED_BATCH, type PostPublishedBatch, type PostPublishedEvent, type PublishedRecords } from '../../modules/publishing/index.js';
import type { AccountsService } from '../../modules/accounts/index.js';

export const ARCHIVE_QUEUE = 'archive';

type Db = ItemsTables & Pick<InboxTables, 'outbox' | 'conversations' | 'conversation_items'>;
type Media = { type?: string; url?: string; mimeType?: string };

export function attachmentsOf(media: unknown, defaultType = 'file'): Attachment[] {
  return (Array.isArray(media) ? (media as Media[]) : []).map((m) => {
    const ref = { type: m.type ?? defaultType, url: m.url ?? '', mimeType: m.mimeType ?? null };
    return { ...ref, ref: sha256Hex(canonicalJson(ref)), sha256: null };
  });
}

/** What the capture reads of published posts (the publishing and accounts faces); absent: posts are not captured. */
export interface PublishedSources {
  records: Pick<PublishedRecords, 'published'>;
  accounts: Pick<AccountsService, 'byId'>;
}

/**
 * Archive capture: every message version the program sees goes to the archive. Items ingested (received,
 * edited, deleted on the channel; the program's own posts as sent), replies the channel accepted (sent;
 * the private half of a move to private as moved_private), posts the publishing flow sent (sent, with
 * the campaign, the 심의필 and the approvers), and the conversation each item joins (for holds and
 * searches by conversation). A durable work queue, so a version is captured even when the worker
 * restarts; dedupe keys make redeliveries no-ops.
 */
export class ArchiveCapture {
  private readonly db;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly archive: ArchiveService,
    private readonly keyring: Keyring,
    private readonly log: Logger,
    private readonly posts?: PublishedSources,
  ) {
    this.db = tables<Db>(store);
  }

  work(): Promise<Subscription> {
    return this.bus.consume<unknown>(
      ARCHIVE_QUEUE,
      [INGESTED_SUBJECT, CONVERSATION_SUBJECT, CONVERSATION_BATCH_SUBJECT, ...(this.posts ? [POST_PUBLISHED_BATCH] : [])],
      async (msg) => {
        if (msg.subject === INGESTED_SUBJECT) await this.items(msg.data as IngestedBatch);
        else if (msg.subject === POST_PUBLISHED_BATCH) await this.published((msg.data as PostPublishedBatch).posts);
        else if (msg.subject === CONVERSATION_BATCH_SUBJECT) await this.attached(msg.data as ConversationBatch);
        else if ((msg.data as ConversationEvent).change === 'reply_sent') await this.replies(msg.data as ConversationEvent);
      },
      { maxDeliver: 10, onDeadLetter: (m, err) => this.log.error({ err, subject: m.subject, id: m.id }, 'archive capture gave up on a message') },
    );
  }

  /** Versions of ingested items (one bus message: one workspace, one transaction). */
  async items(batch: IngestedBatch): Promise<number> {
    const ids = [...new Set(batch.items.map((i) => i.id))];
    if (!ids.length) return 0;
    const rows = await this.db
      .selectFrom('items as i')
      .innerJoin('authors as a', 'a.id', 'i.author_id')
      .select(['i.id', 'i.account_id', 'i.channel', 'i.native_id', 'i.kind', 'i.author_id', 'i.parent_native_id', 'i.thread_native_id', 'i.title', 'i.text', 'i.lang', 'i.links', 'i.media', 'i.url'])
      .select(['i.is_private', 'i.direction', 'i.created_at', 'i.received_at', 'i.edited_at', 'i.deleted_at', 'i.original_text_enc', 'a.handle', 'a.display_name', 'a.native_id as author_native_id'])
      .select(sql<string | null>`i.raw ->> 'redacted'`.as('redacted'))
      .where('i.workspace_id', '=', batch.workspaceId)
      .where('i.id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const convs = await this.db
      .selectFrom('conversation_items as ci')
      .innerJoin('conversations as c', 'c.id', 'ci.conversation_id')
      .select(['ci.item_id', 'c.id', 'c.tags'])
      .where('ci.workspace_id', '=', batch.workspaceId)
      .where('ci.item_id', 'in', ids)
      .execute();
    const convOf = new Map(convs.map((c) => [c.item_id, c]));
    const inputs: VersionInput[] = [];
    for (const it of batch.items) {
      const r = byId.get(it.id);
      if (!r) continue; // gone with its workspace
      let original: string | null = null;
      if (r.original_text_enc) {
        try {
          original = this.keyring.decrypt(r.original_text_enc, originalAad(batch.workspaceId));
        } catch (err) {
          this.log.warn({ err, itemId: r.id }, 'archive capture: the original of an item cannot be read; keeping the masked text');
        }
      }
      // The item's text had personal data masked (ingest marks the row); the original is kept or not by policy.
      const masked = r.redacted !== null;
      const base: VersionKind = it.change === 'deleted' ? 'deleted' : it.change === 'updated' ? 'edited' : r.direction === 'outbound' ? 'sent' : 'received';
      // The text on record had personal data removed by the workspace's policy and no original is kept.
      const redacted = masked && original === null && base !== 'deleted';
      const occurred = it.change === 'deleted' ? (r.deleted_at ?? r.received_at) : it.change === 'updated' ? (r.edited_at ?? r.received_at) : r.created_at;
      const conv = convOf.get(r.id);
      inputs.push({
        dedupeKey: `item:${r.id}:${it.version}:${it.change}`,
        occurredAt: new Date(occurred),
        kind: redacted ? 'redacted' : base,
        source: 'item',
        sourceId: r.id,
        channel: r.channel,
        accountId: r.account_id,
        nativeId: r.native_id,
        conversationId: conv?.id ?? null,
        authorId: r.author_id,
        authorLabel: r.display_name ?? r.handle ?? r.author_native_id,
        direction: r.direction,
        isPrivate: r.is_private,
        itemVersion: it.version,
        labels: conv?.tags ?? [],
        meta: {
          itemKind: r.kind,
          authorNativeId: r.author_native_id,
          parentNativeId: r.parent_native_id,
          threadNativeId: r.thread_native_id,
          url: r.url,
          lang: r.lang,
          links: r.links ?? [],
          createdAt: new Date(r.created_at).toISOString(),
          ...(r.edited_at ? { editedAt: new Date(r.edited_at).toISOString() } : {}),
          ...(redacted ? { event: base, original: 'not kept (workspace keeps masked text only)' } : {}),
          ...(masked ? { masked: true } : {}),
        },
        attachments: attachmentsOf(r.media),
        textMasked: r.text,
        body: { title: r.title, text: original ?? r.text },
      });
    }
    await this.archive.append(batch.workspaceId, inputs);
    if (convs.length)
      await this.archive.linkConversation(
        batch.workspaceId,
        convs.map((c) => ({ itemId: c.item_id, conversationId: c.id })),
      );
    return inputs.length;
  }

  /** Replies of a conversation the channel accepted and the archive does not hold yet. */
  async replies(e: ConversationEvent): Promise<number> {
    const rows = await this.db
      .selectFrom('outbox as o')
      .innerJoin('conversations as c', 'c.id', 'o.conversation_id')
      .select([
        'o.id',
        'o.account_id',
        'o.text',
        'o.is_private',
        'o.native_id',
        'o.url',
        'o.sent_at',
        'o.author_user_id',
        'o.in_reply_to_item_id',
        'o.is_automatic',
        'c.channel',
        'c.tags',
        'c.linked_conversation_id',
        'c.is_private as conv_private',
      ])
      .where('o.workspace_id', '=', e.workspaceId)
      .where('o.conversation_id', '=', e.conversationId)
      .where('o.status', '=', 'sent')
      .orderBy('o.sent_at')
      .execute();
    const inputs: VersionInput[] = rows.map((o) => ({
      dedupeKey: `outbox:${o.id}`,
      occurredAt: new Date(o.sent_at ?? 0),
      kind: o.is_private && o.conv_private && o.linked_conversation_id ? 'moved_private' : 'sent',
      source: 'outbox',
      sourceId: o.id,
      channel: o.channel,
      accountId: o.account_id,
      nativeId: o.native_id,
      conversationId: e.conversationId,
      authorId: o.author_user_id,
      authorLabel: null,
      direction: 'outbound',
      isPrivate: o.is_private,
      itemVersion: null,
      labels: o.tags ?? [],
      meta: { url: o.url, inReplyToItemId: o.in_reply_to_item_id, automatic: o.is_automatic, authorType: 'user' },
      attachments: [],
      textMasked: o.text,
      body: { title: null, text: o.text },
    }));
    await this.archive.append(e.workspaceId, inputs);
    return inputs.length;
  }

  /**
   * Posts the publishing flow sent: one `sent` version per channel variant, with the text exactly as it
   * went out (tracked links and 심의필 stamp), the channel's id and address, the campaign, the 심의필
   * number and validity, the maker and the approvers of the round.
   */
  async published(events: PostPublishedEvent[]): Promise<number> {
    if (!this.posts || !events.length) return 0;
    let n = 0;
    const byWorkspace = new Map<string, string[]>();
    for (const e of events) byWorkspace.set(e.workspaceId, [...(byWorkspace.get(e.workspaceId) ?? []), e.variantId]);
    for (const [workspaceId, ids] of byWorkspace) {
      const records = await this.posts.records.published(workspaceId, ids);
      const inputs: VersionInput[] = [];
      const accounts = new Map<string, Awaited<ReturnType<PublishedSources['accounts']['byId']>>>();
      for (const r of records) {
        if (r.accountId && !accounts.has(r.accountId)) accounts.set(r.accountId, await this.posts.accounts.byId(r.accountId));
        const account = r.accountId ? accounts.get(r.accountId) : undefined;
        inputs.push({
          dedupeKey: `post:${r.variantId}:sent`,
          occurredAt: new Date(r.publishedAt ?? 0),
          kind: 'sent',
          source: 'post',
          sourceId: r.variantId,
          channel: r.target === BUILTIN_BLOG ? 'blog' : (account?.type ?? r.target),
          accountId: r.accountId,
          nativeId: r.nativeId,
          conversationId: null,
          authorId: r.owner.id,
          authorLabel: r.owner.label,
          direction: 'outbound',
          isPrivate: false,
          itemVersion: r.round,
          labels: r.campaign ? [r.campaign] : [],
          meta: {
            itemKind: 'post',
            postId: r.postId,
            target: r.target,
            accountName: account?.name ?? null,
            url: r.url,
            campaign: r.campaign,
            product: r.product,
            round: r.round,
            review: r.review,
            approvers: r.approvers,
            links: r.trackedLinks,
            publishedAt: r.publishedAt,
          },
          attachments: attachmentsOf(r.media, 'image'),
          textMasked: r.text,
          body: { title: r.title || null, text: r.text },
        });
      }
      await this.archive.append(workspaceId, inputs);
      n += inputs.length;
    }
    return n;
  }

  /** Items that joined conversations (grouping runs after ingest, so the version may predate it). */
  async attached(b: ConversationBatch): Promise<void> {
    const links = b.events.filter((e) => e.itemId).map((e) => ({ itemId: e.itemId!, conversationId: e.conversationId }));
    await this.archive.linkConversation(b.workspaceId, links);
  }
}

/**
 * Compose once, adapt per channel: campaigns, posts with a master text and per-channel variants, their
 * live checks (the channel's own count through its adapter's `measure()`, and the pre-send screen),
 * scheduling, and the workspace's publishing settings.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AdapterRegistry } from '../../channels/registry.js';
import { measurerFor, publishTargets } from '../../channels/registry.js';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { allows, assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { AccountsService } from '../accounts/index.js';
import { blocks, type Product, type ScreeningService } from '../screening/index.js';
import { finalText, loadPost, loadSettings, openRound, screenedText, SENT_STATES, unstage, variantsOf, type Db } from './posts.store.js';
import { applyTracked, previewText, trackVariants, type PostLinks } from './posts.links.js';
import { validateSettings } from './publishing.settings.js';
import { BUILTIN_BLOG, iso, POST_STATUSES, UUID_RE, type MediaItem, type PostRow, type PublishingSettings, type PublishingTables, type VariantRow } from './publishing.tables.js';
import type { CampaignView, PostInput, PostView, VariantCheck, VariantInput, VariantView } from '../../contracts/publishing.js';

export type { PostInput, PostView, VariantCheck, VariantInput, VariantView };

export interface PublishingDeps {
  store: Store;
  clock: Clock;
  bus?: Bus;
  adapters: AdapterRegistry;
  accounts: AccountsService;
  screening: ScreeningService;
  /** Whether the workspace is in crisis mode (the listening module's flag). */
  crisisActive: (workspaceId: string) => Promise<boolean>;
  /** Tracked links in posts (the tracked-links flow); absent: links go out as written. */
  links?: PostLinks;
}

const EDITABLE = new Set(['draft', 'changes_requested', 'in_review', 'approved', 'missed', 'stopped', 'failed']);

export class PostsService {
  protected readonly db: Kysely<PublishingTables>;
  constructor(protected readonly d: PublishingDeps) {
    this.db = tables<PublishingTables>(d.store);
  }

  /** Every target a variant may name (the registered adapters' and the built-in blog). */
  targets(): string[] {
    return [...publishTargets(this.d.adapters), BUILTIN_BLOG];
  }

  /** Which targets each channel type publishes to (for the composer's account choice). */
  targetsByChannel(): Record<string, string[]> {
    return Object.fromEntries(
      this.d.adapters
        .all()
        .filter((a) => a.publish && a.publishTargets?.length)
        .map((a) => [a.type, [...a.publishTargets!]]),
    );
  }

  async settings(scope: Scope): Promise<PublishingSettings> {
    assertCan(scope, 'publishing.read');
    return loadSettings(this.db, scope.workspaceId);
  }

  async saveSettings(scope: Scope, input: PublishingSettings): Promise<PublishingSettings> {
    assertCan(scope, 'publishing.manage');
    const s = validateSettings(input);
    const now = this.d.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('publishing_settings')
        .values({ workspace_id: scope.workspaceId, settings: jsonParam(s), updated_at: now })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ settings: jsonParam(s), updated_at: now }))
        .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'publishing.settings_saved', targetType: 'workspace', targetId: scope.workspaceId, after: s, at: now });
    });
    return s;
  }

  async createCampaign(scope: Scope, input: { name: string; product?: Product | null; note?: string }): Promise<CampaignView> {
    assertCan(scope, 'publishing.compose');
    const name = input.name.trim();
    if (!name) throw invalid('publishing.name_required', 'A campaign needs a name.', 'name');
    const now = this.d.clock.now();
    const row = { id: crypto.randomUUID(), workspace_id: scope.workspaceId, name, product: input.product ?? null, note: input.note ?? '', created_by: scope.actor.userId, created_at: now };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('publishing_campaigns').values(row).execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'publishing.campaign_created', targetType: 'publishing_campaign', targetId: row.id, after: { name, product: row.product }, at: now });
    });
    return { id: row.id, name, product: row.product, note: row.note, createdAt: now.toISOString() };
  }

  async campaigns(scope: Scope): Promise<CampaignView[]> {
    assertCan(scope, 'publishing.read');
    const rows = await this.db.selectFrom('publishing_campaigns').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('created_at', 'desc').limit(500).execute();
    return rows.map((r) => ({ id: r.id, name: r.name, product: r.product, note: r.note, createdAt: iso(r.created_at)! }));
  }

  async create(scope: Scope, input: PostInput): Promise<PostView> {
    assertCan(scope, 'publishing.compose');
    const now = this.d.clock.now();
    const settings = await loadSettings(this.db, scope.workspaceId);
    const product = input.product ?? null;
    const campaignId = await this.campaignId(scope, input.campaignId);
    const variants = await this.resolveVariants(scope, input, product, settings);
    const slot = this.slot(input.scheduledAt, now);
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('publishing_posts')
        .values({
          id,
          workspace_id: scope.workspaceId,
          campaign_id: campaignId,
          title: (input.title ?? '').trim(),
          master_text: input.masterText,
          product,
          status: 'draft',
          scheduled_at: slot,
          round: 0,
          step: 0,
          chain: jsonParam([]),
          reapprove_on_reschedule: false,
          review_number: null,
          review_valid_from: null,
          review_valid_until: null,
          stamp: null,
          approval_due_at: null,
          escalated_at: null,
          owner_id: scope.actor.userId,
          owner_label: scope.actor.label,
          makers: jsonParam(scope.actor.userId ? [scope.actor.userId] : []),
          created_at: now,
          updated_at: now,
        })
        .execute();
      await this.insertVariants(trx, scope, id, variants);
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'publishing.post_created',
        targetType: 'publishing_post',
        targetId: id,
        after: { product, scheduledAt: iso(slot), targets: variants.map((v) => v.target) },
        at: now,
      });
    });
    return this.get(scope, id);
  }

  /** Edits a post; an edit after review started (or after approval) sends it back for a new round. */
  async update(scope: Scope, id: string, input: PostInput): Promise<PostView> {
    assertCan(scope, 'publishing.compose');
    const now = this.d.clock.now();
    const settings = await loadSettings(this.db, scope.workspaceId);
    const product = input.product ?? null;
    const campaignId = await this.campaignId(scope, input.campaignId);
    const variants = await this.resolveVariants(scope, input, product, settings);
    const slot = this.slot(input.scheduledAt, now);
    // An edit of a post under review opens a new round: its links are tracked first (outside the transaction).
    const was = await loadPost(this.db, scope, id);
    const tracked =
      was.status === 'in_review' || was.status === 'approved'
        ? await trackVariants(
            this.d.links,
            this.d.accounts,
            this.db,
            scope,
            { id, title: (input.title ?? '').trim(), campaignId },
            variants.map((v) => ({ account_id: v.accountId, target: v.target, text: v.text })),
          )
        : null;
    await this.db.transaction().execute(async (trx) => {
      const post = await loadPost(trx, scope, id, true);
      await this.assertEditable(trx, post);
      const before = await variantsOf(trx, id);
      await trx.deleteFrom('publishing_variants').where('post_id', '=', id).execute();
      await this.insertVariants(trx, scope, id, variants);
      const makers = [...new Set([...post.makers, ...(scope.actor.userId ? [scope.actor.userId] : [])])];
      const edited = await trx
        .updateTable('publishing_posts')
        .set({
          campaign_id: campaignId,
          title: (input.title ?? '').trim(),
          master_text: input.masterText,
          product,
          scheduled_at: slot,
          makers: jsonParam(makers),
          updated_at: now,
          ...(['missed', 'stopped', 'failed'].includes(post.status) ? { status: 'draft' as const } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const sendBack = post.status === 'in_review' || post.status === 'approved';
      if (sendBack) {
        if (this.d.links && !tracked && !(was.status === 'in_review' || was.status === 'approved')) throw conflict('publishing.changed_meanwhile', 'The post was submitted while it was being edited; try again.');
        await applyTracked(trx, id, tracked);
        await openRound(trx, edited, await variantsOf(trx, id), settings, scope.actor, now, 'edited');
      }
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: sendBack ? 'publishing.post_edited_sent_back' : 'publishing.post_edited',
        targetType: 'publishing_post',
        targetId: id,
        before: { status: post.status, masterText: post.master_text, variants: before.map((v) => ({ target: v.target, text: v.text })) },
        after: { masterText: input.masterText, variants: variants.map((v) => ({ target: v.target, text: v.text })) },
        at: now,
      });
    });
    return this.get(scope, id);
  }

  /** Moves a post to another slot (the calendar's drag); re-approval where the chain says so. */
  async reschedule(scope: Scope, id: string, scheduledAt: string): Promise<PostView> {
    assertCan(scope, 'publishing.compose');
    const now = this.d.clock.now();
    const slot = this.slot(scheduledAt, now)!;
    const settings = await loadSettings(this.db, scope.workspaceId);
    await this.db.transaction().execute(async (trx) => {
      const post = await loadPost(trx, scope, id, true);
      await this.assertEditable(trx, post);
      const moved = await trx.updateTable('publishing_posts').set({ scheduled_at: slot, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const reapprove = post.status === 'approved' && post.reapprove_on_reschedule;
      if (reapprove) await openRound(trx, moved, await variantsOf(trx, id), settings, scope.actor, now, 'rescheduled');
      else if (post.status === 'in_review' && post.approval_due_at)
        await trx
          .updateTable('publishing_posts')
          .set({ approval_due_at: new Date(slot.getTime() - settings.deadlineMinutes * 60_000), escalated_at: null })
          .where('id', '=', id)
          .execute();
      else if (post.status === 'approved') await trx.updateTable('publishing_variants').set({ due_at: slot }).where('post_id', '=', id).where('status', '=', 'scheduled').execute();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: reapprove ? 'publishing.rescheduled_sent_back' : 'publishing.rescheduled',
        targetType: 'publishing_post',
        targetId: id,
        before: { scheduledAt: iso(post.scheduled_at) },
        after: { scheduledAt: slot.toISOString() },
        at: now,
      });
    });
    return this.get(scope, id);
  }

  async get(scope: Scope, id: string, withChecks = true): Promise<PostView> {
    assertCan(scope, 'publishing.read');
    const post = await loadPost(this.db, scope, id);
    return this.present(scope, post, await variantsOf(this.db, id), withChecks);
  }

  async list(scope: Scope, q: { status?: string; campaignId?: string; limit?: number }): Promise<PostView[]> {
    assertCan(scope, 'publishing.read');
    let query = this.db.selectFrom('publishing_posts').selectAll().where('workspace_id', '=', scope.workspaceId);
    if (q.status && !(POST_STATUSES as readonly string[]).includes(q.status)) return [];
    if (q.campaignId && !UUID_RE.test(q.campaignId)) return [];
    if (q.status) query = query.where('status', '=', q.status as PostRow['status']);
    if (q.campaignId) query = query.where('campaign_id', '=', q.campaignId);
    const posts = await query
      .orderBy('updated_at', 'desc')
      .limit(Math.min(q.limit ?? 100, 500))
      .execute();
    const variants = posts.length
      ? await this.db
          .selectFrom('publishing_variants')
          .selectAll()
          .where(
            'post_id',
            'in',
            posts.map((p) => p.id),
          )
          .orderBy('position')
          .execute()
      : [];
    return Promise.all(
      posts.map((p) =>
        this.present(
          scope,
          p,
          variants.filter((v) => v.post_id === p.id),
          false,
        ),
      ),
    );
  }

  /** The live check of one text for one target (the composer calls it as the user types). */
  async check(scope: Scope, input: { target: string; text: string; product?: Product | null; media?: MediaItem[] }): Promise<VariantCheck> {
    assertCan(scope, 'publishing.read');
    if (!this.targets().includes(input.target)) throw invalid('publishing.unknown_target', `Unknown target "${input.target}".`, 'target');
    const sample = await this.d.links?.sample(scope.workspaceId);
    return this.checkText(scope, input.target, input.text, input.product ?? null, input.media ?? [], await this.d.crisisActive(scope.workspaceId), previewText(input.text, sample));
  }

  /**
   * The check of a variant: `text` as written is screened (the links' real addresses); `measured`, the
   * text as it goes out (tracked links, or their preview), is counted in the channel's unit.
   */
  async checkText(scope: Scope, target: string, text: string, product: string | null, media: MediaItem[], crisis: boolean, measured = text): Promise<VariantCheck> {
    const measurer = measurerFor(this.d.adapters, target);
    const measure = measurer ? measurer(measured) : null;
    const screen = await this.d.screening.screen(scope, text, { channel: target, ...(product ? { product: product as Product } : {}), crisis });
    const problems: VariantCheck['problems'] = [];
    if (measure?.limit != null && measure.length > measure.limit) problems.push('too_long');
    if (media.some((m) => !m.altText.trim())) problems.push('alt_text_missing');
    // The adapter's own measure declares when its channel takes no post without an image (Instagram).
    if (measure?.imageRequired && !media.length) problems.push('image_required');
    return { measure, ok: !problems.length && !blocks(screen.findings), problems, findings: screen.findings };
  }

  protected async present(scope: Scope, post: PostRow, variants: VariantRow[], withChecks: boolean): Promise<PostView> {
    // A reader who may not screen (a read-only token) sees the post without its checks.
    withChecks &&= allows(scope, 'screening.use');
    const crisis = withChecks ? await this.d.crisisActive(scope.workspaceId) : false;
    const names = new Map<string, string>();
    for (const v of variants) if (v.account_id && !names.has(v.account_id)) names.set(v.account_id, (await this.d.accounts.byId(v.account_id))?.name ?? '');
    const sample = withChecks && variants.some((v) => v.tracked_text === null) ? await this.d.links?.sample(scope.workspaceId) : null;
    const views: VariantView[] = [];
    for (const v of variants) {
      const text = finalText(post, v);
      const measured = v.tracked_text === null ? previewText(text, sample) : text;
      views.push({
        id: v.id,
        accountId: v.account_id,
        accountName: v.account_id ? (names.get(v.account_id) ?? null) : null,
        target: v.target,
        text: v.text,
        finalText: text,
        trackedLinks: v.tracked_links ?? [],
        media: v.media,
        stampRequired: v.stamp_required,
        // Staged ahead of the slot is still scheduled to the people who look (nothing has gone out).
        status: v.status === 'sending' && v.staged_at ? 'scheduled' : v.status,
        dueAt: iso(v.due_at),
        nativeId: v.native_id,
        url: v.url,
        error: v.error,
        publishedAt: iso(v.published_at),
        editedAt: iso(v.edited_at),
        deletedAt: iso(v.deleted_at),
        pendingText: v.pending_text,
        ...(withChecks ? { check: await this.checkText(scope, v.target, screenedText(post, v), post.product, v.media, crisis, measured) } : {}),
      });
    }
    return {
      id: post.id,
      campaignId: post.campaign_id,
      title: post.title,
      masterText: post.master_text,
      product: post.product,
      status: post.status,
      scheduledAt: iso(post.scheduled_at),
      round: post.round,
      step: post.step,
      chain: post.chain.map((s) => ({ name: s.name, roles: s.roles, compliance: Boolean(s.compliance) })),
      review: post.review_number ? { number: post.review_number, validFrom: post.review_valid_from, validUntil: post.review_valid_until, stamp: post.stamp } : null,
      approvalDueAt: iso(post.approval_due_at),
      escalatedAt: iso(post.escalated_at),
      owner: { id: post.owner_id, label: post.owner_label },
      createdAt: iso(post.created_at)!,
      updatedAt: iso(post.updated_at)!,
      variants: views,
    };
  }

  private async assertEditable(trx: Db, post: PostRow): Promise<void> {
    if (!EDITABLE.has(post.status)) throw conflict('publishing.not_editable', `A ${post.status} post cannot be changed.`);
    // Claimed ahead of its slot but not called yet: back on the schedule, so the change applies to it.
    await unstage(trx, { postId: post.id });
    const sent = await trx.selectFrom('publishing_variants').select('status').where('post_id', '=', post.id).execute();
    if (sent.some((v) => SENT_STATES.has(v.status))) throw conflict('publishing.already_sent', 'Part of this post has gone out already.');
  }

  private slot(at: string | null | undefined, now: Date): Date | null {
    if (at == null) return null;
    const t = Date.parse(at);
    if (Number.isNaN(t)) throw invalid('publishing.bad_slot', 'scheduledAt is not a date.', 'scheduledAt');
    if (t < now.getTime() - 60_000) throw invalid('publishing.slot_in_past', 'The slot is in the past.', 'scheduledAt');
    return new Date(t);
  }

  private async campaignId(scope: Scope, id: string | null | undefined): Promise<string | null> {
    if (!id) return null;
    const row = UUID_RE.test(id) ? await this.db.selectFrom('publishing_campaigns').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('publishing.campaign_not_found', 'No such campaign.');
    return row.id;
  }

  private async resolveVariants(scope: Scope, input: PostInput, product: string | null, settings: PublishingSettings) {
    if (!input.masterText.trim()) throw invalid('publishing.text_required', 'The master text is empty.', 'masterText');
    if (!input.variants.length) throw invalid('publishing.no_variant', 'Choose at least one channel.', 'variants');
    const known = this.targets();
    const seen = new Set<string>();
    const out: Array<{ accountId: string | null; target: string; text: string; media: MediaItem[]; stampRequired: boolean }> = [];
    for (const v of input.variants) {
      if (!known.includes(v.target)) throw invalid('publishing.unknown_target', `Unknown target "${v.target}".`, 'variants');
      let accountId: string | null = null;
      if (v.target !== BUILTIN_BLOG) {
        const acc = v.accountId && UUID_RE.test(v.accountId) ? await this.d.accounts.byId(v.accountId) : undefined;
        if (!acc || acc.workspace_id !== scope.workspaceId || acc.status === 'disconnected') throw notFound('publishing.account_not_found', 'No such channel account.');
        const adapter = this.d.adapters.get(acc.type);
        if (!adapter?.publish || !adapter.publishTargets?.includes(v.target)) throw invalid('publishing.cannot_publish', `This account cannot publish to "${v.target}".`, 'variants');
        accountId = acc.id;
      }
      const key = `${accountId}:${v.target}`;
      if (seen.has(key)) throw invalid('publishing.duplicate_variant', 'Two variants for the same account and target.', 'variants');
      seen.add(key);
      const stampRequired = product !== null && (settings.stampTargets.length === 0 || settings.stampTargets.includes(v.target));
      out.push({ accountId, target: v.target, text: v.text ?? input.masterText, media: v.media ?? [], stampRequired });
    }
    return out;
  }

  private async insertVariants(trx: Db, scope: Scope, postId: string, variants: Awaited<ReturnType<PostsService['resolveVariants']>>): Promise<void> {
    // Tracked texts are written by applyTracked when a round opens.
    if (!variants.length) return;
    await trx
      .insertInto('publishing_variants')
      .values(
        variants.map((v, i) => ({
          id: crypto.randomUUID(),
          post_id: postId,
          workspace_id: scope.workspaceId,
          account_id: v.accountId,
          target: v.target,
          text: v.text,
          tracked_text: null,
          tracked_links: jsonParam([]),
          media: jsonParam(v.media),
          stamp_required: v.stampRequired,
          status: 'draft' as const,
          due_at: null,
          claim_until: null,
          attempts: 0,
          native_id: null,
          url: null,
          error: null,
          published_at: null,
          position: i,
        })),
      )
      .execute();
  }
}

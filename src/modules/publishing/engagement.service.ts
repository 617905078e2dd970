/**
 * Engagement pulled back per published variant. A variant published through an account is followed at a
 * decaying cadence (1 h, 6 h, 24 h and 72 h after publishing): the engagement job (the publish flow)
 * claims due pulls here with `FOR UPDATE SKIP LOCKED` under a lease, asks the channel's adapter, and
 * records the figures (the latest on the variant's row, each pull as a sample). The analytics view joins
 * them with the clicks and conversions of the variants' tracked links.
 */
import { sql, type Kysely } from 'kysely';
import { tables } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { PublishingDeps } from './posts.service.js';
import { variantKeyOf } from './posts.links.js';
import { iso, UUID_RE, type PublishingTables } from './publishing.tables.js';
import type { AnalyticsTotals, PostAnalytics, PublishingAnalytics, VariantAnalytics } from '../../contracts/publishing.js';

/** When engagement is pulled, after publishing. */
export const ENGAGEMENT_CADENCE_MS = [1, 6, 24, 72].map((h) => h * 3_600_000);
/** A failed pull is tried again this much later (the cadence step is kept). */
const RETRY_MS = 10 * 60_000;
/** Published variants older than this when first seen are not followed (the last pull is at 72 h). */
const FOLLOW_WINDOW_MS = 4 * 86_400_000;

export interface EngagementDue {
  variantId: string;
  workspaceId: string;
  postId: string;
  accountId: string | null;
  target: string;
  nativeId: string;
  checks: number;
  publishedAt: Date;
  /** A person asked to read it now: the figures are recorded, the cadence is not moved. */
  manual?: boolean;
}

export type EngagementOutcome = { figures: { replies?: number; shares?: number; likes?: number; views?: number } } | { error: string; final: boolean };

const zero = (): AnalyticsTotals => ({ replies: 0, shares: 0, likes: 0, views: 0, clicks: 0, conversions: 0 });
function add(t: AnalyticsTotals, v: VariantAnalytics): void {
  t.replies += v.replies ?? 0;
  t.shares += v.shares ?? 0;
  t.likes += v.likes ?? 0;
  t.views += v.views ?? 0;
  t.clicks += v.clicks;
  t.conversions += v.conversions;
}

export class EngagementService {
  private readonly db: Kysely<PublishingTables>;
  constructor(private readonly d: PublishingDeps) {
    this.db = tables<PublishingTables>(d.store);
  }

  /**
   * Starts following variants published lately (not yet followed), then claims up to `limit` due pulls
   * for `leaseMs`: a worker that dies leaves them to the next once the lease lapses.
   */
  async claimDue(limit = 100, leaseMs = 120_000): Promise<EngagementDue[]> {
    const now = this.d.clock.now();
    const first = ENGAGEMENT_CADENCE_MS[0]!;
    await sql`
      insert into publishing_engagement (variant_id, workspace_id, post_id, published_at, checks, next_check_at)
      select v.id, v.workspace_id, v.post_id, v.published_at, 0, v.published_at + (${first}::bigint * interval '1 millisecond')
      from publishing_variants v
      where v.status = 'published' and v.published_at >= ${new Date(now.getTime() - FOLLOW_WINDOW_MS)} and v.native_id is not null and v.account_id is not null
        and v.deleted_at is null and not exists (select 1 from publishing_engagement e where e.variant_id = v.id)
      on conflict (variant_id) do nothing`.execute(this.db);
    const claimed = await this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('publishing_engagement')
        .select(['variant_id', 'workspace_id', 'post_id', 'checks', 'published_at'])
        .where('next_check_at', '<=', now)
        .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<', now)]))
        .orderBy('next_check_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (!rows.length) return rows;
      await trx
        .updateTable('publishing_engagement')
        .set({ claim_until: new Date(now.getTime() + leaseMs) })
        .where(
          'variant_id',
          'in',
          rows.map((r) => r.variant_id),
        )
        .execute();
      return rows;
    });
    if (!claimed.length) return [];
    const variants = await this.db
      .selectFrom('publishing_variants')
      .select(['id', 'account_id', 'target', 'native_id', 'deleted_at'])
      .where(
        'id',
        'in',
        claimed.map((r) => r.variant_id),
      )
      .execute();
    const byId = new Map(variants.map((v) => [v.id, v]));
    const out: EngagementDue[] = [];
    for (const r of claimed) {
      const v = byId.get(r.variant_id);
      if (!v?.native_id || v.deleted_at) {
        await this.stop(r.variant_id, v?.deleted_at ? 'deleted' : 'not_published');
        continue;
      }
      out.push({ variantId: r.variant_id, workspaceId: r.workspace_id, postId: r.post_id, accountId: v.account_id, target: v.target, nativeId: v.native_id, checks: r.checks, publishedAt: new Date(r.published_at) });
    }
    return out;
  }

  /** Records a pull: the figures (and the next pull on the cadence), or an error (tried again later unless final). */
  async record(due: EngagementDue, outcome: EngagementOutcome): Promise<void> {
    const now = this.d.clock.now();
    if ('error' in outcome) {
      await this.db
        .updateTable('publishing_engagement')
        .set({ error: outcome.error.slice(0, 500), claim_until: null, ...(due.manual ? {} : { next_check_at: outcome.final ? null : new Date(now.getTime() + RETRY_MS) }) })
        .where('variant_id', '=', due.variantId)
        .execute();
      return;
    }
    const f = outcome.figures;
    const figures = { replies: f.replies ?? null, shares: f.shares ?? null, likes: f.likes ?? null, views: f.views ?? null };
    if (due.manual) {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('publishing_engagement')
          .set({ ...figures, fetched_at: now, error: null, claim_until: null })
          .where('variant_id', '=', due.variantId)
          .execute();
        await trx
          .insertInto('publishing_engagement_samples')
          .values({ variant_id: due.variantId, workspace_id: due.workspaceId, at: now, ...figures })
          .onConflict((oc) => oc.columns(['variant_id', 'at']).doNothing())
          .execute();
      });
      return;
    }
    const checks = due.checks + 1;
    // The next step of the cadence still ahead of now (a pull that ran late skips the steps it passed).
    const next = ENGAGEMENT_CADENCE_MS.slice(checks).find((ms) => due.publishedAt.getTime() + ms > now.getTime());
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('publishing_engagement')
        .set({ ...figures, checks, fetched_at: now, error: null, claim_until: null, next_check_at: next === undefined ? null : new Date(due.publishedAt.getTime() + next) })
        .where('variant_id', '=', due.variantId)
        .execute();
      await trx
        .insertInto('publishing_engagement_samples')
        .values({ variant_id: due.variantId, workspace_id: due.workspaceId, at: now, ...figures })
        .onConflict((oc) => oc.columns(['variant_id', 'at']).doNothing())
        .execute();
    });
  }

  /**
   * A person's "read it now" for one post: its published variants (of this workspace, not taken down) as
   * pulls that do not move the cadence. Claimed like the job's (a pull in progress is not doubled).
   */
  async claimPost(scope: Scope, postId: string, leaseMs = 60_000): Promise<EngagementDue[]> {
    assertCan(scope, 'publishing.compose');
    if (!UUID_RE.test(postId)) throw notFound('publishing.post_not_found', 'No such post.');
    const post = await this.db.selectFrom('publishing_posts').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', postId).executeTakeFirst();
    if (!post) throw notFound('publishing.post_not_found', 'No such post.');
    const now = this.d.clock.now();
    const variants = await this.db
      .selectFrom('publishing_variants')
      .select(['id', 'workspace_id', 'post_id', 'account_id', 'target', 'native_id', 'published_at'])
      .where('post_id', '=', postId)
      .where('status', '=', 'published')
      .where('deleted_at', 'is', null)
      .where('account_id', 'is not', null)
      .execute();
    const out: EngagementDue[] = [];
    for (const v of variants) {
      if (!v.native_id || !v.published_at) continue;
      await this.db
        .insertInto('publishing_engagement')
        .values({
          variant_id: v.id,
          workspace_id: v.workspace_id,
          post_id: v.post_id,
          published_at: v.published_at,
          checks: 0,
          next_check_at: new Date(new Date(v.published_at).getTime() + ENGAGEMENT_CADENCE_MS[0]!),
          claim_until: null,
          replies: null,
          shares: null,
          likes: null,
          views: null,
          fetched_at: null,
          error: null,
        })
        .onConflict((oc) => oc.column('variant_id').doNothing())
        .execute();
      const claimed = await this.db
        .updateTable('publishing_engagement')
        .set({ claim_until: new Date(now.getTime() + leaseMs) })
        .where('variant_id', '=', v.id)
        .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<', now)]))
        .returning(['checks'])
        .executeTakeFirst();
      if (claimed) out.push({ variantId: v.id, workspaceId: v.workspace_id, postId: v.post_id, accountId: v.account_id, target: v.target, nativeId: v.native_id, checks: claimed.checks, publishedAt: new Date(v.published_at), manual: true });
    }
    return out;
  }

  /** Stops following a variant (taken down, or not published after all). */
  async stop(variantId: string, reason: string): Promise<void> {
    await this.db.updateTable('publishing_engagement').set({ next_check_at: null, claim_until: null, error: reason }).where('variant_id', '=', variantId).execute();
  }

  /**
   * Per post and variant: the channel's figures and the tracked links' clicks and conversions, for one
   * post, one campaign, or (neither given) the latest 50 posts that went out.
   */
  async analytics(scope: Scope, q: { postId?: string; campaignId?: string }): Promise<PublishingAnalytics> {
    assertCan(scope, 'publishing.read');
    if (q.postId && !UUID_RE.test(q.postId)) throw invalid('publishing.bad_post', 'postId is not a post id.', 'postId');
    if (q.campaignId && !UUID_RE.test(q.campaignId)) throw invalid('publishing.bad_campaign', 'campaignId is not a campaign id.', 'campaignId');
    const ws = scope.workspaceId;
    const campaign = q.campaignId ? await this.db.selectFrom('publishing_campaigns').selectAll().where('workspace_id', '=', ws).where('id', '=', q.campaignId).executeTakeFirst() : undefined;
    if (q.campaignId && !campaign) throw notFound('publishing.campaign_not_found', 'No such campaign.');
    let posts = this.db.selectFrom('publishing_posts').selectAll().where('workspace_id', '=', ws);
    if (q.postId) posts = posts.where('id', '=', q.postId);
    else if (q.campaignId) posts = posts.where('campaign_id', '=', q.campaignId);
    else posts = posts.where((eb) => eb.exists(eb.selectFrom('publishing_variants as v').select('v.id').whereRef('v.post_id', '=', 'publishing_posts.id').where('v.status', '=', 'published')));
    const rows = await posts
      .orderBy('scheduled_at', 'desc')
      .limit(q.postId ? 1 : 50)
      .execute();
    if (q.postId && !rows.length) throw notFound('publishing.post_not_found', 'No such post.');
    const ids = rows.map((r) => r.id);
    const variants = ids.length
      ? await this.db
          .selectFrom('publishing_variants as v')
          .leftJoin('publishing_engagement as e', 'e.variant_id', 'v.id')
          .select(['v.id', 'v.post_id', 'v.account_id', 'v.target', 'v.status', 'v.url', 'v.published_at', 'v.edited_at', 'v.deleted_at', 'v.pending_text', 'v.position'])
          .select(['e.replies', 'e.shares', 'e.likes', 'e.views', 'e.checks', 'e.fetched_at', 'e.next_check_at', 'e.error'])
          .where('v.workspace_id', '=', ws)
          .where('v.post_id', 'in', ids)
          .orderBy('v.position')
          .execute()
      : [];
    const stats = new Map(((await this.d.links?.stats?.(ws, ids)) ?? []).map((s) => [`${s.postId}|${s.variant ?? ''}`, s]));
    const names = new Map<string, string>();
    for (const v of variants) if (v.account_id && !names.has(v.account_id)) names.set(v.account_id, (await this.d.accounts.byId(v.account_id))?.name ?? '');
    const totals = zero();
    const out: PostAnalytics[] = rows.map((p) => {
      const own = variants.filter((v) => v.post_id === p.id);
      const postTotals = zero();
      const views = own.map((v): VariantAnalytics => {
        const s = stats.get(`${p.id}|${variantKeyOf(v)}`);
        const va: VariantAnalytics = {
          variantId: v.id,
          target: v.target,
          accountId: v.account_id,
          accountName: v.account_id ? (names.get(v.account_id) ?? null) : null,
          status: v.status,
          url: v.url,
          publishedAt: iso(v.published_at),
          editedAt: iso(v.edited_at),
          deletedAt: iso(v.deleted_at),
          pendingEdit: v.pending_text !== null,
          replies: v.replies ?? null,
          shares: v.shares ?? null,
          likes: v.likes ?? null,
          views: v.views ?? null,
          checks: v.checks ?? 0,
          fetchedAt: iso(v.fetched_at),
          nextCheckAt: iso(v.next_check_at),
          error: v.error ?? null,
          clicks: s?.clicks ?? 0,
          conversions: s?.conversions ?? 0,
        };
        add(postTotals, va);
        add(totals, va);
        return va;
      });
      return { postId: p.id, title: p.title || p.master_text.slice(0, 60), campaignId: p.campaign_id, product: p.product, status: p.status, scheduledAt: iso(p.scheduled_at), variants: views, totals: postTotals };
    });
    return {
      campaign: campaign ? { id: campaign.id, name: campaign.name, product: campaign.product, note: campaign.note, createdAt: iso(campaign.created_at)! } : null,
      posts: out,
      totals,
    };
  }
}

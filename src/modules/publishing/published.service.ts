/**
 * Published posts changed after the fact, through their channel's adapter: an edit (`editPublished`) is
 * screened again like a new post and, where the post's approval chain has a compliance step, waits for a
 * person of that step (not its requester, nor the post's makers) before it goes out; a take-down
 * (`deletePublished`) goes out at once. A channel that cannot edit or delete says so (the method is
 * absent, or it refuses the target) and the request is refused with a stable code. Every change is audited.
 */
import type { Kysely } from 'kysely';
import { ChannelError, type ChannelAdapter, type AccountContext } from '../../channels/port.js';
import { tables } from '../../platform/db/store.js';
import { conflict, DomainError, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit } from '../audit/index.js';
import type { PublishingDeps, PostsService } from './posts.service.js';
import { idempotencyKeyOf } from './delivery.service.js';
import type { EngagementService } from './engagement.service.js';
import { finalText, loadPost, loadSettings } from './posts.store.js';
import { chainFor } from './publishing.settings.js';
import { UUID_RE, type PostRow, type PublishingTables, type VariantRow } from './publishing.tables.js';
import type { PostView } from '../../contracts/publishing.js';

export class PublishedService {
  private readonly db: Kysely<PublishingTables>;
  constructor(
    private readonly d: PublishingDeps,
    private readonly posts: PostsService,
    private readonly engagement: EngagementService,
  ) {
    this.db = tables<PublishingTables>(d.store);
  }

  /**
   * Asks to change the text of a published variant. Screened first (a blocking finding or a count over the
   * channel's limit refuses it); sent at once unless the chain requires a compliance approval.
   */
  async edit(scope: Scope, postId: string, variantId: string, text: string): Promise<PostView> {
    assertCan(scope, 'publishing.compose');
    const { post, variant } = await this.published(scope, postId, variantId);
    const channel = await this.channel(scope, variant);
    if (!channel.adapter.editPublished) throw conflict('publishing.cannot_edit', 'This channel does not allow editing a published post.');
    const check = await this.posts.checkText(scope, variant.target, finalText(post, { text, stamp_required: variant.stamp_required }), post.product, variant.media, await this.d.crisisActive(scope.workspaceId));
    if (!check.ok) {
      const rules = [...new Set([...check.findings.filter((f) => f.severity === 'block').map((f) => f.rule), ...check.problems])];
      throw new DomainError('invalid', 'publishing.check_failed', `The pre-send check blocks this edit: ${rules.join(', ')}.`, { params: { rules } });
    }
    const settings = await loadSettings(this.db, scope.workspaceId);
    const needsApproval = chainFor(settings, post.product).steps.some((s) => s.compliance);
    const now = this.d.clock.now();
    if (needsApproval) {
      await this.db.transaction().execute(async (trx) => {
        await trx.updateTable('publishing_variants').set({ pending_text: text, pending_by: scope.actor.userId }).where('id', '=', variant.id).execute();
        await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'publishing.edit_requested', targetType: 'publishing_variant', targetId: variant.id, before: { text: variant.text }, after: { text }, at: now });
      });
      return this.posts.get(scope, postId);
    }
    await this.send(scope, post, variant, channel, text, 'publishing.published_edited');
    return this.posts.get(scope, postId);
  }

  /** Approves a pending edit: a person of the chain's compliance step who neither asked for it nor wrote the post. */
  async approveEdit(scope: Scope, postId: string, variantId: string): Promise<PostView> {
    assertCan(scope, 'publishing.approve');
    const userId = scope.actor.userId;
    if (!userId) throw new DomainError('forbidden', 'publishing.person_required', 'Only a person can approve.');
    const { post, variant } = await this.published(scope, postId, variantId);
    if (variant.pending_text === null) throw conflict('publishing.no_pending_edit', 'No edit is waiting for approval.');
    if (variant.pending_by === userId || post.makers.includes(userId)) throw new DomainError('forbidden', 'publishing.self_approval', 'The maker of an edit cannot approve it.');
    const settings = await loadSettings(this.db, scope.workspaceId);
    const chain = chainFor(settings, post.product);
    const step = chain.steps.find((s) => s.compliance) ?? chain.steps[chain.steps.length - 1]!;
    if (!scope.role || !step.roles.includes(scope.role)) throw new DomainError('forbidden', 'publishing.wrong_approver', `An edit is approved by ${step.roles.join(', ')}.`, { params: { roles: step.roles } });
    const channel = await this.channel(scope, variant);
    await this.send(scope, post, variant, channel, variant.pending_text, 'publishing.edit_approved');
    return this.posts.get(scope, postId);
  }

  /** Takes a published variant down through its channel (publishing.manage); its engagement is no longer pulled. */
  async delete(scope: Scope, postId: string, variantId: string): Promise<PostView> {
    assertCan(scope, 'publishing.manage');
    const { variant } = await this.published(scope, postId, variantId);
    const channel = await this.channel(scope, variant);
    if (!channel.adapter.deletePublished) throw conflict('publishing.cannot_delete', 'This channel does not allow deleting a published post.');
    try {
      await channel.adapter.deletePublished(channel.account, variant.target, variant.native_id!);
    } catch (err) {
      throw channelError(err, 'publishing.cannot_delete');
    }
    const now = this.d.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('publishing_variants').set({ deleted_at: now, pending_text: null, pending_by: null }).where('id', '=', variant.id).execute();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'publishing.published_deleted',
        targetType: 'publishing_variant',
        targetId: variant.id,
        before: { nativeId: variant.native_id, url: variant.url },
        at: now,
      });
    });
    await this.engagement.stop(variant.id, 'deleted');
    return this.posts.get(scope, postId);
  }

  private async send(scope: Scope, post: PostRow, variant: VariantRow, channel: Channel, text: string, action: string): Promise<void> {
    const out = finalText(post, { text, stamp_required: variant.stamp_required });
    const now = this.d.clock.now();
    try {
      await channel.adapter.editPublished!(channel.account, variant.native_id!, {
        target: variant.target,
        text: out,
        ...(post.title ? { title: post.title } : {}),
        media: variant.media,
        idempotencyKey: `${idempotencyKeyOf(variant.id)}-edit-${now.getTime()}`,
      });
    } catch (err) {
      throw channelError(err, 'publishing.cannot_edit');
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('publishing_variants').set({ text, tracked_text: text, edited_at: now, pending_text: null, pending_by: null }).where('id', '=', variant.id).execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action, targetType: 'publishing_variant', targetId: variant.id, before: { text: finalText(post, variant) }, after: { text: out }, at: now });
    });
  }

  private async published(scope: Scope, postId: string, variantId: string): Promise<{ post: PostRow; variant: VariantRow }> {
    const post = await loadPost(this.db, scope, postId);
    const variant = UUID_RE.test(variantId) ? await this.db.selectFrom('publishing_variants').selectAll().where('id', '=', variantId).where('post_id', '=', post.id).executeTakeFirst() : undefined;
    if (!variant) throw notFound('publishing.variant_not_found', 'No such channel post.');
    if (variant.status !== 'published' || !variant.native_id || variant.deleted_at) throw conflict('publishing.not_published', 'This channel post is not (or no longer) published.');
    return { post, variant };
  }

  private async channel(scope: Scope, variant: VariantRow): Promise<Channel> {
    const row = variant.account_id ? await this.d.accounts.byId(variant.account_id) : undefined;
    const adapter = row ? this.d.adapters.get(row.type) : undefined;
    if (!row || row.workspace_id !== scope.workspaceId || row.status === 'disconnected' || !adapter) throw conflict('publishing.account_gone', 'The channel account is no longer connected.');
    return { adapter, account: await this.d.accounts.context(row) };
  }
}

interface Channel {
  adapter: ChannelAdapter;
  account: AccountContext;
}

/** A channel's refusal as a domain error: a rule it keeps (it cannot do this) is a conflict, the rest says the channel failed. */
function channelError(err: unknown, cannot: string): Error {
  if (!(err instanceof ChannelError)) return err as Error;
  if (err.code === 'rule_violation' || err.code === 'invalid_request') return conflict(cannot, err.message);
  if (err.code === 'not_found') return conflict('publishing.gone_on_channel', 'The post is no longer on the channel.');
  return new DomainError(err.code === 'rate_limited' ? 'rate_limited' : 'unavailable', 'publishing.channel_failed', `The channel did not answer: ${err.message}`);
}

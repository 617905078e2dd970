/**
 * Maker-checker approval: submit (screened first), the chain's steps in order, no self-approval and no
 * one person approving two steps, comments, request-changes, diffs between rounds; the compliance step
 * assigns the 심의필 number and validity and stamps it on the variants the rule requires.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { tables } from '../../platform/db/store.js';
import { conflict, DomainError, invalid } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit } from '../audit/index.js';
import { diffText, type DiffOp } from './diff.js';
import { loadPost, loadSettings, openRound, variantsOf } from './posts.store.js';
import { applyTracked, trackVariants } from './posts.links.js';
import type { PostsService, PostView, PublishingDeps } from './posts.service.js';
import { renderStamp } from './publishing.settings.js';
import { POST_APPROVED, type PostApprovedEvent } from './publishing.events.js';
import { iso, type PublishingTables, type Snapshot } from './publishing.tables.js';
import type { PostDiff, ReviewView } from '../../contracts/publishing.js';

export type { ReviewView };

export interface ApproveInput {
  comment?: string;
  /** The compliance step: the 심의필 number (e.g. 2026-0123) and its validity (YYYY-MM-DD). */
  reviewNumber?: string;
  validFrom?: string;
  validUntil?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string | undefined) => Boolean(s && DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s));

export class ApprovalsService {
  private readonly db: Kysely<PublishingTables>;
  constructor(
    private readonly d: PublishingDeps,
    private readonly posts: PostsService,
  ) {
    this.db = tables<PublishingTables>(d.store);
  }

  /** Sends a draft for approval; refused while the screen or a channel's count blocks any variant. */
  async submit(scope: Scope, id: string, comment = ''): Promise<PostView> {
    assertCan(scope, 'publishing.compose');
    const view = await this.posts.get(scope, id);
    if (view.status !== 'draft' && view.status !== 'changes_requested') throw conflict('publishing.not_draft', `A ${view.status} post cannot be submitted.`);
    const blocked = view.variants.filter((v) => v.check && !v.check.ok);
    if (blocked.length) {
      const rules = [...new Set(blocked.flatMap((v) => [...v.check!.findings.filter((f) => f.severity === 'block').map((f) => f.rule), ...v.check!.problems]))];
      throw new DomainError('invalid', 'publishing.check_failed', `The pre-send check blocks this post: ${rules.join(', ')}.`, { params: { rules } });
    }
    const now = this.d.clock.now();
    const settings = await loadSettings(this.db, scope.workspaceId);
    // Every link becomes a tracked short link of its variant before the round opens: approvers read what is sent.
    const tracked = await trackVariants(
      this.d.links,
      this.d.accounts,
      this.db,
      scope,
      { id, title: view.title, campaignId: view.campaignId },
      view.variants.map((v) => ({ account_id: v.accountId, target: v.target, text: v.text })),
    );
    await this.db.transaction().execute(async (trx) => {
      const post = await loadPost(trx, scope, id, true);
      if (post.status !== 'draft' && post.status !== 'changes_requested') throw conflict('publishing.not_draft', `A ${post.status} post cannot be submitted.`);
      await applyTracked(trx, id, tracked);
      const opened = await openRound(trx, post, await variantsOf(trx, id), settings, scope.actor, now, comment);
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'publishing.submitted',
        targetType: 'publishing_post',
        targetId: id,
        after: { round: opened.round, chain: opened.chain.map((s) => s.name) },
        at: now,
      });
    });
    return this.posts.get(scope, id);
  }

  async approve(scope: Scope, id: string, input: ApproveInput = {}): Promise<PostView> {
    assertCan(scope, 'publishing.approve');
    const userId = scope.actor.userId;
    if (!userId) throw new DomainError('forbidden', 'publishing.person_required', 'Only a person can approve.');
    const now = this.d.clock.now();
    const settings = await loadSettings(this.db, scope.workspaceId);
    let event: PostApprovedEvent | undefined;
    await this.db.transaction().execute(async (trx) => {
      const post = await loadPost(trx, scope, id, true);
      if (post.status !== 'in_review') throw conflict('publishing.not_in_review', `A ${post.status} post is not waiting for approval.`);
      const step = post.chain[post.step];
      if (!step) throw conflict('publishing.not_in_review', 'No step is waiting.');
      if (post.makers.includes(userId)) throw new DomainError('forbidden', 'publishing.self_approval', 'The maker of a post cannot approve it.');
      const mine = await trx.selectFrom('publishing_reviews').select('id').where('post_id', '=', id).where('round', '=', post.round).where('action', '=', 'approved').where('user_id', '=', userId).executeTakeFirst();
      if (mine) throw new DomainError('forbidden', 'publishing.second_step', 'One person cannot approve two steps of the same post.');
      if (!scope.role || !step.roles.includes(scope.role)) throw new DomainError('forbidden', 'publishing.wrong_approver', `The step "${step.name}" is approved by ${step.roles.join(', ')}.`, { params: { roles: step.roles } });
      let stamp: Partial<Record<'review_number' | 'review_valid_from' | 'review_valid_until' | 'stamp', string>> = {};
      if (step.compliance) {
        const number = (input.reviewNumber ?? '').trim();
        if (!/^[0-9A-Za-z가-힣-]{1,40}$/.test(number)) throw invalid('publishing.review_number_required', 'The compliance step assigns the 심의필 number.', 'reviewNumber');
        if (!validDate(input.validFrom) || !validDate(input.validUntil)) throw invalid('publishing.review_validity_required', 'The 심의필 needs a validity period (YYYY-MM-DD).', 'validUntil');
        if (input.validUntil! < input.validFrom!) throw invalid('publishing.review_validity_order', 'The validity ends before it starts.', 'validUntil');
        stamp = { review_number: number, review_valid_from: input.validFrom!, review_valid_until: input.validUntil!, stamp: renderStamp(settings.reviewTemplate, number, input.validFrom!, input.validUntil!) };
      }
      const last = post.step + 1 >= post.chain.length;
      await trx
        .updateTable('publishing_posts')
        .set({ ...stamp, step: post.step + 1, updated_at: now, ...(last ? { status: 'approved' as const } : {}) })
        .where('id', '=', id)
        .execute();
      if (last && post.scheduled_at) await trx.updateTable('publishing_variants').set({ status: 'scheduled', due_at: post.scheduled_at, error: null }).where('post_id', '=', id).where('status', '=', 'draft').execute();
      await trx
        .insertInto('publishing_reviews')
        .values({
          id: crypto.randomUUID(),
          post_id: id,
          workspace_id: scope.workspaceId,
          round: post.round,
          step: post.step,
          action: 'approved',
          user_id: userId,
          user_label: scope.actor.label,
          comment: input.comment ?? '',
          snapshot: null,
          at: now,
        })
        .execute();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: last ? 'publishing.approved' : 'publishing.step_approved',
        targetType: 'publishing_post',
        targetId: id,
        after: { round: post.round, step: step.name, ...(stamp.stamp ? { reviewNumber: stamp.review_number, validFrom: stamp.review_valid_from, validUntil: stamp.review_valid_until, stamp: stamp.stamp } : {}) },
        at: now,
      });
      if (last) event = { workspaceId: scope.workspaceId, postId: id, round: post.round, scheduledAt: iso(post.scheduled_at) };
    });
    if (event) await this.d.bus?.publish(POST_APPROVED, event).catch(() => undefined);
    return this.posts.get(scope, id);
  }

  async requestChanges(scope: Scope, id: string, comment: string): Promise<PostView> {
    assertCan(scope, 'publishing.approve');
    if (!comment.trim()) throw invalid('publishing.comment_required', 'Say what should change.', 'comment');
    const now = this.d.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const post = await loadPost(trx, scope, id, true);
      if (post.status !== 'in_review') throw conflict('publishing.not_in_review', `A ${post.status} post is not waiting for approval.`);
      const step = post.chain[post.step];
      if (!scope.role || !step?.roles.includes(scope.role)) throw new DomainError('forbidden', 'publishing.wrong_approver', 'Only the approvers of the current step can send it back.');
      await trx.updateTable('publishing_posts').set({ status: 'changes_requested', updated_at: now }).where('id', '=', id).execute();
      await trx
        .insertInto('publishing_reviews')
        .values({
          id: crypto.randomUUID(),
          post_id: id,
          workspace_id: scope.workspaceId,
          round: post.round,
          step: post.step,
          action: 'changes_requested',
          user_id: scope.actor.userId,
          user_label: scope.actor.label,
          comment,
          snapshot: null,
          at: now,
        })
        .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'publishing.changes_requested', targetType: 'publishing_post', targetId: id, after: { round: post.round, step: step.name, comment }, at: now });
    });
    return this.posts.get(scope, id);
  }

  async comment(scope: Scope, id: string, comment: string): Promise<ReviewView> {
    assertCan(scope, 'publishing.read');
    if (!comment.trim()) throw invalid('publishing.comment_required', 'The comment is empty.', 'comment');
    const now = this.d.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      const post = await loadPost(trx, scope, id);
      const r = await trx
        .insertInto('publishing_reviews')
        .values({ id: crypto.randomUUID(), post_id: id, workspace_id: scope.workspaceId, round: post.round, step: null, action: 'comment', user_id: scope.actor.userId, user_label: scope.actor.label, comment, snapshot: null, at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'publishing.commented', targetType: 'publishing_post', targetId: id, after: { round: post.round, comment }, at: now });
      return r;
    });
    return { id: row.id, round: row.round, step: null, stepName: null, action: row.action, user: row.user_label, comment: row.comment, at: iso(row.at)! };
  }

  async reviews(scope: Scope, id: string): Promise<ReviewView[]> {
    assertCan(scope, 'publishing.read');
    const post = await loadPost(this.db, scope, id);
    const rows = await this.db.selectFrom('publishing_reviews').selectAll().where('post_id', '=', post.id).orderBy('at').execute();
    return rows.map((r) => ({ id: r.id, round: r.round, step: r.step, stepName: r.step !== null ? (post.chain[r.step]?.name ?? null) : null, action: r.action, user: r.user_label, comment: r.comment, at: iso(r.at)! }));
  }

  /** What changed between two submitted rounds (default: the last two), field by field. */
  async diff(scope: Scope, id: string, from?: number, to?: number): Promise<PostDiff> {
    assertCan(scope, 'publishing.read');
    const post = await loadPost(this.db, scope, id);
    const rounds = await this.db.selectFrom('publishing_reviews').select(['round', 'snapshot']).where('post_id', '=', post.id).where('action', '=', 'submitted').orderBy('at').execute();
    const byRound = new Map<number, Snapshot>();
    for (const r of rounds) if (r.snapshot) byRound.set(r.round, r.snapshot);
    const b = to ?? post.round;
    const a = from ?? b - 1;
    const after = byRound.get(b);
    const before = byRound.get(a) ?? { title: '', masterText: '', scheduledAt: null, variants: [] };
    if (!after) throw invalid('publishing.no_round', `Round ${b} was never submitted.`, 'to');
    const fields: Array<{ field: string; ops: DiffOp[] }> = [
      { field: 'title', ops: diffText(before.title, after.title) },
      { field: 'masterText', ops: diffText(before.masterText, after.masterText) },
      { field: 'scheduledAt', ops: diffText(before.scheduledAt ?? '', after.scheduledAt ?? '') },
    ];
    const keys = [...new Set([...before.variants, ...after.variants].map((v) => v.target))];
    for (const k of keys) fields.push({ field: `variant:${k}`, ops: diffText(before.variants.find((v) => v.target === k)?.text ?? '', after.variants.find((v) => v.target === k)?.text ?? '') });
    return { from: a, to: b, fields };
  }
}

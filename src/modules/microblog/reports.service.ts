import { assertCan } from '../../platform/access/scope.js';
import { conflict, DomainError, invalid, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import type { ReportCategory, ReportView } from '../../contracts/microblog-groups.js';
import { idOf, type Ctx, type Viewer } from './context.js';
import type { PeopleService } from './people.service.js';
import type { PostsService } from './posts.service.js';
import { presentPosts } from './present.js';
import { iso } from './views.js';

export type { ReportCategory, ReportView };
export const REPORT_CATEGORIES: readonly ReportCategory[] = ['personal_data', 'confidential', 'abuse', 'spam', 'legal', 'other'];

/**
 * Reports by users: anyone reports a post they can read (a category and a note); the report waits in the
 * moderation queue beside the guideline screen's holds; a moderator dismisses it or removes the post.
 * The reporter is never named to the post's author (a moderator who wrote the post sees no name and
 * cannot decide on it).
 */
export class ReportsService {
  constructor(
    private readonly ctx: Ctx,
    private readonly people: PeopleService,
    private readonly posts: PostsService,
  ) {}

  async report(v: Viewer, rawPostId: string | number, input: { category?: string; note?: string }): Promise<{ id: string; postId: string; category: ReportCategory; createdAt: string }> {
    const category = (input.category ?? 'other') as ReportCategory;
    if (!REPORT_CATEGORIES.includes(category)) throw invalid('microblog.bad_report_category', `The category is one of ${REPORT_CATEGORIES.join(', ')}.`, 'category');
    const note = String(input.note ?? '')
      .trim()
      .slice(0, 1000);
    const post = await this.posts.readable(v, rawPostId);
    if (post.state !== 'visible') throw invalid('microblog.not_shown', 'That post is not shown.');
    if (post.author_id === v.person.id) throw invalid('microblog.report_own', 'You cannot report your own post.');
    const now = this.ctx.clock.now();
    try {
      const row = await this.ctx.db.transaction().execute(async (trx) => {
        const r = await trx.insertInto('mb_reports').values({ workspace_id: v.scope.workspaceId, post_id: post.id, reporter_id: v.person.id, category, note, state: 'open', created_at: now }).returningAll().executeTakeFirstOrThrow();
        await appendAudit(trx, { workspaceId: v.scope.workspaceId, actor: v.scope.actor, action: 'microblog.post_reported', targetType: 'mb_post', targetId: String(post.id), after: { report: String(r.id), category }, at: now });
        return r;
      });
      return { id: String(row.id), postId: String(post.id), category, createdAt: iso(row.created_at) };
    } catch (err) {
      if (/unique|duplicate/i.test(String((err as Error).message))) throw conflict('microblog.already_reported', 'You have reported this post already; a moderator will look at it.');
      throw err;
    }
  }

  /** Open reports, oldest first (moderators). A closed group's reported post is seen here, and only here. */
  async queue(v: Viewer, limit = 100): Promise<ReportView[]> {
    assertCan(v.scope, 'microblog.moderate');
    const rows = await this.ctx.db.selectFrom('mb_reports').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('state', '=', 'open').orderBy('id').limit(limit).execute();
    if (rows.length === 0) return [];
    const postRows = await this.ctx.db
      .selectFrom('mb_posts')
      .selectAll()
      .where(
        'id',
        'in',
        rows.map((r) => r.post_id),
      )
      .where('state', '<>', 'deleted')
      .execute();
    const posts = new Map((await presentPosts(this.ctx, this.people, v, postRows)).map((p) => [Number(p.id), p]));
    const authorOf = new Map(postRows.map((p) => [p.id, p.author_id]));
    const reporterRows = await this.ctx.db
      .selectFrom('mb_people')
      .selectAll()
      .where(
        'id',
        'in',
        rows.map((r) => r.reporter_id),
      )
      .execute();
    const reporters = new Map((await this.people.present(v, reporterRows)).map((p) => [Number(p.id), p]));
    return rows
      .filter((r) => posts.has(r.post_id))
      .map((r) => ({
        id: String(r.id),
        category: r.category as ReportCategory,
        note: r.note,
        state: r.state,
        createdAt: iso(r.created_at),
        reporter: authorOf.get(r.post_id) === v.person.id ? null : (reporters.get(r.reporter_id) ?? null),
        post: posts.get(r.post_id)!,
      }));
  }

  /**
   * Dismisses the report, or removes the post (and with it every open report of that post). A moderator
   * does not decide on reports of their own post.
   */
  async resolve(v: Viewer, rawReportId: string | number, action: 'dismiss' | 'remove', note: string): Promise<void> {
    assertCan(v.scope, 'microblog.moderate');
    const id = idOf(rawReportId, 'report');
    const report = await this.ctx.db.selectFrom('mb_reports').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!report) throw notFound('microblog.report_not_found', 'No such report.');
    if (report.state !== 'open') throw conflict('microblog.report_resolved', 'That report has been resolved.');
    const post = await this.ctx.db.selectFrom('mb_posts').selectAll().where('id', '=', report.post_id).executeTakeFirstOrThrow();
    if (post.author_id === v.person.id) throw new DomainError('forbidden', 'microblog.report_own_post', 'Another moderator decides on reports of your own post.');
    const now = this.ctx.clock.now();
    const resolution = { resolved_by: v.scope.actor.userId ?? null, resolved_at: now, resolution_note: note.slice(0, 500) };
    if (action === 'dismiss') {
      await this.ctx.db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('mb_reports')
          .set({ state: 'dismissed', ...resolution })
          .where('id', '=', id)
          .where('state', '=', 'open')
          .returning('id')
          .executeTakeFirst();
        if (!done) throw conflict('microblog.report_resolved', 'That report has been resolved.');
        await appendAudit(trx, {
          workspaceId: v.scope.workspaceId,
          actor: v.scope.actor,
          action: 'microblog.report_dismissed',
          targetType: 'mb_report',
          targetId: String(id),
          after: { post: String(post.id), note: note.slice(0, 500) },
          at: now,
        });
      });
      return;
    }
    if (post.state !== 'deleted') await this.posts.removeRow(v, post, { report: String(id), note: note.slice(0, 500) });
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('mb_reports')
        .set({ state: 'removed', ...resolution })
        .where('post_id', '=', post.id)
        .where('state', '=', 'open')
        .execute();
      await appendAudit(trx, {
        workspaceId: v.scope.workspaceId,
        actor: v.scope.actor,
        action: 'microblog.report_post_removed',
        targetType: 'mb_report',
        targetId: String(id),
        after: { post: String(post.id), note: note.slice(0, 500) },
        at: now,
      });
    });
  }
}

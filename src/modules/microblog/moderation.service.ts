import { assertCan } from '../../platform/access/scope.js';
import { invalid, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { idOf, type Ctx, type Viewer } from './context.js';
import { notify, type PostsService } from './posts.service.js';
import type { PeopleService } from './people.service.js';
import { presentPosts } from './present.js';
import type { PostView } from './views.js';

/** The moderation queue: posts the guideline screen held, released or removed by a moderator, audited. */
export class ModerationService {
  constructor(
    private readonly ctx: Ctx,
    private readonly people: PeopleService,
    private readonly posts: PostsService,
  ) {}

  async queue(v: Viewer, limit = 50): Promise<PostView[]> {
    assertCan(v.scope, 'microblog.moderate');
    const rows = await this.ctx.db
      .selectFrom('mb_posts')
      .selectAll()
      .where('workspace_id', '=', v.scope.workspaceId)
      .where('state', '=', 'held')
      .orderBy('id', 'asc')
      .limit(Math.min(200, Math.max(1, limit)))
      .execute();
    return presentPosts(this.ctx, this.people, v, rows);
  }

  /** Shows a held post as it is (the moderator judged the finding harmless); the reason is recorded. */
  async release(v: Viewer, rawId: string | number, note: string): Promise<PostView> {
    assertCan(v.scope, 'microblog.moderate');
    const id = idOf(rawId);
    const row = await this.ctx.db.selectFrom('mb_posts').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!row || row.state === 'deleted') throw notFound('microblog.post_not_found', 'No such post.');
    if (row.state !== 'held') throw invalid('microblog.not_held', 'That post is not held.');
    const now = this.ctx.clock.now();
    const mentioned = (await this.ctx.db.selectFrom('mb_post_mentions').select('person_id').where('post_id', '=', id).execute()).map((m) => m.person_id);
    const tags = (await this.ctx.db.selectFrom('mb_post_tags').select('tag').where('post_id', '=', id).execute()).map((t) => t.tag);
    const { shown, notes } = await this.ctx.db.transaction().execute(async (trx) => {
      const shown = await trx.updateTable('mb_posts').set({ state: 'visible' }).where('id', '=', id).where('state', '=', 'held').returningAll().executeTakeFirst();
      if (!shown) throw invalid('microblog.not_held', 'That post is not held.');
      const notes = await this.posts.afterShown(trx, shown, mentioned, now);
      const n = await notify(trx, shown.workspace_id, shown.author_id, 'released', v.person.id, shown.id, now);
      if (n) notes.push(n);
      await appendAudit(trx, {
        workspaceId: v.scope.workspaceId,
        actor: v.scope.actor,
        action: 'microblog.post_released',
        targetType: 'mb_post',
        targetId: String(id),
        before: { state: 'held', reasons: (row.hold_reasons ?? []).map((r) => r.kind) },
        after: { state: 'visible', note: note.slice(0, 500) },
        at: now,
      });
      return { shown, notes };
    });
    await this.posts.announceShown(shown, tags, mentioned, notes);
    return this.posts.view(v, shown);
  }

  /** Removes a held post (the author is told); the row stays for retention. */
  async reject(v: Viewer, rawId: string | number, note: string): Promise<void> {
    assertCan(v.scope, 'microblog.moderate');
    const id = idOf(rawId);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('mb_posts').set({ state: 'deleted', deleted_at: now }).where('workspace_id', '=', v.scope.workspaceId).where('id', '=', id).where('state', '=', 'held').returningAll().executeTakeFirst();
      if (!row) throw notFound('microblog.post_not_found', 'No such held post.');
      await appendAudit(trx, {
        workspaceId: v.scope.workspaceId,
        actor: v.scope.actor,
        action: 'microblog.post_rejected',
        targetType: 'mb_post',
        targetId: String(id),
        before: { state: 'held', reasons: (row.hold_reasons ?? []).map((r) => r.kind) },
        after: { state: 'deleted', note: note.slice(0, 500) },
        at: now,
      });
    });
  }
}

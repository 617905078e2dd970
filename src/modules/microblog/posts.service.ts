import { sql } from 'kysely';
import { defaultTokenizer, hashtagsOf, mentionsOf } from '../../nlp/index.js';
import { DomainError, forbidden, invalid, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { announce, canModerate, idOf, type Ctx, type Viewer } from './context.js';
import { guidelineScreen } from './guideline.js';
import { canonicalTags } from './tags.js';
import { canReadGroup, groupForPost, readersAmong } from './groups.access.js';
import type { HoldReason, PostRow } from './microblog.tables.js';
import type { MediaService } from './media.service.js';
import type { PeopleService } from './people.service.js';
import { presentPosts, visibleTo } from './present.js';
import { iso, type PostVersionView, type PostView } from './views.js';
import { MAX_POST_CHARS, VISIBILITIES, notify, type NewPost, type PostResult, type Trx } from './posts.shared.js';

export { MAX_POST_CHARS, VISIBILITIES, notify, type NewPost, type PostResult } from './posts.shared.js';

const lemmasOf = (text: string) => [...new Set(defaultTokenizer.lemmas(text).map((l) => l.toLowerCase()))].join(' ');

/** Posts: create (screened), edit with history, delete, replies and threads, boosts, favourites, bookmarks. */
export class PostsService {
  constructor(
    private readonly ctx: Ctx,
    private readonly people: PeopleService,
    private readonly media?: MediaService,
  ) {}

  /** A post row the viewer may read (their own held posts and, for moderators, anyone's held posts too). */
  async readable(v: Viewer, rawId: string | number): Promise<PostRow> {
    const id = idOf(rawId);
    const row = await this.ctx.db.selectFrom('mb_posts').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!row || row.state === 'deleted') throw notFound('microblog.post_not_found', 'No such post.');
    // A group's posts: for those who may read the group, authors and moderators included (moderators see
    // closed groups' held and reported posts only in the moderation queue).
    if (row.group_id !== null && !(await canReadGroup(this.ctx.db, v, row.group_id))) throw notFound('microblog.post_not_found', 'No such post.');
    if (row.author_id === v.person.id) return row;
    if (row.state === 'held') {
      if (canModerate(v.scope)) return row;
      throw notFound('microblog.post_not_found', 'No such post.');
    }
    const ok = await this.ctx.db.selectFrom('mb_posts').select('id').where('id', '=', id).where(visibleTo(v)).executeTakeFirst();
    if (!ok) throw notFound('microblog.post_not_found', 'No such post.');
    return row;
  }

  async view(v: Viewer, row: PostRow): Promise<PostView> {
    return (await presentPosts(this.ctx, this.people, v, [row]))[0]!;
  }

  async get(v: Viewer, rawId: string | number): Promise<PostView> {
    return this.view(v, await this.readable(v, rawId));
  }

  async create(v: Viewer, input: NewPost): Promise<PostResult> {
    const text = (input.text ?? '').trim();
    const spoiler = (input.spoiler ?? '').trim().slice(0, 500);
    const visibility = input.visibility ?? 'public';
    if (!(VISIBILITIES as readonly string[]).includes(visibility)) throw invalid('microblog.bad_visibility', `Visibility must be one of ${VISIBILITIES.join(', ')}.`, 'visibility');
    const options = (input.poll?.options ?? []).map((o) => String(o).trim()).filter(Boolean);
    if (input.poll && (options.length < 2 || options.length > 10 || options.some((o) => o.length > 100))) throw invalid('microblog.bad_poll', 'A poll needs 2 to 10 options of at most 100 characters.', 'poll');
    const attached = this.media ? await this.media.forPost(v, input.mediaIds ?? []) : { ids: [], reasons: [] };
    if (!text && !input.poll && !attached.ids.length) throw invalid('microblog.empty_post', 'A post needs some text.', 'status');
    if ([...text].length > MAX_POST_CHARS) throw invalid('microblog.too_long', `A post holds at most ${MAX_POST_CHARS} characters.`, 'status');
    const key = input.idempotencyKey?.slice(0, 200) || null;
    if (key) {
      const again = await this.ctx.db.selectFrom('mb_posts').selectAll().where('author_id', '=', v.person.id).where('idempotency_key', '=', key).executeTakeFirst();
      if (again) return { post: await this.view(v, again), held: again.state === 'held' };
    }
    const parent = input.replyToId != null && input.replyToId !== '' ? await this.readable(v, input.replyToId) : null;
    if (parent && parent.state !== 'visible') throw invalid('microblog.reply_to_held', 'That post is not shown yet; it cannot be answered.', 'in_reply_to_id');
    const groupId = await groupForPost(this.ctx.db, v, input.groupId, parent);
    const reasons = [...guidelineScreen([text, spoiler, ...options].join('\n')), ...attached.reasons];
    const state = reasons.length ? 'held' : 'visible';
    const now = this.ctx.clock.now();
    const tags = (await canonicalTags(this.ctx.db, v.scope.workspaceId, hashtagsOf(text))).slice(0, 30);
    const mentioned = await this.mentioned(v, text);
    const expires = input.poll?.expiresInSeconds ? new Date(now.getTime() + Math.max(300, Math.min(2_629_746, input.poll.expiresInSeconds)) * 1000) : null;
    const notes: Array<{ id: number; personId: number }> = [];
    let row: PostRow;
    try {
      row = await this.ctx.db.transaction().execute(async (trx) => {
        const r = await trx
          .insertInto('mb_posts')
          .values({
            workspace_id: v.scope.workspaceId,
            author_id: v.person.id,
            text,
            spoiler,
            visibility,
            reply_to_id: parent?.id ?? null,
            reply_to_author_id: parent?.author_id ?? null,
            thread_root_id: parent ? (parent.thread_root_id ?? parent.id) : null,
            reblog_of_id: null,
            state,
            hold_reasons: reasons.length ? (JSON.stringify(reasons) as never) : null,
            lemmas: lemmasOf(`${spoiler} ${text}`),
            idempotency_key: key,
            replies_count: 0,
            reblogs_count: 0,
            favourites_count: 0,
            created_at: now,
            edited_at: null,
            deleted_at: null,
            group_id: groupId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.insertInto('mb_post_versions').values({ post_id: r.id, version: 1, text, spoiler, created_at: now }).execute();
        // Claimed once: a second post naming the same upload finds it taken.
        if (attached.ids.length) {
          const took = await trx.updateTable('mb_media').set({ post_id: r.id }).where('id', 'in', attached.ids).where('post_id', 'is', null).returning('id').execute();
          if (took.length !== attached.ids.length) throw invalid('microblog.media_attached', 'The file is already in a post.', 'media_ids');
        }
        await this.writeTagsAndMentions(trx, r, tags, mentioned);
        if (input.poll)
          await trx
            .insertInto('mb_polls')
            .values({ workspace_id: v.scope.workspaceId, post_id: r.id, options: JSON.stringify(options) as never, multiple: !!input.poll.multiple, expires_at: expires })
            .execute();
        if (state === 'visible') notes.push(...(await this.afterShown(trx, r, mentioned, now)));
        await appendAudit(trx, {
          workspaceId: v.scope.workspaceId,
          actor: v.scope.actor,
          action: state === 'held' ? 'microblog.post_held' : 'microblog.post_created',
          targetType: 'mb_post',
          targetId: String(r.id),
          after: { state, reasons: reasons.map((x) => x.kind), ...(attached.ids.length ? { media: attached.ids.map(String) } : {}), ...(groupId !== null ? { group: String(groupId) } : {}) },
          at: now,
        });
        return r;
      });
    } catch (err) {
      // Two requests with one Idempotency-Key: the second finds the first's post.
      if (key && /unique|duplicate/i.test(String((err as Error).message))) {
        const again = await this.ctx.db.selectFrom('mb_posts').selectAll().where('author_id', '=', v.person.id).where('idempotency_key', '=', key).executeTakeFirst();
        if (again) return { post: await this.view(v, again), held: again.state === 'held' };
      }
      throw err;
    }
    if (state === 'visible') await this.announceShown(row, tags, mentioned, notes);
    return { post: await this.view(v, row), held: state === 'held' };
  }

  private async mentioned(v: Viewer, text: string): Promise<number[]> {
    const names = mentionsOf(text).map((m) => m.split('@')[0]!);
    if (names.length === 0) return [];
    const rows = await this.ctx.db.selectFrom('mb_people').select('id').where('workspace_id', '=', v.scope.workspaceId).where('username', 'in', names.slice(0, 50)).execute();
    return rows.map((r) => r.id);
  }

  private async writeTagsAndMentions(trx: Trx, r: PostRow, tags: string[], mentioned: number[]): Promise<void> {
    await trx.deleteFrom('mb_post_tags').where('post_id', '=', r.id).execute();
    await trx.deleteFrom('mb_post_mentions').where('post_id', '=', r.id).execute();
    if (tags.length)
      await trx
        .insertInto('mb_post_tags')
        .values(tags.map((tag) => ({ workspace_id: r.workspace_id, post_id: r.id, tag, author_id: r.author_id })))
        .execute();
    if (mentioned.length)
      await trx
        .insertInto('mb_post_mentions')
        .values(mentioned.map((person_id) => ({ post_id: r.id, person_id })))
        .execute();
  }

  /** What happens when a post becomes visible: the parent's reply count, mention notifications. */
  async afterShown(trx: Trx, r: PostRow, mentioned: number[], now: Date): Promise<Array<{ id: number; personId: number }>> {
    const notes: Array<{ id: number; personId: number }> = [];
    if (r.reply_to_id) await trx.updateTable('mb_posts').set({ replies_count: sql`replies_count + 1` }).where('id', '=', r.reply_to_id).execute();
    const to = new Set(mentioned);
    if (r.reply_to_author_id) to.add(r.reply_to_author_id);
    // In a closed group only its members hear of the post.
    for (const p of await readersAmong(trx, r.group_id, [...to])) {
      const n = await notify(trx, r.workspace_id, p, 'mention', r.author_id, r.id, now);
      if (n) notes.push(n);
    }
    return notes;
  }

  async announceShown(r: PostRow, tags: string[], mentioned: number[], notes: Array<{ id: number; personId: number }>, kind: 'update' | 'status.update' = 'update'): Promise<void> {
    await announce(this.ctx, { workspaceId: r.workspace_id, kind, postId: r.id, authorId: r.author_id, tags, audience: r.visibility === 'direct' ? mentioned : null, ...(r.group_id !== null ? { groupId: r.group_id } : {}) });
    for (const n of notes) await announce(this.ctx, { workspaceId: r.workspace_id, kind: 'notification', personId: n.personId, notificationId: n.id });
  }

  /** The author edits (a held post this way gets fixed): a new version, screened again. */
  async edit(v: Viewer, rawId: string | number, input: { text: string; spoiler?: string }): Promise<PostResult> {
    const before = await this.readable(v, rawId);
    if (before.author_id !== v.person.id) throw forbidden('Only the author can edit a post.');
    if (before.reblog_of_id) throw invalid('microblog.not_editable', 'A boost cannot be edited.');
    const text = (input.text ?? '').trim();
    const spoiler = (input.spoiler ?? before.spoiler).trim().slice(0, 500);
    if (!text) throw invalid('microblog.empty_post', 'A post needs some text.', 'status');
    if ([...text].length > MAX_POST_CHARS) throw invalid('microblog.too_long', `A post holds at most ${MAX_POST_CHARS} characters.`, 'status');
    const poll = await this.ctx.db.selectFrom('mb_polls').select('options').where('post_id', '=', before.id).executeTakeFirst();
    // The post's files stay what they were: a held file keeps the post held until a moderator releases it.
    const files = await this.ctx.db.selectFrom('mb_media').select('hold_reasons').where('post_id', '=', before.id).execute();
    const reasons = [...guidelineScreen([text, spoiler, ...((poll?.options as string[]) ?? [])].join('\n')), ...files.flatMap((f) => f.hold_reasons ?? [])];
    const state = reasons.length ? 'held' : 'visible';
    const now = this.ctx.clock.now();
    const tags = (await canonicalTags(this.ctx.db, v.scope.workspaceId, hashtagsOf(text))).slice(0, 30);
    const mentioned = await this.mentioned(v, text);
    const notes: Array<{ id: number; personId: number }> = [];
    const row = await this.ctx.db.transaction().execute(async (trx) => {
      const last = await trx.selectFrom('mb_post_versions').select(sql<number>`max(version)`.as('v')).where('post_id', '=', before.id).executeTakeFirst();
      await trx
        .insertInto('mb_post_versions')
        .values({ post_id: before.id, version: Number(last?.v ?? 0) + 1, text, spoiler, created_at: now })
        .execute();
      const r = await trx
        .updateTable('mb_posts')
        .set({ text, spoiler, state, hold_reasons: reasons.length ? (JSON.stringify(reasons) as never) : null, lemmas: lemmasOf(`${spoiler} ${text}`), edited_at: now })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.writeTagsAndMentions(trx, r, tags, mentioned);
      if (before.state === 'held' && state === 'visible') notes.push(...(await this.afterShown(trx, r, mentioned, now)));
      if (before.state === 'visible' && state === 'held' && r.reply_to_id) await trx.updateTable('mb_posts').set({ replies_count: sql`greatest(replies_count - 1, 0)` }).where('id', '=', r.reply_to_id).execute();
      await appendAudit(trx, {
        workspaceId: v.scope.workspaceId,
        actor: v.scope.actor,
        action: state === 'held' ? 'microblog.post_held' : 'microblog.post_edited',
        targetType: 'mb_post',
        targetId: String(r.id),
        before: { state: before.state },
        after: { state, reasons: reasons.map((x) => x.kind) },
        at: now,
      });
      return r;
    });
    if (state === 'visible') await this.announceShown(row, tags, mentioned, notes, before.state === 'held' ? 'update' : 'status.update');
    else if (before.state === 'visible') await announce(this.ctx, { workspaceId: row.workspace_id, kind: 'delete', postId: row.id });
    return { post: await this.view(v, row), held: state === 'held' };
  }

  async history(v: Viewer, rawId: string | number): Promise<PostVersionView[]> {
    const row = await this.readable(v, rawId);
    const rows = await this.ctx.db.selectFrom('mb_post_versions').selectAll().where('post_id', '=', row.id).orderBy('version').execute();
    return rows.map((r) => ({ version: r.version, text: r.text, spoiler: r.spoiler, createdAt: iso(r.created_at) }));
  }

  /** The author or a moderator deletes; the row stays (retention and audit), nobody sees it again. */
  async remove(v: Viewer, rawId: string | number): Promise<PostView> {
    const row = await this.readable(v, rawId);
    if (row.author_id !== v.person.id && !canModerate(v.scope)) throw forbidden('Only the author or a moderator can delete a post.');
    const view = await this.view(v, row);
    await this.removeRow(v, row);
    return view;
  }

  /** Deletes a post row and its boosts (the caller has checked who may); `why` goes into the audit entry. */
  async removeRow(v: Viewer, row: PostRow, why: Record<string, unknown> = {}): Promise<void> {
    const now = this.ctx.clock.now();
    const boosts = await this.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('mb_posts').set({ state: 'deleted', deleted_at: now }).where('id', '=', row.id).execute();
      const gone = await trx.updateTable('mb_posts').set({ state: 'deleted', deleted_at: now }).where('reblog_of_id', '=', row.id).where('state', '<>', 'deleted').returning('id').execute();
      if (row.state === 'visible' && row.reply_to_id) await trx.updateTable('mb_posts').set({ replies_count: sql`greatest(replies_count - 1, 0)` }).where('id', '=', row.reply_to_id).execute();
      if (row.state === 'visible' && row.reblog_of_id) await trx.updateTable('mb_posts').set({ reblogs_count: sql`greatest(reblogs_count - 1, 0)` }).where('id', '=', row.reblog_of_id).execute();
      await appendAudit(trx, {
        workspaceId: v.scope.workspaceId,
        actor: v.scope.actor,
        action: 'microblog.post_deleted',
        targetType: 'mb_post',
        targetId: String(row.id),
        before: { state: row.state, author: row.author_id },
        after: why,
        at: now,
      });
      return gone.map((g) => g.id);
    });
    for (const id of [row.id, ...boosts]) await announce(this.ctx, { workspaceId: row.workspace_id, kind: 'delete', postId: id });
  }

  async context(v: Viewer, rawId: string | number): Promise<{ ancestors: PostView[]; descendants: PostView[] }> {
    const row = await this.readable(v, rawId);
    const root = row.thread_root_id ?? row.id;
    const thread = await this.ctx.db
      .selectFrom('mb_posts')
      .selectAll()
      .where('workspace_id', '=', v.scope.workspaceId)
      .where((eb) => eb.or([eb('thread_root_id', '=', root), eb('id', '=', root)]))
      .where(visibleTo(v))
      .orderBy('id')
      .limit(2000)
      .execute();
    const byId = new Map(thread.map((t) => [t.id, t]));
    const ancestors: PostRow[] = [];
    for (let p = row.reply_to_id; p !== null && byId.has(p); p = byId.get(p)!.reply_to_id) ancestors.unshift(byId.get(p)!);
    const under = new Set([row.id]);
    const descendants = thread.filter((t) => t.reply_to_id !== null && under.has(t.reply_to_id) && under.add(t.id));
    const views = await presentPosts(this.ctx, this.people, v, [...ancestors, ...descendants]);
    return { ancestors: views.slice(0, ancestors.length), descendants: views.slice(ancestors.length) };
  }

  async favourite(v: Viewer, rawId: string | number, on: boolean): Promise<PostView> {
    const row = await this.readable(v, rawId);
    if (row.state !== 'visible') throw invalid('microblog.not_shown', 'That post is not shown.');
    const now = this.ctx.clock.now();
    const note = await this.ctx.db.transaction().execute(async (trx) => {
      const changed = on
        ? await trx
            .insertInto('mb_favourites')
            .values({ person_id: v.person.id, post_id: row.id, created_at: now })
            .onConflict((oc) => oc.doNothing())
            .returning('post_id')
            .executeTakeFirst()
        : await trx.deleteFrom('mb_favourites').where('person_id', '=', v.person.id).where('post_id', '=', row.id).returning('post_id').executeTakeFirst();
      if (!changed) return null;
      await trx
        .updateTable('mb_posts')
        .set({ favourites_count: on ? sql`favourites_count + 1` : sql`greatest(favourites_count - 1, 0)` })
        .where('id', '=', row.id)
        .execute();
      await appendAudit(trx, { workspaceId: v.scope.workspaceId, actor: v.scope.actor, action: on ? 'microblog.favourited' : 'microblog.unfavourited', targetType: 'mb_post', targetId: String(row.id), at: now });
      return on ? notify(trx, row.workspace_id, row.author_id, 'favourite', v.person.id, row.id, now) : null;
    });
    if (note) await announce(this.ctx, { workspaceId: row.workspace_id, kind: 'notification', personId: note.personId, notificationId: note.id });
    return this.get(v, row.id);
  }

  async bookmark(v: Viewer, rawId: string | number, on: boolean): Promise<PostView> {
    const row = await this.readable(v, rawId);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      if (on)
        await trx
          .insertInto('mb_bookmarks')
          .values({ person_id: v.person.id, post_id: row.id, created_at: now })
          .onConflict((oc) => oc.doNothing())
          .execute();
      else await trx.deleteFrom('mb_bookmarks').where('person_id', '=', v.person.id).where('post_id', '=', row.id).execute();
      await appendAudit(trx, { workspaceId: v.scope.workspaceId, actor: v.scope.actor, action: on ? 'microblog.bookmarked' : 'microblog.unbookmarked', targetType: 'mb_post', targetId: String(row.id), at: now });
    });
    return this.get(v, row.id);
  }

  /** Boost: a post of the booster's that carries the original; once per person and post. */
  async reblog(v: Viewer, rawId: string | number, on: boolean): Promise<PostView> {
    let row = await this.readable(v, rawId);
    if (row.reblog_of_id) row = await this.readable(v, row.reblog_of_id);
    const closed = row.group_id !== null && !!(await this.ctx.db.selectFrom('mb_groups').select('closed').where('id', '=', row.group_id).where('closed', '=', true).executeTakeFirst());
    if (row.state !== 'visible' || row.visibility === 'direct' || row.visibility === 'private' || closed) throw invalid('microblog.not_boostable', 'That post cannot be boosted.');
    const now = this.ctx.clock.now();
    if (!on) {
      const gone = await this.ctx.db.transaction().execute(async (trx) => {
        const g = await trx.updateTable('mb_posts').set({ state: 'deleted', deleted_at: now }).where('author_id', '=', v.person.id).where('reblog_of_id', '=', row.id).where('state', '<>', 'deleted').returning('id').executeTakeFirst();
        if (g) {
          await trx.updateTable('mb_posts').set({ reblogs_count: sql`greatest(reblogs_count - 1, 0)` }).where('id', '=', row.id).execute();
          await appendAudit(trx, { workspaceId: v.scope.workspaceId, actor: v.scope.actor, action: 'microblog.unboosted', targetType: 'mb_post', targetId: String(row.id), at: now });
        }
        return g;
      });
      if (gone) await announce(this.ctx, { workspaceId: row.workspace_id, kind: 'delete', postId: gone.id });
      return this.get(v, row.id);
    }
    const existing = await this.ctx.db.selectFrom('mb_posts').selectAll().where('author_id', '=', v.person.id).where('reblog_of_id', '=', row.id).where('state', '<>', 'deleted').executeTakeFirst();
    if (existing) return this.view(v, existing);
    const result = await this.ctx.db.transaction().execute(async (trx) => {
      const b = await trx
        .insertInto('mb_posts')
        .values({
          workspace_id: row.workspace_id,
          author_id: v.person.id,
          text: '',
          spoiler: '',
          visibility: row.visibility,
          reply_to_id: null,
          reply_to_author_id: null,
          thread_root_id: null,
          reblog_of_id: row.id,
          state: 'visible',
          hold_reasons: null,
          lemmas: '',
          idempotency_key: null,
          replies_count: 0,
          reblogs_count: 0,
          favourites_count: 0,
          created_at: now,
          edited_at: null,
          deleted_at: null,
          // A boost reads as its original: an open group's post stays its group's (gone with the group).
          group_id: row.group_id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.updateTable('mb_posts').set({ reblogs_count: sql`reblogs_count + 1` }).where('id', '=', row.id).execute();
      await appendAudit(trx, { workspaceId: v.scope.workspaceId, actor: v.scope.actor, action: 'microblog.boosted', targetType: 'mb_post', targetId: String(row.id), at: now });
      return { b, note: await notify(trx, row.workspace_id, row.author_id, 'reblog', v.person.id, row.id, now) };
    });
    await this.announceShown(result.b, [], [], result.note ? [result.note] : []);
    return this.view(v, result.b);
  }

  /** Moderators' and authors' reasons, as a domain error for APIs that cannot show a held post. */
  static heldError(reasons: HoldReason[], postId: string): DomainError {
    return new DomainError('invalid', 'microblog.post_held', `보류됨: 정보보호 지침에 따라 게시가 보류되었습니다 (held by the guideline screen): ${[...new Set(reasons.map((r) => r.message))].join(' ')}`, {
      params: { postId, reasons: reasons.map((r) => r.kind) },
    });
  }
}

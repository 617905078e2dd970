import { sql } from 'kysely';
import { invalid, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { announce, cursorOf, idOf, pageLimit, type Ctx, type Page, type Viewer } from './context.js';
import { notify, type PostsService } from './posts.service.js';
import type { PeopleService } from './people.service.js';
import { groupReadable } from './groups.access.js';
import { presentPolls, presentPosts } from './present.js';
import { canonicalTag } from './tags.js';
import type { TagView, TimelinesService } from './timelines.service.js';
import { iso, type NotificationView, type PersonView, type PollView } from './views.js';

export interface Relationship {
  id: string;
  following: boolean;
  followedBy: boolean;
}

/** Follows (people and tags), notifications and poll votes. */
export class SocialService {
  constructor(
    private readonly ctx: Ctx,
    private readonly people: PeopleService,
    private readonly posts: PostsService,
    private readonly timelines: TimelinesService,
  ) {}

  private async personRow(v: Viewer, rawId: string | number) {
    const id = idOf(rawId, 'person');
    const row = await this.ctx.db.selectFrom('mb_people').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('microblog.person_not_found', 'No such person.');
    return row;
  }

  async follow(v: Viewer, rawId: string | number, on: boolean): Promise<Relationship> {
    const target = await this.personRow(v, rawId);
    if (target.id === v.person.id) throw invalid('microblog.self_follow', 'You cannot follow yourself.');
    const now = this.ctx.clock.now();
    const note = await this.ctx.db.transaction().execute(async (trx) => {
      const changed = on
        ? await trx
            .insertInto('mb_follows')
            .values({ follower_id: v.person.id, followee_id: target.id, created_at: now })
            .onConflict((oc) => oc.doNothing())
            .returning('followee_id')
            .executeTakeFirst()
        : await trx.deleteFrom('mb_follows').where('follower_id', '=', v.person.id).where('followee_id', '=', target.id).returning('followee_id').executeTakeFirst();
      if (!changed) return null;
      await appendAudit(trx, { workspaceId: v.scope.workspaceId, actor: v.scope.actor, action: on ? 'microblog.followed' : 'microblog.unfollowed', targetType: 'mb_person', targetId: String(target.id), at: now });
      return on ? notify(trx, v.scope.workspaceId, target.id, 'follow', v.person.id, null, now) : null;
    });
    if (note) await announce(this.ctx, { workspaceId: v.scope.workspaceId, kind: 'notification', personId: note.personId, notificationId: note.id });
    return (await this.relationships(v, [String(target.id)]))[0]!;
  }

  async relationships(v: Viewer, rawIds: string[]): Promise<Relationship[]> {
    const ids = rawIds
      .map((r) => cursorOf(r))
      .filter((x): x is number => x !== undefined && x > 0)
      .slice(0, 80);
    if (ids.length === 0) return [];
    const rows = await this.ctx.db.selectFrom('mb_people').select('id').where('workspace_id', '=', v.scope.workspaceId).where('id', 'in', ids).execute();
    const known = rows.map((r) => r.id);
    if (known.length === 0) return [];
    const out = await this.ctx.db.selectFrom('mb_follows').select('followee_id').where('follower_id', '=', v.person.id).where('followee_id', 'in', known).execute();
    const inn = await this.ctx.db.selectFrom('mb_follows').select('follower_id').where('followee_id', '=', v.person.id).where('follower_id', 'in', known).execute();
    const o = new Set(out.map((r) => r.followee_id));
    const i = new Set(inn.map((r) => r.follower_id));
    return known.map((id) => ({ id: String(id), following: o.has(id), followedBy: i.has(id) }));
  }

  async followers(v: Viewer, rawId: string | number, of: 'followers' | 'following', page: Page): Promise<PersonView[]> {
    const target = await this.personRow(v, rawId);
    const [mine, other] = of === 'followers' ? (['followee_id', 'follower_id'] as const) : (['follower_id', 'followee_id'] as const);
    let q = this.ctx.db
      .selectFrom('mb_people')
      .selectAll()
      .where('workspace_id', '=', v.scope.workspaceId)
      .where('id', 'in', (eb) => eb.selectFrom('mb_follows').select(other).where(mine, '=', target.id));
    const maxId = cursorOf(page.maxId);
    if (maxId !== undefined) q = q.where('id', '<', maxId);
    return this.people.present(v, await q.orderBy('id', 'desc').limit(pageLimit(page, 80)).execute());
  }

  async followTag(v: Viewer, raw: string, on: boolean): Promise<TagView> {
    const tag = await canonicalTag(this.ctx.db, v.scope.workspaceId, raw);
    if (!tag) throw notFound('microblog.tag_not_found', 'No such tag.');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      if (on)
        await trx
          .insertInto('mb_tag_follows')
          .values({ person_id: v.person.id, tag, created_at: now })
          .onConflict((oc) => oc.doNothing())
          .execute();
      else await trx.deleteFrom('mb_tag_follows').where('person_id', '=', v.person.id).where('tag', '=', tag).execute();
      await appendAudit(trx, { workspaceId: v.scope.workspaceId, actor: v.scope.actor, action: on ? 'microblog.tag_followed' : 'microblog.tag_unfollowed', targetType: 'mb_tag', targetId: tag, at: now });
    });
    return this.timelines.tagInfo(v, tag);
  }

  async followedTags(v: Viewer): Promise<TagView[]> {
    const tags = [...(await this.timelines.followedTags(v))].sort();
    return Promise.all(tags.map((t) => this.timelines.tagInfo(v, t)));
  }

  async notifications(v: Viewer, page: Page & { types?: string[]; excludeTypes?: string[] }): Promise<NotificationView[]> {
    let q = this.ctx.db.selectFrom('mb_notifications').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('person_id', '=', v.person.id);
    if (page.types?.length) q = q.where('type', 'in', page.types);
    if (page.excludeTypes?.length) q = q.where('type', 'not in', page.excludeTypes);
    const maxId = cursorOf(page.maxId);
    const sinceId = cursorOf(page.sinceId);
    const minId = cursorOf(page.minId);
    if (maxId !== undefined) q = q.where('id', '<', maxId);
    if (sinceId !== undefined) q = q.where('id', '>', sinceId);
    const limit = pageLimit(page, 80);
    const rows = minId !== undefined && sinceId === undefined ? (await q.where('id', '>', minId).orderBy('id', 'asc').limit(limit).execute()).reverse() : await q.orderBy('id', 'desc').limit(limit).execute();
    return this.presentNotifications(v, rows);
  }

  async notification(v: Viewer, rawId: string | number): Promise<NotificationView> {
    const id = idOf(rawId, 'notification');
    const row = await this.ctx.db.selectFrom('mb_notifications').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('person_id', '=', v.person.id).where('id', '=', id).executeTakeFirst();
    const shown = row ? (await this.presentNotifications(v, [row]))[0] : undefined;
    if (!shown) throw notFound('microblog.notification_not_found', 'No such notification.');
    return shown;
  }

  async dismiss(v: Viewer, rawId?: string | number): Promise<void> {
    let q = this.ctx.db.deleteFrom('mb_notifications').where('person_id', '=', v.person.id);
    if (rawId !== undefined) q = q.where('id', '=', idOf(rawId, 'notification'));
    await q.execute();
  }

  private async presentNotifications(v: Viewer, rows: Array<{ id: number; type: string; from_id: number; post_id: number | null; created_at: Date }>): Promise<NotificationView[]> {
    if (rows.length === 0) return [];
    const fromRows = await this.ctx.db
      .selectFrom('mb_people')
      .selectAll()
      .where('id', 'in', [...new Set(rows.map((r) => r.from_id))])
      .execute();
    const from = new Map((await this.people.present(v, fromRows)).map((p) => [Number(p.id), p]));
    const postIds = [...new Set(rows.map((r) => r.post_id).filter((x): x is number => x !== null))];
    // A post in a group the person may no longer read (left, removed, deleted group) takes its notification with it.
    const postRows = postIds.length ? await this.ctx.db.selectFrom('mb_posts').selectAll().where('id', 'in', postIds).where('state', '<>', 'deleted').where(groupReadable(v.person.id)).execute() : [];
    const posts = new Map((await presentPosts(this.ctx, this.people, v, postRows)).map((p) => [Number(p.id), p]));
    return rows
      .filter((r) => from.has(r.from_id) && (r.post_id === null || posts.has(r.post_id)))
      .map((r) => ({ id: String(r.id), type: r.type as NotificationView['type'], createdAt: iso(r.created_at), from: from.get(r.from_id)!, post: r.post_id === null ? null : posts.get(r.post_id)! }));
  }

  async poll(v: Viewer, rawPollId: string | number): Promise<PollView> {
    const id = idOf(rawPollId, 'poll');
    const poll = await this.ctx.db.selectFrom('mb_polls').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!poll) throw notFound('microblog.poll_not_found', 'No such poll.');
    await this.posts.readable(v, poll.post_id);
    return (await presentPolls(this.ctx, v, [poll.post_id])).get(poll.post_id)!;
  }

  async vote(v: Viewer, rawPollId: string | number, choices: number[]): Promise<PollView> {
    const id = idOf(rawPollId, 'poll');
    const poll = await this.ctx.db.selectFrom('mb_polls').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!poll) throw notFound('microblog.poll_not_found', 'No such poll.');
    const post = await this.posts.readable(v, poll.post_id);
    if (post.state !== 'visible') throw invalid('microblog.not_shown', 'That post is not shown.');
    const now = this.ctx.clock.now();
    if (poll.expires_at && new Date(poll.expires_at) <= now) throw invalid('microblog.poll_expired', 'The poll has ended.');
    const picked = [...new Set(choices.map(Number))];
    const n = (poll.options as string[]).length;
    if (picked.length === 0 || picked.some((c) => !Number.isInteger(c) || c < 0 || c >= n)) throw invalid('microblog.bad_choice', `Choices are numbers from 0 to ${n - 1}.`, 'choices');
    if (!poll.multiple && picked.length > 1) throw invalid('microblog.single_choice', 'This poll takes one choice.', 'choices');
    await this.ctx.db.transaction().execute(async (trx) => {
      const already = await trx.selectFrom('mb_poll_votes').select('choice').where('poll_id', '=', poll.id).where('person_id', '=', v.person.id).executeTakeFirst();
      if (already) throw invalid('microblog.already_voted', 'You have already voted on this poll.');
      await trx
        .insertInto('mb_poll_votes')
        .values(picked.map((choice) => ({ poll_id: poll.id, person_id: v.person.id, choice, created_at: now })))
        .onConflict((oc) => oc.doNothing())
        .execute();
      await appendAudit(trx, { workspaceId: v.scope.workspaceId, actor: v.scope.actor, action: 'microblog.voted', targetType: 'mb_poll', targetId: String(poll.id), at: now });
    });
    return (await presentPolls(this.ctx, v, [poll.post_id])).get(poll.post_id)!;
  }

  /**
   * Helpful people: reactions and replies received over a window, explained (how many of each). Counted
   * over the posts the viewer may read (a closed group's posts count for its members only); people who
   * opted out are left out.
   */
  async ranking(v: Viewer, days = 30): Promise<Array<{ person: PersonView; score: number; favourites: number; boosts: number; replies: number }>> {
    const since = new Date(this.ctx.clock.now().getTime() - Math.max(1, Math.min(365, days)) * 86_400_000);
    const rows = await this.ctx.db
      .selectFrom('mb_posts')
      .select(['author_id', sql<number>`sum(favourites_count)::int`.as('f'), sql<number>`sum(reblogs_count)::int`.as('b'), sql<number>`sum(replies_count)::int`.as('r')])
      .where('workspace_id', '=', v.scope.workspaceId)
      .where('state', '=', 'visible')
      .where('reblog_of_id', 'is', null)
      .where('created_at', '>=', since)
      .where(groupReadable(v.person.id))
      .where('author_id', 'not in', (eb) => eb.selectFrom('mb_people').select('id').where('workspace_id', '=', v.scope.workspaceId).where('ranking_opt_out', '=', true))
      .groupBy('author_id')
      .orderBy(sql`sum(favourites_count) * 2 + sum(reblogs_count) * 3 + sum(replies_count) * 2`, 'desc')
      .limit(20)
      .execute();
    const people = rows.length
      ? await this.ctx.db
          .selectFrom('mb_people')
          .selectAll()
          .where(
            'id',
            'in',
            rows.map((r) => r.author_id),
          )
          .where('active', '=', true)
          .execute()
      : [];
    const views = new Map((await this.people.present(v, people)).map((p) => [Number(p.id), p]));
    return rows
      .filter((r) => views.has(r.author_id))
      .map((r) => ({ person: views.get(r.author_id)!, favourites: Number(r.f), boosts: Number(r.b), replies: Number(r.r), score: Number(r.f) * 2 + Number(r.b) * 3 + Number(r.r) * 2 }))
      .filter((r) => r.score > 0);
  }
}

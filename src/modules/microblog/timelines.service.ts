import { sql, type SelectQueryBuilder } from 'kysely';
import { defaultTokenizer } from '../../nlp/index.js';
import { canonicalTag, tagName } from './tags.js';
import { notFound } from '../../platform/errors.js';
import { cursorOf, idOf, pageLimit, type Ctx, type Page, type Viewer } from './context.js';
import type { MicroblogTables, PostRow } from './microblog.tables.js';
import type { IdentityTables } from '../identity/index.js';
import type { PeopleService } from './people.service.js';
import { groupReadable } from './groups.access.js';
import { presentPosts, visibleTo } from './present.js';
import type { PostView } from './views.js';
import type { TagPage, TagView } from '../../contracts/microblog.js';

export type { TagPage, TagView };

type Q = SelectQueryBuilder<MicroblogTables & IdentityTables, 'mb_posts', PostRow>;

export { tagName };

/** Timelines (home, local, tag, a person's, favourites, bookmarks) with id cursors, and search. */
export class TimelinesService {
  constructor(
    private readonly ctx: Ctx,
    private readonly people: PeopleService,
  ) {}

  private base(v: Viewer): Q {
    return this.ctx.db.selectFrom('mb_posts').selectAll().where('mb_posts.workspace_id', '=', v.scope.workspaceId).where(visibleTo(v)) as Q;
  }

  /** Newest first; `minId` pages forward from a cursor (oldest of the newer ones first, then turned). */
  private async paged(v: Viewer, q: Q, page: Page): Promise<PostView[]> {
    const limit = pageLimit(page);
    const maxId = cursorOf(page.maxId);
    const sinceId = cursorOf(page.sinceId);
    const minId = cursorOf(page.minId);
    if (maxId !== undefined) q = q.where('mb_posts.id', '<', maxId);
    if (sinceId !== undefined) q = q.where('mb_posts.id', '>', sinceId);
    let rows: PostRow[];
    if (minId !== undefined && sinceId === undefined) rows = (await q.where('mb_posts.id', '>', minId).orderBy('mb_posts.id', 'asc').limit(limit).execute()).reverse();
    else rows = await q.orderBy('mb_posts.id', 'desc').limit(limit).execute();
    return presentPosts(this.ctx, this.people, v, rows);
  }

  home(v: Viewer, page: Page): Promise<PostView[]> {
    const me = v.person.id;
    const q = this.base(v).where((eb) =>
      eb.or([
        eb('mb_posts.author_id', '=', me),
        eb('mb_posts.author_id', 'in', eb.selectFrom('mb_follows').select('followee_id').where('follower_id', '=', me)),
        eb('mb_posts.group_id', 'in', eb.selectFrom('mb_group_members').select('group_id').where('person_id', '=', me)),
        eb('mb_posts.id', 'in', eb.selectFrom('mb_post_tags as t').innerJoin('mb_tag_follows as f', 'f.tag', 't.tag').select('t.post_id').where('f.person_id', '=', me).where('t.workspace_id', '=', v.scope.workspaceId)),
      ]),
    );
    return this.paged(v, q, page);
  }

  /** Everyone's public posts in the workspace (boosts, unlisted ones and groups' posts left out). */
  local(v: Viewer, page: Page): Promise<PostView[]> {
    return this.paged(v, this.base(v).where('mb_posts.visibility', '=', 'public').where('mb_posts.reblog_of_id', 'is', null).where('mb_posts.group_id', 'is', null), page);
  }

  /** A group's timeline (the caller has checked that the viewer may read the group). */
  group(v: Viewer, groupId: number, page: Page): Promise<PostView[]> {
    return this.paged(v, this.base(v).where('mb_posts.group_id', '=', groupId).where('mb_posts.reblog_of_id', 'is', null), page);
  }

  async tag(v: Viewer, raw: string, page: Page): Promise<PostView[]> {
    const tag = await canonicalTag(this.ctx.db, v.scope.workspaceId, raw);
    if (!tag) return [];
    if (cursorOf(page.minId) !== undefined && cursorOf(page.sinceId) === undefined) {
      const q = this.base(v).where('mb_posts.id', 'in', (eb) => eb.selectFrom('mb_post_tags').select('post_id').where('workspace_id', '=', v.scope.workspaceId).where('tag', '=', tag));
      return this.paged(v, q.where('mb_posts.visibility', '<>', 'direct'), page);
    }
    // Newest first: walk the tag's own index (workspace, tag, post id) in batches, keep what the viewer may see.
    const limit = pageLimit(page);
    const sinceId = cursorOf(page.sinceId);
    let before = cursorOf(page.maxId);
    const out: PostRow[] = [];
    for (let round = 0; round < 6 && out.length < limit; round++) {
      let ids = this.ctx.db.selectFrom('mb_post_tags').select('post_id').where('workspace_id', '=', v.scope.workspaceId).where('tag', '=', tag);
      if (before !== undefined) ids = ids.where('post_id', '<', before);
      if (sinceId !== undefined) ids = ids.where('post_id', '>', sinceId);
      const batch = (
        await ids
          .orderBy('post_id', 'desc')
          .limit(limit * 2)
          .execute()
      ).map((r) => r.post_id);
      if (batch.length === 0) break;
      const rows = await this.base(v).where('mb_posts.id', 'in', batch).where('mb_posts.visibility', '<>', 'direct').orderBy('mb_posts.id', 'desc').execute();
      out.push(...rows);
      before = batch[batch.length - 1];
      if (batch.length < limit * 2) break;
    }
    return presentPosts(this.ctx, this.people, v, out.slice(0, limit));
  }

  async person(v: Viewer, rawId: string | number, page: Page & { excludeReplies?: boolean; excludeReblogs?: boolean; pinned?: boolean }): Promise<PostView[]> {
    const id = idOf(rawId, 'person');
    const exists = await this.ctx.db.selectFrom('mb_people').select('id').where('workspace_id', '=', v.scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!exists) throw notFound('microblog.person_not_found', 'No such person.');
    if (page.pinned) return [];
    let q = this.base(v).where('mb_posts.author_id', '=', id);
    if (page.excludeReplies) q = q.where('mb_posts.reply_to_id', 'is', null);
    if (page.excludeReblogs) q = q.where('mb_posts.reblog_of_id', 'is', null);
    return this.paged(v, q, page);
  }

  favourites(v: Viewer, page: Page): Promise<PostView[]> {
    return this.paged(
      v,
      this.base(v).where('mb_posts.id', 'in', (eb) => eb.selectFrom('mb_favourites').select('post_id').where('person_id', '=', v.person.id)),
      page,
    );
  }

  bookmarks(v: Viewer, page: Page): Promise<PostView[]> {
    return this.paged(
      v,
      this.base(v).where('mb_posts.id', 'in', (eb) => eb.selectFrom('mb_bookmarks').select('post_id').where('person_id', '=', v.person.id)),
      page,
    );
  }

  /**
   * Posts whose words match every word of the query by lemma (국민은행에서 finds 국민은행이), or whose text
   * holds the query as it is; `#tag` searches the tag.
   */
  async searchPosts(v: Viewer, q: string, page: Page): Promise<PostView[]> {
    const text = q.trim();
    if (!text) return [];
    if (/^#\S+$/.test(text)) return this.tag(v, text, page);
    const lemmas = [...new Set(defaultTokenizer.lemmas(text).map((l) => l.toLowerCase()))].slice(0, 8);
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const query = this.base(v)
      .where('mb_posts.reblog_of_id', 'is', null)
      .where((eb) => eb.or([eb('mb_posts.text', 'ilike', like), ...(lemmas.length ? [eb.and(lemmas.map((l) => eb(sql`' ' || mb_posts.lemmas || ' '`, 'like', `% ${l.replace(/[\\%_]/g, (c) => `\\${c}`)} %`)))] : [])]));
    return this.paged(v, query, page);
  }

  async searchTags(v: Viewer, q: string, limit = 10): Promise<TagView[]> {
    const prefix = tagName(q.trim());
    if (!prefix) return [];
    const rows = await this.ctx.db
      .selectFrom('mb_post_tags')
      .select(['tag', sql<number>`count(*)::int`.as('n'), sql<number>`count(distinct author_id)::int`.as('people')])
      .where('workspace_id', '=', v.scope.workspaceId)
      .where('tag', 'like', `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('mb_posts as p')
            .select('p.id')
            .whereRef('p.id', '=', 'mb_post_tags.post_id')
            .where('p.state', '=', 'visible')
            .where(groupReadable(v.person.id, sql.ref('p.group_id'))),
        ),
      )
      .groupBy('tag')
      .orderBy(sql`count(*)`, 'desc')
      .limit(Math.min(20, Math.max(1, limit)))
      .execute();
    const followed = await this.followedTags(v);
    return rows.map((r) => ({ name: r.tag, postsCount: Number(r.n), peopleCount: Number(r.people), following: followed.has(r.tag) }));
  }

  async followedTags(v: Viewer): Promise<Set<string>> {
    const rows = await this.ctx.db.selectFrom('mb_tag_follows').select('tag').where('person_id', '=', v.person.id).execute();
    return new Set(rows.map((r) => r.tag));
  }

  async tagInfo(v: Viewer, raw: string): Promise<TagView> {
    const name = await canonicalTag(this.ctx.db, v.scope.workspaceId, raw);
    if (!name) throw notFound('microblog.tag_not_found', 'No such tag.');
    const r = await this.ctx.db
      .selectFrom('mb_post_tags as t')
      .innerJoin('mb_posts as p', 'p.id', 't.post_id')
      .select([sql<number>`count(*)::int`.as('n'), sql<number>`count(distinct t.author_id)::int`.as('people')])
      .where('t.workspace_id', '=', v.scope.workspaceId)
      .where('t.tag', '=', name)
      .where('p.state', '=', 'visible')
      .where(groupReadable(v.person.id, sql.ref('p.group_id')))
      .executeTakeFirst();
    return { name, postsCount: Number(r?.n ?? 0), peopleCount: Number(r?.people ?? 0), following: (await this.followedTags(v)).has(name) };
  }

  /**
   * A tag as knowledge: its best posts (by favourites, boosts and replies), top contributors, related tags.
   * The tag's readable posts are walked once (counts, contributors and related tags in one statement),
   * beside the best posts and the viewer's followed tags.
   */
  async tagPage(v: Viewer, raw: string): Promise<Omit<TagPage, 'pinned' | 'aliases' | 'summary'>> {
    const name = await canonicalTag(this.ctx.db, v.scope.workspaceId, raw);
    if (!name) throw notFound('microblog.tag_not_found', 'No such tag.');
    const ws = v.scope.workspaceId;
    const inTag = (eb: any) => eb.selectFrom('mb_post_tags').select('post_id').where('workspace_id', '=', ws).where('tag', '=', name);
    const [bestRows, stats, followed] = await Promise.all([
      this.base(v)
        .where('mb_posts.id', 'in', inTag)
        .where('mb_posts.visibility', '<>', 'direct')
        .orderBy(sql`mb_posts.favourites_count * 2 + mb_posts.reblogs_count * 3 + mb_posts.replies_count`, 'desc')
        .orderBy('mb_posts.id', 'desc')
        .limit(5)
        .execute(),
      sql<{ n: number; people: number; contributors: Array<{ author_id: number; n: number }> | null; related: Array<{ tag: string; n: number }> | null }>`
        with tp as materialized (
          select t.post_id, t.author_id from mb_post_tags t join mb_posts p on p.id = t.post_id
          where t.workspace_id = ${ws} and t.tag = ${name} and p.state = 'visible' and ${groupReadable(v.person.id, sql.ref('p.group_id'))}
        )
        select (select count(*)::int from tp) as n,
          (select count(distinct author_id)::int from tp) as people,
          (select json_agg(c) from (select author_id, count(*)::int as n from tp group by author_id order by count(*) desc, author_id limit 5) c) as contributors,
          (select json_agg(r) from (select b.tag, count(*)::int as n from tp join mb_post_tags b on b.post_id = tp.post_id
             where b.tag <> ${name} group by b.tag order by count(*) desc, b.tag limit 8) r) as related`.execute(this.ctx.db),
      this.followedTags(v),
    ]);
    const st = stats.rows[0]!;
    const contributors = (st.contributors ?? []).map((c) => ({ author_id: Number(c.author_id), n: Number(c.n) }));
    const people = contributors.length
      ? await this.ctx.db
          .selectFrom('mb_people')
          .selectAll()
          .where(
            'id',
            'in',
            contributors.map((c) => c.author_id),
          )
          .execute()
      : [];
    const [views, best] = await Promise.all([this.people.present(v, people).then((list) => new Map(list.map((p) => [Number(p.id), p]))), presentPosts(this.ctx, this.people, v, bestRows)]);
    return {
      tag: { name, postsCount: Number(st.n), peopleCount: Number(st.people), following: followed.has(name) },
      best,
      contributors: contributors.filter((c) => views.has(c.author_id)).map((c) => ({ person: views.get(c.author_id)!, posts: c.n })),
      related: (st.related ?? []).map((r) => ({ name: r.tag, count: Number(r.n) })),
    };
  }
}

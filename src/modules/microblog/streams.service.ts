import { sql } from 'kysely';
import { arrayLiteral } from '../../platform/db/unnest.js';
import type { Ctx, Viewer } from './context.js';
import type { PeopleService } from './people.service.js';
import { presentPosts, visibleToPerson } from './present.js';
import type { PostView } from './views.js';

/** Where one post belongs for one viewer: the view, and which of their streams it goes on. */
export interface StreamPlacement {
  view: PostView;
  /** Their home timeline (their own post, someone they follow, a group they are in, or a tag they follow). */
  home: boolean;
  /** The workspace's public timeline (public posts, not boosts, not groups' posts). */
  local: boolean;
  /** Hashtag timelines: the post's tags (not for direct posts). */
  tags: string[];
}

/**
 * Streaming fan-out: one new or edited post for many open streams at once. Who may see it is decided in
 * one query with the same visibility rule the timelines use (`visibleToPerson`); the post is rendered
 * once, and each viewer's own marks (favourited, boosted, bookmarked, their poll votes) are added from
 * one query each — a constant number of queries per post however many streams are open.
 */
export class StreamsService {
  constructor(
    private readonly ctx: Ctx,
    private readonly people: PeopleService,
  ) {}

  async placements(workspaceId: string, postId: number, viewers: Viewer[]): Promise<Map<number, StreamPlacement>> {
    const out = new Map<number, StreamPlacement>();
    if (viewers.length === 0) return out;
    const ids = arrayLiteral(viewers.map((v) => v.person.id));
    const seen = await sql<{ person_id: number; home: boolean; local: boolean }>`
      select v.id as person_id,
        (v.id = mb_posts.author_id
          or exists (select 1 from mb_follows f where f.follower_id = v.id and f.followee_id = mb_posts.author_id)
          or exists (select 1 from mb_group_members gm where gm.group_id = mb_posts.group_id and gm.person_id = v.id)
          or exists (select 1 from mb_post_tags t join mb_tag_follows tf on tf.tag = t.tag where t.post_id = mb_posts.id and t.workspace_id = mb_posts.workspace_id and tf.person_id = v.id)) as home,
        (mb_posts.visibility = 'public' and mb_posts.reblog_of_id is null and mb_posts.group_id is null) as local
      from unnest(${ids}::bigint[]) as v(id), mb_posts
      where mb_posts.id = ${postId} and mb_posts.workspace_id = ${workspaceId} and ${visibleToPerson(sql.ref('v.id'))}`.execute(this.ctx.db);
    if (seen.rows.length === 0) return out;
    const row = await this.ctx.db.selectFrom('mb_posts').selectAll().where('id', '=', postId).where('workspace_id', '=', workspaceId).executeTakeFirst();
    if (!row) return out;
    const byId = new Map(viewers.map((v) => [Number(v.person.id), v]));
    const readers = seen.rows.map((r) => Number(r.person_id));
    const tags = row.visibility === 'direct' ? [] : (await this.ctx.db.selectFrom('mb_post_tags').select('tag').where('post_id', '=', postId).execute()).map((t) => t.tag);
    // The author sees their own marks and reasons as the timelines render them; everyone else shares one view.
    const others = readers.filter((id) => id !== row.author_id);
    const views = new Map<number, PostView>();
    if (readers.includes(row.author_id)) views.set(row.author_id, (await presentPosts(this.ctx, this.people, byId.get(row.author_id)!, [row]))[0]!);
    if (others.length) {
      const shared = (await presentPosts(this.ctx, this.people, byId.get(others[0]!)!, [row]))[0]!;
      const marks = await this.marks([row.id, ...(row.reblog_of_id !== null ? [row.reblog_of_id] : [])], others);
      for (const id of others) views.set(id, withMarks(shared, id, marks));
    }
    for (const r of seen.rows) {
      const id = Number(r.person_id);
      out.set(id, { view: views.get(id)!, home: r.home, local: r.local, tags });
    }
    return out;
  }

  private async marks(postIds: number[], personIds: number[]): Promise<Marks> {
    const people = sql`${arrayLiteral(personIds)}::bigint[]`;
    const [favs, books, boosts, votes] = await Promise.all([
      this.ctx.db.selectFrom('mb_favourites').select(['person_id', 'post_id']).where('post_id', 'in', postIds).where(sql<boolean>`person_id = any(${people})`).execute(),
      this.ctx.db.selectFrom('mb_bookmarks').select(['person_id', 'post_id']).where('post_id', 'in', postIds).where(sql<boolean>`person_id = any(${people})`).execute(),
      this.ctx.db.selectFrom('mb_posts').select(['author_id', 'reblog_of_id']).where('reblog_of_id', 'in', postIds).where('state', '<>', 'deleted').where(sql<boolean>`author_id = any(${people})`).execute(),
      this.ctx.db
        .selectFrom('mb_poll_votes as v')
        .innerJoin('mb_polls as p', 'p.id', 'v.poll_id')
        .select(['v.person_id', 'v.choice', 'p.post_id'])
        .where('p.post_id', 'in', postIds)
        .where(sql<boolean>`v.person_id = any(${people})`)
        .execute(),
    ]);
    const key = (person: number, post: number) => `${person}:${post}`;
    const ownVotes = new Map<string, number[]>();
    for (const v of votes) {
      const k = key(Number(v.person_id), Number(v.post_id));
      ownVotes.set(
        k,
        [...(ownVotes.get(k) ?? []), v.choice].sort((a, b) => a - b),
      );
    }
    return {
      favourited: new Set(favs.map((f) => key(Number(f.person_id), Number(f.post_id)))),
      bookmarked: new Set(books.map((f) => key(Number(f.person_id), Number(f.post_id)))),
      reblogged: new Set(boosts.map((b) => key(Number(b.author_id), Number(b.reblog_of_id)))),
      ownVotes,
      key,
    };
  }
}

interface Marks {
  favourited: Set<string>;
  bookmarked: Set<string>;
  reblogged: Set<string>;
  ownVotes: Map<string, number[]>;
  key: (person: number, post: number) => string;
}

/** A view rendered for another reader, with this person's own marks (a reader who is not the author: no reasons). */
function withMarks(v: PostView, person: number, m: Marks): PostView {
  const post = Number(v.id);
  const k = m.key(person, post);
  const own = m.ownVotes.get(k) ?? [];
  return {
    ...v,
    holdReasons: [],
    media: v.media.map((x) => ({ ...x, holdReasons: [] })),
    favourited: m.favourited.has(k),
    bookmarked: m.bookmarked.has(k),
    reblogged: m.reblogged.has(k),
    poll: v.poll ? { ...v.poll, voted: own.length > 0, ownVotes: own } : null,
    reblog: v.reblog ? withMarks(v.reblog, person, m) : null,
  };
}

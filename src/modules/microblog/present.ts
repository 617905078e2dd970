/** Turns post rows into views for one viewer, in a fixed number of batched queries. */
import { sql, type RawBuilder } from 'kysely';
import { groupReadable } from './groups.access.js';
import { mediaView } from './media.service.js';
import type { Ctx, Viewer } from './context.js';
import type { PostRow } from './microblog.tables.js';
import type { PeopleService } from './people.service.js';
import { iso, type PersonView, type PollView, type PostView } from './views.js';

export async function presentPolls(ctx: Ctx, v: Viewer, postIds: number[]): Promise<Map<number, PollView>> {
  const out = new Map<number, PollView>();
  if (postIds.length === 0) return out;
  const polls = await ctx.db.selectFrom('mb_polls').selectAll().where('post_id', 'in', postIds).execute();
  if (polls.length === 0) return out;
  const pollIds = polls.map((p) => p.id);
  const votes = await ctx.db.selectFrom('mb_poll_votes').select(['poll_id', 'choice', 'person_id']).where('poll_id', 'in', pollIds).execute();
  const now = ctx.clock.now().getTime();
  for (const p of polls) {
    const mine = votes.filter((x) => x.poll_id === p.id);
    const options = (p.options as string[]).map((title, i) => ({ title, votesCount: mine.filter((x) => x.choice === i).length }));
    const own = mine.filter((x) => x.person_id === v.person.id).map((x) => x.choice);
    out.set(p.post_id, {
      id: String(p.id),
      expiresAt: p.expires_at ? iso(p.expires_at) : null,
      expired: !!p.expires_at && new Date(p.expires_at).getTime() <= now,
      multiple: p.multiple,
      votesCount: mine.length,
      votersCount: new Set(mine.map((x) => x.person_id)).size,
      options,
      voted: own.length > 0,
      ownVotes: own.sort((a, b) => a - b),
    });
  }
  return out;
}

export async function presentPosts(ctx: Ctx, people: PeopleService, v: Viewer, rows: PostRow[]): Promise<PostView[]> {
  if (rows.length === 0) return [];
  const boostedIds = [...new Set(rows.map((r) => r.reblog_of_id).filter((x): x is number => x !== null))];
  const boosted = boostedIds.length ? await ctx.db.selectFrom('mb_posts').selectAll().where('id', 'in', boostedIds).where('workspace_id', '=', v.scope.workspaceId).execute() : [];
  const all = [...rows, ...boosted];
  const ids = [...new Set(all.map((r) => r.id))];
  const authorIds = [...new Set(all.map((r) => r.author_id))];
  const groupIds = [...new Set(all.map((r) => r.group_id).filter((x): x is number => x !== null))];
  const [authorRows, tags, mentions, favs, books, boosts, polls, media, groupRows] = await Promise.all([
    ctx.db.selectFrom('mb_people').selectAll().where('id', 'in', authorIds).execute(),
    ctx.db.selectFrom('mb_post_tags').select(['post_id', 'tag']).where('post_id', 'in', ids).execute(),
    ctx.db.selectFrom('mb_post_mentions as m').innerJoin('mb_people as p', 'p.id', 'm.person_id').select(['m.post_id', 'p.id', 'p.username', 'p.display_name']).where('m.post_id', 'in', ids).execute(),
    ctx.db.selectFrom('mb_favourites').select('post_id').where('person_id', '=', v.person.id).where('post_id', 'in', ids).execute(),
    ctx.db.selectFrom('mb_bookmarks').select('post_id').where('person_id', '=', v.person.id).where('post_id', 'in', ids).execute(),
    ctx.db.selectFrom('mb_posts').select('reblog_of_id').where('author_id', '=', v.person.id).where('reblog_of_id', 'in', ids).where('state', '<>', 'deleted').execute(),
    presentPolls(ctx, v, ids),
    ctx.db.selectFrom('mb_media').selectAll().where('post_id', 'in', ids).orderBy('id').execute(),
    groupIds.length ? ctx.db.selectFrom('mb_groups').select(['id', 'name', 'closed']).where('id', 'in', groupIds).execute() : Promise.resolve([] as Array<{ id: number; name: string; closed: boolean }>),
  ]);
  const groups = new Map(groupRows.map((g) => [g.id, { id: String(g.id), name: g.name, closed: g.closed }]));
  const authors = new Map<number, PersonView>((await people.present(v, authorRows)).map((p) => [Number(p.id), p]));
  const favSet = new Set(favs.map((f) => f.post_id));
  const bookSet = new Set(books.map((f) => f.post_id));
  const boostSet = new Set(boosts.map((f) => f.reblog_of_id));
  const one = (r: PostRow, reblog: PostView | null): PostView => ({
    id: String(r.id),
    createdAt: iso(r.created_at),
    editedAt: r.edited_at ? iso(r.edited_at) : null,
    text: r.state === 'deleted' ? '' : r.text,
    spoiler: r.spoiler,
    visibility: r.visibility,
    author: authors.get(r.author_id)!,
    replyToId: r.reply_to_id === null ? null : String(r.reply_to_id),
    replyToAuthorId: r.reply_to_author_id === null ? null : String(r.reply_to_author_id),
    reblog,
    state: r.state,
    // The reasons are the author's and the moderators' business only.
    holdReasons: r.author_id === v.person.id || r.state === 'held' ? (r.hold_reasons ?? []) : [],
    tags: tags.filter((t) => t.post_id === r.id).map((t) => t.tag),
    mentions: mentions.filter((m) => m.post_id === r.id).map((m) => ({ id: String(m.id), username: m.username, displayName: m.display_name })),
    poll: polls.get(r.id) ?? null,
    media: r.state === 'deleted' ? [] : media.filter((m) => m.post_id === r.id).map((m) => mediaView(m, v.person.id)),
    repliesCount: r.replies_count,
    reblogsCount: r.reblogs_count,
    favouritesCount: r.favourites_count,
    favourited: favSet.has(r.id),
    reblogged: boostSet.has(r.id),
    bookmarked: bookSet.has(r.id),
    group: r.group_id === null ? null : (groups.get(r.group_id) ?? null),
  });
  const boostedViews = new Map(boosted.map((b) => [b.id, one(b, null)]));
  return rows.map((r) => one(r, r.reblog_of_id !== null ? (boostedViews.get(r.reblog_of_id) ?? null) : null));
}

/**
 * Rows a viewer may see: visible ones; direct posts only to their author and the people they mention;
 * a group's posts only to those who may read the group (groups.access.ts).
 */
export function visibleTo(v: Viewer) {
  return visibleToPerson(sql`${v.person.id}`);
}

/** The same rule with the viewer as an SQL expression (a column), to decide for many viewers in one query. */
export function visibleToPerson(person: RawBuilder<unknown>) {
  return sql<boolean>`(mb_posts.state = 'visible' and (mb_posts.visibility <> 'direct' or mb_posts.author_id = ${person} or exists (select 1 from mb_post_mentions mm where mm.post_id = mb_posts.id and mm.person_id = ${person})) and ${groupReadable(person)})`;
}

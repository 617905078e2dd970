/**
 * Hashtags as knowledge (issue #18): curators (`microblog.curate`) pin posts on a tag's page (ordered, shown
 * first), write what the tag is for, and merge a tag into another (posts re-tagged, followers and pins
 * moved, the old name answering as the new one from then on). The tag page also gets an automatic summary:
 * the top keywords of its newest posts (lemmas, through the nlp face) and its most-engaged posts' first
 * sentences, with their counts and the period the tag covers.
 */
import { sql } from 'kysely';
import { keywordsOf } from '../../nlp/index.js';
import { assertCan } from '../../platform/access/scope.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { idOf, type Ctx, type Viewer } from './context.js';
import type { PeopleService } from './people.service.js';
import type { PostsService } from './posts.service.js';
import { presentPosts, visibleTo } from './present.js';
import { canonicalTag, tagName } from './tags.js';
import type { TimelinesService } from './timelines.service.js';
import { iso } from './views.js';
import type { PostRow } from './microblog.tables.js';
import type { TagMergeView, TagPage, TagSummary } from '../../contracts/microblog.js';

export const MAX_PINS = 10;
export const MAX_TAG_DESCRIPTION = 2000;
/** How many of a tag's newest posts the keyword summary reads. */
export const SUMMARY_SAMPLE = 300;
/** The summary's computed part is the same for every reader (visible, non-direct posts outside groups): kept this long. */
export const SUMMARY_TTL_MS = 60_000;
const SUMMARY_CACHE_SIZE = 500;

/** The first sentence of a post, without its hashtags and mentions, at most 140 characters. */
export function firstSentence(text: string): string {
  const clean = text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(^|\s)[#@][\p{L}\p{N}_.@]+/gu, ' ')
    .replace(/[ \t]+/g, ' ');
  const first =
    clean
      .split(/\n+|(?<=[.!?。…])\s+/u)
      .map((s) => s.trim())
      .find(Boolean) ?? '';
  return [...first].length > 140 ? `${[...first].slice(0, 139).join('')}…` : first;
}

/** A post's words for keywords: its text without links, tags and mentions. */
const wordsOf = (text: string) => text.replace(/https?:\/\/\S+/g, ' ').replace(/(^|\s)[#@][\p{L}\p{N}_.@]+/gu, ' ');

export class CurationService {
  /** `${workspace}\u0000${tag}` → the computed part of the summary and when it was made. */
  private readonly computed = new Map<string, { at: number; part: Omit<TagSummary, 'description' | 'describedBy' | 'describedAt' | 'postsCount' | 'peopleCount'> }>();

  constructor(
    private readonly ctx: Ctx,
    private readonly people: PeopleService,
    private readonly posts: PostsService,
    private readonly timelines: TimelinesService,
  ) {}

  private async tagOrThrow(v: Viewer, raw: string): Promise<string> {
    const name = await canonicalTag(this.ctx.db, v.scope.workspaceId, raw);
    if (!name) throw notFound('microblog.tag_not_found', 'No such tag.');
    return name;
  }

  /** The tag's page: the timelines' part, the pinned posts, the tags merged into it and the summary. */
  async page(v: Viewer, raw: string): Promise<TagPage> {
    const base = await this.timelines.tagPage(v, raw);
    const tag = base.tag.name;
    const [pinned, aliases, summary] = await Promise.all([this.pinned(v, tag), this.aliases(v, tag), this.summary(v, tag, base.tag.postsCount, base.tag.peopleCount)]);
    return { ...base, pinned, aliases, summary };
  }

  private async aliases(v: Viewer, tag: string): Promise<string[]> {
    const rows = await this.ctx.db.selectFrom('mb_tag_aliases').select('tag').where('workspace_id', '=', v.scope.workspaceId).where('target', '=', tag).orderBy('tag').execute();
    return rows.map((r) => r.tag);
  }

  private async pinned(v: Viewer, tag: string) {
    const rows = await this.ctx.db
      .selectFrom('mb_posts')
      .innerJoin('mb_tag_pins as pin', 'pin.post_id', 'mb_posts.id')
      .selectAll('mb_posts')
      .where('pin.workspace_id', '=', v.scope.workspaceId)
      .where('pin.tag', '=', tag)
      // A post edited since so that it no longer carries the tag stays pinned but is not shown.
      .where('mb_posts.id', 'in', (eb) => eb.selectFrom('mb_post_tags').select('post_id').where('workspace_id', '=', v.scope.workspaceId).where('tag', '=', tag))
      .where('mb_posts.visibility', '<>', 'direct')
      .where(visibleTo(v))
      .orderBy('pin.position')
      .orderBy('mb_posts.id')
      .execute();
    return presentPosts(this.ctx, this.people, v, rows as PostRow[]);
  }

  /** Pins a post of the tag (appended after the others) or unpins it. */
  async pin(v: Viewer, raw: string, rawPostId: string | number, on: boolean): Promise<TagPage> {
    assertCan(v.scope, 'microblog.curate');
    const tag = await this.tagOrThrow(v, raw);
    const post = await this.posts.readable(v, rawPostId);
    const ws = v.scope.workspaceId;
    const now = this.ctx.clock.now();
    if (on) {
      if (post.state !== 'visible' || post.visibility === 'direct') throw invalid('microblog.not_shown', 'That post is not shown.');
      const inTag = await this.ctx.db.selectFrom('mb_post_tags').select('post_id').where('workspace_id', '=', ws).where('tag', '=', tag).where('post_id', '=', post.id).executeTakeFirst();
      if (!inTag) throw invalid('microblog.pin_not_in_tag', `That post does not carry #${tag}.`, 'postId');
    }
    await this.ctx.db.transaction().execute(async (trx) => {
      if (on) {
        const have = await trx.selectFrom('mb_tag_pins').select(['post_id', 'position']).where('workspace_id', '=', ws).where('tag', '=', tag).execute();
        if (have.some((h) => h.post_id === post.id)) return;
        if (have.length >= MAX_PINS) throw invalid('microblog.too_many_pins', `A tag holds at most ${MAX_PINS} pinned posts.`, 'postId');
        const position = Math.max(0, ...have.map((h) => h.position + 1));
        await trx
          .insertInto('mb_tag_pins')
          .values({ workspace_id: ws, tag, post_id: post.id, position, pinned_by: v.person.id, created_at: now })
          .onConflict((oc) => oc.doNothing())
          .execute();
      } else {
        const gone = await trx.deleteFrom('mb_tag_pins').where('workspace_id', '=', ws).where('tag', '=', tag).where('post_id', '=', post.id).returning('post_id').executeTakeFirst();
        if (!gone) return;
      }
      await appendAudit(trx, { workspaceId: ws, actor: v.scope.actor, action: on ? 'microblog.tag_pinned' : 'microblog.tag_unpinned', targetType: 'mb_tag', targetId: tag, after: { post: String(post.id) }, at: now });
    });
    return this.page(v, tag);
  }

  /** Sets the pins' order: the given posts first, in that order (each must be pinned already). */
  async reorder(v: Viewer, raw: string, rawPostIds: readonly string[]): Promise<TagPage> {
    assertCan(v.scope, 'microblog.curate');
    const tag = await this.tagOrThrow(v, raw);
    const ids = [...new Set(rawPostIds.map((r) => idOf(r)))];
    const ws = v.scope.workspaceId;
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const have = await trx.selectFrom('mb_tag_pins').select(['post_id', 'position']).where('workspace_id', '=', ws).where('tag', '=', tag).orderBy('position').execute();
      const pinned = new Set(have.map((h) => h.post_id));
      if (ids.some((id) => !pinned.has(id))) throw invalid('microblog.not_pinned', 'Only pinned posts can be ordered.', 'postIds');
      const order = [...ids, ...have.map((h) => h.post_id).filter((id) => !ids.includes(id))];
      for (const [i, id] of order.entries()) await trx.updateTable('mb_tag_pins').set({ position: i }).where('workspace_id', '=', ws).where('tag', '=', tag).where('post_id', '=', id).execute();
      await appendAudit(trx, { workspaceId: ws, actor: v.scope.actor, action: 'microblog.tag_pins_ordered', targetType: 'mb_tag', targetId: tag, after: { order: order.map(String) }, at: now });
    });
    return this.page(v, tag);
  }

  /** The curators' description of the tag (empty removes it). */
  async describe(v: Viewer, raw: string, description: string): Promise<TagPage> {
    assertCan(v.scope, 'microblog.curate');
    const tag = await this.tagOrThrow(v, raw);
    const text = description.trim();
    if ([...text].length > MAX_TAG_DESCRIPTION) throw invalid('microblog.description_too_long', `A description holds at most ${MAX_TAG_DESCRIPTION} characters.`, 'description');
    const ws = v.scope.workspaceId;
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('mb_tag_notes').select('description').where('workspace_id', '=', ws).where('tag', '=', tag).executeTakeFirst();
      if (text)
        await trx
          .insertInto('mb_tag_notes')
          .values({ workspace_id: ws, tag, description: text, updated_by: v.person.id, updated_at: now })
          .onConflict((oc) => oc.columns(['workspace_id', 'tag']).doUpdateSet({ description: text, updated_by: v.person.id, updated_at: now }))
          .execute();
      else await trx.deleteFrom('mb_tag_notes').where('workspace_id', '=', ws).where('tag', '=', tag).execute();
      await appendAudit(trx, { workspaceId: ws, actor: v.scope.actor, action: 'microblog.tag_described', targetType: 'mb_tag', targetId: tag, before: { description: before?.description ?? '' }, after: { description: text }, at: now });
    });
    return this.page(v, tag);
  }

  /**
   * Merges `rawFrom` into `rawInto`: its posts are re-tagged, its followers follow the target, its pins
   * go after the target's, its description is kept only if the target has none, and the old name answers
   * as the target from now on. The target must be a tag in use; a tag cannot be merged into itself.
   */
  async merge(v: Viewer, rawFrom: string, rawInto: string): Promise<TagMergeView> {
    assertCan(v.scope, 'microblog.curate');
    const ws = v.scope.workspaceId;
    const db = this.ctx.db;
    const from = tagName(rawFrom);
    if (!from) throw notFound('microblog.tag_not_found', 'No such tag.');
    if (!tagName(rawInto)) throw invalid('microblog.bad_tag', 'Name the tag to merge into.', 'into');
    const now = this.ctx.clock.now();
    const moved = await db.transaction().execute(async (trx) => {
      // One merge at a time per workspace, checked inside the lock: two racing merges cannot both pass
      // the checks (nor make a cycle, #a → #b while #b → #a).
      await sql`select pg_advisory_xact_lock(hashtext(${`mb_tag_merge:${ws}`}))`.execute(trx);
      const already = await trx.selectFrom('mb_tag_aliases').select('target').where('workspace_id', '=', ws).where('tag', '=', from).executeTakeFirst();
      if (already) throw conflict('microblog.tag_already_merged', `#${from} was already merged into #${already.target}.`);
      const into = await canonicalTag(trx, ws, rawInto);
      if (into === from) throw invalid('microblog.tag_merge_self', 'A tag cannot be merged into itself.', 'into');
      const used = async (tag: string) => !!(await trx.selectFrom('mb_post_tags').select('post_id').where('workspace_id', '=', ws).where('tag', '=', tag).limit(1).executeTakeFirst());
      if (!(await used(from))) throw notFound('microblog.tag_not_found', `No post carries #${from}.`);
      if (!(await used(into))) throw notFound('microblog.merge_target_not_found', `No post carries #${into}; merge into a tag in use.`);
      const both = trx.selectFrom('mb_post_tags').select('post_id').where('workspace_id', '=', ws).where('tag', '=', into);
      await trx.deleteFrom('mb_post_tags').where('workspace_id', '=', ws).where('tag', '=', from).where('post_id', 'in', both).execute();
      const posts = await trx.updateTable('mb_post_tags').set({ tag: into }).where('workspace_id', '=', ws).where('tag', '=', from).returning('post_id').execute();
      const members = trx.selectFrom('mb_people').select('id').where('workspace_id', '=', ws);
      const followsInto = trx.selectFrom('mb_tag_follows').select('person_id').where('tag', '=', into);
      const followers = await trx.updateTable('mb_tag_follows').set({ tag: into }).where('tag', '=', from).where('person_id', 'in', members).where('person_id', 'not in', followsInto).returning('person_id').execute();
      await trx.deleteFrom('mb_tag_follows').where('tag', '=', from).where('person_id', 'in', members).execute();
      const last = await trx.selectFrom('mb_tag_pins').select(sql<number>`coalesce(max(position), -1)`.as('p')).where('workspace_id', '=', ws).where('tag', '=', into).executeTakeFirst();
      const pinsInto = trx.selectFrom('mb_tag_pins').select('post_id').where('workspace_id', '=', ws).where('tag', '=', into);
      const pins = await trx
        .updateTable('mb_tag_pins')
        .set({ tag: into, position: sql`position + ${Number(last?.p ?? -1) + 1}` })
        .where('workspace_id', '=', ws)
        .where('tag', '=', from)
        .where('post_id', 'not in', pinsInto)
        .returning('post_id')
        .execute();
      await trx.deleteFrom('mb_tag_pins').where('workspace_id', '=', ws).where('tag', '=', from).execute();
      const noteInto = await trx.selectFrom('mb_tag_notes').select('tag').where('workspace_id', '=', ws).where('tag', '=', into).executeTakeFirst();
      if (!noteInto) await trx.updateTable('mb_tag_notes').set({ tag: into }).where('workspace_id', '=', ws).where('tag', '=', from).execute();
      await trx.deleteFrom('mb_tag_notes').where('workspace_id', '=', ws).where('tag', '=', from).execute();
      // Tags merged into `from` before now answer as `into` too.
      await trx.updateTable('mb_tag_aliases').set({ target: into }).where('workspace_id', '=', ws).where('target', '=', from).execute();
      await trx.insertInto('mb_tag_aliases').values({ workspace_id: ws, tag: from, target: into, merged_by: v.person.id, merged_at: now }).execute();
      const counts = { posts: posts.length, followers: followers.length, pins: pins.length };
      await appendAudit(trx, { workspaceId: ws, actor: v.scope.actor, action: 'microblog.tag_merged', targetType: 'mb_tag', targetId: from, after: { into, ...counts }, at: now });
      return { into, ...counts };
    });
    this.forget(ws, from, moved.into);
    return { from, ...moved, into: await this.timelines.tagInfo(v, moved.into) };
  }

  /** What the tag holds: the description (always fresh), and the part computed from its posts (cached a minute). */
  async summary(v: Viewer, tag: string, postsCount: number, peopleCount: number): Promise<TagSummary> {
    const ws = v.scope.workspaceId;
    const key = `${ws}\u0000${tag}`;
    const now = this.ctx.clock.now().getTime();
    let hit = this.computed.get(key);
    if (!hit || now - hit.at > SUMMARY_TTL_MS) {
      hit = { at: now, part: await this.computedPart(v, tag) };
      this.computed.delete(key);
      this.computed.set(key, hit);
      if (this.computed.size > SUMMARY_CACHE_SIZE) this.computed.delete(this.computed.keys().next().value!);
    }
    const note = await this.ctx.db.selectFrom('mb_tag_notes').selectAll().where('workspace_id', '=', ws).where('tag', '=', tag).executeTakeFirst();
    const by = note ? await this.ctx.db.selectFrom('mb_people').selectAll().where('id', '=', note.updated_by).execute() : [];
    return {
      description: note?.description ?? '',
      describedBy: (await this.people.present(v, by))[0] ?? null,
      describedAt: note ? iso(note.updated_at) : null,
      postsCount,
      peopleCount,
      ...hit.part,
    };
  }

  /** Forgets a tag's computed summary (after a merge moved posts into or out of it). */
  private forget(ws: string, ...tags: string[]): void {
    for (const t of tags) this.computed.delete(`${ws}\u0000${t}`);
  }

  /** Keywords of the newest posts, the most-engaged posts' first sentences, and the period. */
  private async computedPart(v: Viewer, tag: string) {
    const ws = v.scope.workspaceId;
    const inTag = this.ctx.db.selectFrom('mb_post_tags').select('post_id').where('workspace_id', '=', ws).where('tag', '=', tag);
    const shown = () =>
      this.ctx.db
        .selectFrom('mb_posts')
        .where('mb_posts.workspace_id', '=', ws)
        .where('mb_posts.id', 'in', inTag)
        .where('mb_posts.state', '=', 'visible')
        .where('mb_posts.visibility', '<>', 'direct')
        // Groups' posts (open or closed) are left out: the summary is the same for every reader.
        .where('mb_posts.group_id', 'is', null);
    const [span, sample, top] = await Promise.all([
      shown()
        .select([sql<Date | null>`min(mb_posts.created_at)`.as('first'), sql<Date | null>`max(mb_posts.created_at)`.as('last')])
        .executeTakeFirst(),
      shown().select(['mb_posts.text']).orderBy('mb_posts.id', 'desc').limit(SUMMARY_SAMPLE).execute(),
      shown()
        .selectAll('mb_posts')
        .where(sql<boolean>`mb_posts.favourites_count + mb_posts.reblogs_count + mb_posts.replies_count > 0`)
        .orderBy(sql`mb_posts.favourites_count * 2 + mb_posts.reblogs_count * 3 + mb_posts.replies_count`, 'desc')
        .orderBy('mb_posts.id', 'desc')
        .limit(3)
        .execute(),
    ]);
    const counts = new Map<string, number>();
    for (const r of sample) {
      for (const w of keywordsOf(wordsOf(r.text), undefined, 30)) {
        // One-letter fragments and the tag's own name say nothing about what the tag holds.
        if ([...w].length < 2 || w === tag || tag.startsWith(w)) continue;
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
    const keywords = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([term, posts]) => ({ term, posts }));
    const authorIds = [...new Set(top.map((t) => t.author_id))];
    const rows = authorIds.length ? await this.ctx.db.selectFrom('mb_people').selectAll().where('id', 'in', authorIds).execute() : [];
    const people = new Map((await this.people.present(v, rows)).map((p) => [Number(p.id), p]));
    return {
      firstAt: span?.first ? iso(span.first) : null,
      lastAt: span?.last ? iso(span.last) : null,
      keywords,
      sampled: sample.length,
      highlights: (top as PostRow[])
        .filter((t) => people.has(t.author_id))
        .map((t) => ({ postId: String(t.id), author: people.get(t.author_id)!, sentence: firstSentence(t.text), favourites: t.favourites_count, boosts: t.reblogs_count, replies: t.replies_count, createdAt: iso(t.created_at) }))
        .filter((h) => h.sentence),
    };
  }
}

/**
 * The calendar (scheduled, pending and published posts by channel and campaign, month or week) and the
 * best time to post, learnt from the workspace's own engagement: replies, comments, quotes and reposts
 * its own posts drew and the people who followed their tracked links, by channel and hour of the week
 * (Korean time), with how sure it is.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { tables } from '../../platform/db/store.js';
import { invalid } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { ItemsTables } from '../items/index.js';
import type { PublishingDeps } from './posts.service.js';
import { variantKeyOf } from './posts.links.js';
import { BUILTIN_BLOG, UUID_RE, type PublishingTables } from './publishing.tables.js';
import type { BestTime, BestTimes, CalendarEntry, CalendarView } from '../../contracts/publishing.js';

export type { BestTime, CalendarEntry };

const MAX_SPAN_MS = 45 * 86_400_000;

export interface CalendarQuery {
  from: string;
  to: string;
  target?: string;
  campaignId?: string;
  accountId?: string;
}

export class CalendarService {
  private readonly db: Kysely<PublishingTables>;
  private readonly items: Kysely<ItemsTables>;
  constructor(private readonly d: PublishingDeps) {
    this.db = tables<PublishingTables>(d.store);
    this.items = tables<ItemsTables>(d.store);
  }

  async entries(scope: Scope, q: CalendarQuery): Promise<CalendarView> {
    return JSON.parse(await this.entriesJson(scope, q)) as CalendarView;
  }

  /**
   * The view as JSON text, built by the store in one value: at a month of thousands of posts, reading
   * them as rows and columns into objects and writing them out again cost more than the query (the HTTP
   * route sends this text as it is).
   */
  async entriesJson(scope: Scope, q: CalendarQuery): Promise<string> {
    assertCan(scope, 'publishing.read');
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (Number.isNaN(from) || Number.isNaN(to) || to <= from) throw invalid('publishing.bad_range', 'from and to must be dates, from before to.', 'from');
    if (to - from > MAX_SPAN_MS) throw invalid('publishing.range_too_long', 'At most 45 days at a time (a month view with its edges).', 'to');
    let query = this.db
      .selectFrom('publishing_posts as p')
      .select(['p.id', 'p.title', 'p.status', 'p.product', 'p.campaign_id', 'p.scheduled_at'])
      .select(sql<string>`left(p.master_text, 80)`.as('excerpt'))
      // The variants in the same query (one round trip, no list of thousands of ids), by position; staged ahead of the slot is still scheduled.
      .select(
        sql`(select json_agg(json_build_object('target', v.target, 'accountId', v.account_id, 'status', case when v.staged_at is not null and v.status = 'sending' then 'scheduled' else v.status end) order by v.position)
          from publishing_variants v where v.post_id = p.id)`.as('variants'),
      )
      .where('p.workspace_id', '=', scope.workspaceId)
      .where('p.scheduled_at', '>=', new Date(from))
      .where('p.scheduled_at', '<', new Date(to));
    if (q.campaignId) query = query.where('p.campaign_id', '=', UUID_RE.test(q.campaignId) ? q.campaignId : '00000000-0000-0000-0000-000000000000');
    if (q.target || q.accountId) {
      const account = q.accountId && UUID_RE.test(q.accountId) ? q.accountId : '00000000-0000-0000-0000-000000000000';
      // A scalar subquery, not EXISTS: the planner would turn EXISTS into a join over every variant of that
      // channel (a third of the table); this looks up each post's few variants by its index instead.
      query = query.where(sql<boolean>`(select count(*) from publishing_variants v where v.post_id = p.id ${q.target ? sql`and v.target = ${q.target}` : sql``} ${q.accountId ? sql`and v.account_id = ${account}` : sql``}) > 0`);
    }
    const inner = query.orderBy('p.scheduled_at').limit(5000);
    // CalendarEntry's fields, in its order; times as toISOString writes them.
    const { rows } = await sql<{ j: string }>`select coalesce(json_agg(json_build_object('postId', r.id, 'title', r.title, 'excerpt', r.excerpt, 'status', r.status, 'product', r.product, 'campaignId', r.campaign_id,
        'scheduledAt', to_char(r.scheduled_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'variants', coalesce(r.variants, '[]'::json)) order by r.scheduled_at), '[]')::text as j
      from (${inner}) as r`.execute(this.db);
    return `{"from":${JSON.stringify(new Date(from).toISOString())},"to":${JSON.stringify(new Date(to).toISOString())},"entries":${rows[0]?.j ?? '[]'}}`;
  }

  /**
   * The best hours of the week per channel, from the last `days` of the workspace's own posts and what
   * they drew: replies, comments and quotes, and the people who followed their tracked links.
   */
  async bestTimes(scope: Scope, q: { channel?: string; days?: number; top?: number } = {}): Promise<BestTimes> {
    assertCan(scope, 'publishing.read');
    const since = new Date(this.d.clock.now().getTime() - (q.days ?? 90) * 86_400_000);
    const top = Math.min(q.top ?? 5, 24);
    const own = (await this.ownPosts(scope.workspaceId, since)).filter((p) => !q.channel || p.channel === q.channel);
    if (own.length) {
      const slots = new Map<string, { channel: string; dow: number; hour: number; posts: number; replies: number; clicks: number; reactions: number }>();
      for (const p of own) {
        const key = `${p.channel}|${p.dow}|${p.hour}`;
        const s = slots.get(key) ?? { channel: p.channel, dow: p.dow, hour: p.hour, posts: 0, replies: 0, clicks: 0, reactions: 0 };
        s.posts++;
        s.replies += p.replies;
        s.reactions += p.reactions;
        s.clicks += p.clicks;
        slots.set(key, s);
      }
      const times = [...slots.values()].map((r) => ({
        channel: r.channel,
        dayOfWeek: r.dow,
        hour: r.hour,
        score: round((r.replies + r.reactions + r.clicks) / r.posts),
        clicks: round(r.clicks / r.posts),
        posts: r.posts,
        confidence: round(r.posts / (r.posts + 4)),
      }));
      return { basis: 'engagement', times: topPerChannel(times, top) };
    }
    // No posts of its own yet: when its audience speaks (inbound messages by hour of the week), less sure.
    const channel = q.channel ? sql`and p.channel = ${q.channel}` : sql``;
    const weeks = Math.max(1, (q.days ?? 90) / 7);
    const audience = await sql<{ channel: string; dow: number; hour: number; n: number }>`
      select p.channel, extract(dow from p.created_at at time zone 'Asia/Seoul')::int as dow, extract(hour from p.created_at at time zone 'Asia/Seoul')::int as hour, count(*)::int as n
      from items p where p.workspace_id = ${scope.workspaceId} and p.direction = 'inbound' and p.created_at >= ${since} ${channel}
      group by 1, 2, 3`.execute(this.items);
    if (!audience.rows.length) return { basis: 'none', times: [] };
    const times = audience.rows.map((r) => ({ channel: r.channel, dayOfWeek: r.dow, hour: r.hour, score: round(r.n / weeks), clicks: 0, posts: 0, confidence: round((0.5 * r.n) / (r.n + 20)) }));
    return { basis: 'audience_activity', times: topPerChannel(times, top) };
  }

  /**
   * The workspace's own posts since a time, each with its hour of the week (Seoul), the replies it drew
   * and the counted clicks on its tracked links: the posts the channel shows as the bank's (outbound
   * items) and the variants the publishing flow sent (one post when both are the same native post).
   */
  private async ownPosts(workspaceId: string, since: Date): Promise<OwnPost[]> {
    const seen = await sql<{ account_id: string; native_id: string; channel: string; dow: number; hour: number; replies: number }>`
      select p.account_id, p.native_id, p.channel, extract(dow from p.created_at at time zone 'Asia/Seoul')::int as dow, extract(hour from p.created_at at time zone 'Asia/Seoul')::int as hour,
             count(r.id)::int as replies
      from items p
      left join items r on r.account_id = p.account_id and r.direction = 'inbound' and r.parent_native_id = p.native_id
      where p.workspace_id = ${workspaceId} and p.direction = 'outbound' and p.parent_native_id is null and p.created_at >= ${since}
      group by p.id, p.account_id, p.native_id, p.channel, 4, 5`.execute(this.items);
    const posts = new Map<string, OwnPost>(seen.rows.map((r) => [`${r.account_id}:${r.native_id}`, { channel: r.channel, dow: r.dow, hour: r.hour, replies: r.replies, clicks: 0, reactions: 0 }]));
    // The figures pulled back from the channel (publishing_engagement): its own reply count when it is
    // higher than the replies Sotong saw, and shares and likes.
    const sent = await sql<{ post_id: string; account_id: string | null; target: string; native_id: string | null; type: string | null; dow: number; hour: number; replies: number; pulled: number | null; reactions: number }>`
      select v.post_id, v.account_id, v.target, v.native_id, a.type,
             extract(dow from v.published_at at time zone 'Asia/Seoul')::int as dow, extract(hour from v.published_at at time zone 'Asia/Seoul')::int as hour,
             (select count(*) from items r where r.account_id = v.account_id and r.direction = 'inbound' and r.parent_native_id = v.native_id)::int as replies,
             e.replies as pulled, (coalesce(e.shares, 0) + coalesce(e.likes, 0))::int as reactions
      from publishing_variants v left join channel_accounts a on a.id = v.account_id left join publishing_engagement e on e.variant_id = v.id
      where v.workspace_id = ${workspaceId} and v.status = 'published' and v.published_at >= ${since}`.execute(this.items);
    const clicks = new Map(((await this.d.links?.clicks(workspaceId, since)) ?? []).map((c) => [`${c.postId}|${c.variant}`, c.clicks]));
    for (const v of sent.rows) {
      const n = clicks.get(`${v.post_id}|${variantKeyOf(v)}`) ?? 0;
      const same = v.account_id && v.native_id ? posts.get(`${v.account_id}:${v.native_id}`) : undefined;
      const replies = Math.max(v.replies, v.pulled ?? 0);
      if (same) {
        same.clicks += n;
        same.replies = Math.max(same.replies, replies);
        same.reactions += v.reactions;
      } else posts.set(`variant:${v.post_id}:${variantKeyOf(v)}`, { channel: v.type ?? (v.target === BUILTIN_BLOG ? 'blog' : v.target), dow: v.dow, hour: v.hour, replies, clicks: n, reactions: v.reactions });
    }
    return [...posts.values()];
  }
}

interface OwnPost {
  channel: string;
  dow: number;
  hour: number;
  replies: number;
  clicks: number;
  /** Shares and likes the channel reported (pulled back after publishing). */
  reactions: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

function topPerChannel(times: BestTime[], top: number): BestTime[] {
  const by = new Map<string, BestTime[]>();
  for (const t of times) by.set(t.channel, [...(by.get(t.channel) ?? []), t]);
  return [...by.values()].flatMap((l) => l.sort((a, b) => b.score * b.confidence - a.score * a.confidence || b.score - a.score).slice(0, top));
}

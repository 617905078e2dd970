/**
 * Communication index per workspace and channel, weekly (Seoul weeks, Monday first): how many customer
 * conversations got a reply from the bank, how fast (median from the customer's first message to the
 * first reply, sent from the inbox (automatic replies excluded) or written on the channel itself), and how the customer's sentiment moved
 * from the last message before the reply to the first one after it, and how many conversations whose
 * replies carried a tracked link saw the customer follow it, and how many people followed the tracked
 * links of the bank's posts (clicks per week and channel, posts clicked). Reads the inbox tables, and the
 * links through `ConversationLinks`.
 */
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { median } from './domain/stats.js';
import { DAY_MS, seoulDateKey, startOfSeoulWeek } from './domain/seoul-time.js';
import type { ListeningDb } from './listening.tables.js';
import type { WeekRow } from '../../contracts/listening.js';

export type { WeekRow };

/** Tracked links in replies, per conversation (the tracked-links flow implements it over the links module). */
export interface ConversationLinks {
  clicks(workspaceId: string, conversationIds: string[]): Promise<Map<string, { links: number; clicks: number }>>;
  /** Counted clicks on posts' tracked links, per Seoul day (YYYY-MM-DD), link channel and post, in [from, to). */
  postClicks?(workspaceId: string, from: Date, to: Date): Promise<Array<{ day: string; channel: string | null; postId: string; clicks: number }>>;
}

type PostClick = { day: string; channel: string | null; postId: string; clicks: number };

interface ConvRow {
  id: string;
  channel: string;
  first_at: Date;
  inbound: number;
  reply_at: Date | null;
  before_score: number | null;
  after_score: number | null;
}

const SCORE = sql`case i.analysis -> 'sentiment' ->> 'label' when 'negative' then -1 when 'neutral' then 0 when 'positive' then 1 end`;

function summarise(week: string, channel: string | null, rows: ConvRow[], links: Map<string, { links: number; clicks: number }>, posts: PostClick[]): WeekRow {
  const withLinks = rows.filter((r) => (links.get(r.id)?.links ?? 0) > 0);
  const followed = withLinks.filter((r) => (links.get(r.id)?.clicks ?? 0) > 0);
  const responded = rows.filter((r) => r.reply_at);
  const minutes = responded.map((r) => (new Date(r.reply_at!).getTime() - new Date(r.first_at).getTime()) / 60_000);
  const shifts = rows.filter((r) => r.before_score !== null && r.after_score !== null).map((r) => Number(r.after_score) - Number(r.before_score));
  return {
    week,
    channel,
    conversations: rows.length,
    inbound: rows.reduce((s, r) => s + Number(r.inbound), 0),
    responded: responded.length,
    responseRate: rows.length ? Math.round((responded.length / rows.length) * 1000) / 1000 : null,
    medianResponseMinutes: minutes.length ? Math.round(median(minutes) * 10) / 10 : null,
    sentimentShift: shifts.length ? Math.round((shifts.reduce((a, b) => a + b, 0) / shifts.length) * 1000) / 1000 : null,
    shiftSamples: shifts.length,
    linkConversations: withLinks.length,
    linksFollowed: followed.length,
    linkFollowRate: withLinks.length ? Math.round((followed.length / withLinks.length) * 1000) / 1000 : null,
    postClicks: posts.reduce((s, p) => s + p.clicks, 0),
    postsClicked: new Set(posts.map((p) => p.postId)).size,
  };
}

export class CommunicationService {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly links?: ConversationLinks,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  async index(scope: Scope, f: { from?: string; to?: string; channel?: string }): Promise<{ weeks: WeekRow[]; totals: WeekRow }> {
    assertCan(scope, 'listening.read');
    const to = f.to ? new Date(f.to) : this.clock.now();
    const from = new Date(startOfSeoulWeek(f.from ? new Date(f.from) : new Date(to.getTime() - 12 * 7 * DAY_MS)));
    if (!(from < to) || to.getTime() - from.getTime() > 400 * DAY_MS) throw invalid('listening.bad_period', '`from` must be before `to`, at most 400 days apart.', 'from');
    const channel = f.channel ? sql`and c.channel = ${f.channel}` : sql``;
    const res = await sql<ConvRow>`
      with conv as (
        select c.id, c.channel, min(i.created_at) as first_at, count(*)::int8 as inbound
        from conversations c
        join conversation_items ci on ci.conversation_id = c.id
        join items i on i.id = ci.item_id
        where c.workspace_id = ${scope.workspaceId} and i.direction = 'inbound' and i.created_at >= ${from} and i.created_at < ${to} ${channel}
        group by c.id, c.channel
      ), rep as (
        select conv.*, least(
            (select min(coalesce(o.sent_at, o.created_at)) from outbox o
              where o.conversation_id = conv.id and o.status = 'sent' and not o.is_automatic and coalesce(o.sent_at, o.created_at) >= conv.first_at),
            -- The bank's answers written on the channel itself (echoes of its page, account or mailbox) count too.
            (select min(i.created_at) from conversation_items ci join items i on i.id = ci.item_id
              where ci.conversation_id = conv.id and i.direction = 'outbound' and i.created_at >= conv.first_at)) as reply_at
        from conv
      )
      select rep.id, rep.channel, rep.first_at, rep.inbound, rep.reply_at,
        (select ${SCORE} from conversation_items ci join items i on i.id = ci.item_id
          where ci.conversation_id = rep.id and i.direction = 'inbound' and i.created_at <= rep.reply_at order by i.created_at desc limit 1) as before_score,
        (select ${SCORE} from conversation_items ci join items i on i.id = ci.item_id
          where ci.conversation_id = rep.id and i.direction = 'inbound' and i.created_at > rep.reply_at order by i.created_at asc limit 1) as after_score
      from rep`.execute(this.db);
    const links =
      (await this.links?.clicks(
        scope.workspaceId,
        res.rows.map((r) => r.id),
      )) ?? new Map();
    const postClicks = ((await this.links?.postClicks?.(scope.workspaceId, from, to)) ?? []).filter((p) => !f.channel || p.channel === f.channel);
    const groups = new Map<string, ConvRow[]>();
    const postGroups = new Map<string, PostClick[]>();
    for (const r of res.rows) {
      const week = seoulDateKey(startOfSeoulWeek(new Date(r.first_at)));
      for (const key of [`${week}|${r.channel}`, `${week}|`]) groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const p of postClicks) {
      const week = seoulDateKey(startOfSeoulWeek(new Date(`${p.day}T12:00:00+09:00`)));
      for (const key of new Set([`${week}|${p.channel ?? ''}`, `${week}|`])) {
        if (!groups.has(key)) groups.set(key, []);
        postGroups.set(key, [...(postGroups.get(key) ?? []), p]);
      }
    }
    const weeks = [...groups]
      .map(([key, rows]) => {
        const [week, ch] = key.split('|') as [string, string];
        return summarise(week, ch || null, rows, links, postGroups.get(key) ?? []);
      })
      .sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : (a.channel ?? '') < (b.channel ?? '') ? -1 : 1));
    return { weeks, totals: summarise(seoulDateKey(from), null, res.rows, links, postClicks) };
  }
}

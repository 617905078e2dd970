import { sql, type Kysely } from 'kysely';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { arrayLiteral } from '../../platform/db/unnest.js';
import { invalid } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { LinksTables } from './links.tables.js';
import type { AnalyticsRow, AnalyticsView, Dimension } from '../../contracts/links.js';

export const DIMENSIONS = ['link', 'channel', 'campaign', 'post', 'country'] as const satisfies readonly Dimension[];
export type { AnalyticsRow, AnalyticsView, Dimension };

const COLUMN: Record<Dimension, 'l.id' | 'l.channel' | 'l.campaign' | 'l.post_id' | 'c.country'> = { link: 'l.id', channel: 'l.channel', campaign: 'l.campaign', post: 'l.post_id', country: 'c.country' };
/** Conversions by country: the country of the click each was attributed to (a conversion carries none itself). */
const CONV_COLUMN: Record<Dimension, 'v.link_id' | 'v.channel' | 'v.campaign' | 'v.post_id' | 'k.country'> = { link: 'v.link_id', channel: 'v.channel', campaign: 'v.campaign', post: 'v.post_id', country: 'k.country' };
const NONE = '(none)';

/** Names the links module cannot know itself (the posts' titles, from publishing through the tracked-links flow). */
export interface LinkLabels {
  postTitles(workspaceId: string, postIds: string[]): Promise<Map<string, string>>;
}

/** Clicks, unique visitors (per day: the hash's salt rotates daily), conversions and rate by link, channel, campaign or post. */
/** A click or a conversion of a conversation's tracked link (the customer timeline's activity). */
export type ConversationActivity =
  | { kind: 'link_click'; at: string; linkId: string; code: string; target: string; conversationId: string; device: string }
  | { kind: 'conversion'; at: string; type: string; value: number | null; linkId: string; conversationId: string };

export class LinkAnalytics {
  private readonly db: Kysely<LinksTables>;
  constructor(
    store: Store,
    private readonly labels?: () => LinkLabels | undefined,
  ) {
    this.db = tables<LinksTables>(store);
  }

  /** Counted clicks (people, not bots or prefetches) on posts' links since a time, per post and channel variant. */
  async postClicks(workspaceId: string, since: Date): Promise<Array<{ postId: string; variant: string | null; clicks: number }>> {
    const rows = await this.db
      .selectFrom('link_clicks as c')
      .innerJoin('links as l', 'l.id', 'c.link_id')
      .select(['l.post_id', 'l.variant', sql<string>`count(*)`.as('n')])
      .where('c.workspace_id', '=', workspaceId)
      .where('l.workspace_id', '=', workspaceId)
      .where('l.post_id', 'is not', null)
      .where('c.bot', '=', false)
      .where('c.prefetch', '=', false)
      .where('c.at', '>=', since)
      .groupBy(['l.post_id', 'l.variant'])
      .execute();
    return rows.map((r) => ({ postId: r.post_id!, variant: r.variant, clicks: Number(r.n) }));
  }

  /** Per conversation: how many tracked links its replies carried and how many counted clicks they drew. */
  /**
   * Counted clicks on the tracked links of posts, per Seoul day, channel of the link and post (the
   * communication index's "links followed" on the bank's own posts, by week).
   */
  async postClicksByDay(workspaceId: string, from: Date, to: Date): Promise<Array<{ day: string; channel: string | null; postId: string; clicks: number }>> {
    const rows = await this.db
      .selectFrom('link_clicks as c')
      .innerJoin('links as l', 'l.id', 'c.link_id')
      .select([sql<string>`((c.at at time zone 'Asia/Seoul')::date)::text`.as('day'), 'l.channel', 'l.post_id', sql<string>`count(*)`.as('n')])
      .where('c.workspace_id', '=', workspaceId)
      .where('l.workspace_id', '=', workspaceId)
      .where('l.post_id', 'is not', null)
      .where('c.bot', '=', false)
      .where('c.prefetch', '=', false)
      .where('c.at', '>=', from)
      .where('c.at', '<', to)
      .groupBy([sql`1`, 'l.channel', 'l.post_id'])
      .execute();
    return rows.map((r) => ({ day: r.day, channel: r.channel, postId: r.post_id!, clicks: Number(r.n) }));
  }

  async conversationClicks(workspaceId: string, conversationIds: string[]): Promise<Map<string, { links: number; clicks: number }>> {
    const out = new Map<string, { links: number; clicks: number }>();
    if (!conversationIds.length) return out;
    const rows = await sql<{ conversation_id: string; links: string; clicks: string }>`
      select l.conversation_id, count(distinct l.id) as links, count(c.id) as clicks
      from links l left join link_clicks c on c.link_id = l.id and not c.bot and not c.prefetch
      where l.workspace_id = ${workspaceId} and l.conversation_id = any(${arrayLiteral(conversationIds)}::text[])
      group by l.conversation_id`.execute(this.db);
    for (const r of rows.rows) out.set(r.conversation_id, { links: Number(r.links), clicks: Number(r.clicks) });
    return out;
  }

  /**
   * What happened to the tracked links of these conversations' replies within [after, before): clicks by
   * people (bots and previews left out) and the conversions attributed to those clicks, newest first.
   */
  async conversationActivity(workspaceId: string, conversationIds: string[], w: { after?: Date; before?: Date; limit: number }): Promise<ConversationActivity[]> {
    if (!conversationIds.length) return [];
    const span = (col: string) => sql.join([sql`true`, ...(w.after ? [sql`${sql.ref(col)} >= ${w.after}`] : []), ...(w.before ? [sql`${sql.ref(col)} < ${w.before}`] : [])], sql` and `);
    const clicks = await sql<{ at: Date; link_id: string; code: string; target_url: string; conversation_id: string; device: string }>`
      select c.at, c.link_id, l.code, l.target_url, l.conversation_id, c.device
      from link_clicks c join links l on l.id = c.link_id
      where l.workspace_id = ${workspaceId} and c.workspace_id = ${workspaceId} and l.conversation_id = any(${arrayLiteral(conversationIds)}::text[])
        and not c.bot and not c.prefetch and ${span('c.at')}
      order by c.at desc limit ${w.limit}`.execute(this.db);
    const conversions = await sql<{ occurred_at: Date; type: string; value: string | number | null; link_id: string; conversation_id: string }>`
      select v.occurred_at, v.type, v.value, v.link_id, l.conversation_id
      from link_conversions v join links l on l.id = v.link_id
      where v.workspace_id = ${workspaceId} and l.workspace_id = ${workspaceId} and v.attributed and l.conversation_id = any(${arrayLiteral(conversationIds)}::text[])
        and ${span('v.occurred_at')}
      order by v.occurred_at desc limit ${w.limit}`.execute(this.db);
    const out: ConversationActivity[] = [
      ...clicks.rows.map((r) => ({ kind: 'link_click' as const, at: new Date(r.at).toISOString(), linkId: r.link_id, code: r.code, target: r.target_url, conversationId: r.conversation_id, device: r.device })),
      ...conversions.rows.map((r) => ({ kind: 'conversion' as const, at: new Date(r.occurred_at).toISOString(), type: r.type, value: r.value === null ? null : Number(r.value), linkId: r.link_id, conversationId: r.conversation_id })),
    ];
    return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, w.limit);
  }

  async report(scope: Scope, q: { by?: string; from?: string; to?: string; now: Date }): Promise<AnalyticsView> {
    assertCan(scope, 'links.read');
    const by = (q.by ?? 'link') as Dimension;
    if (!DIMENSIONS.includes(by)) throw invalid('analytics.bad_dimension', `by is one of ${DIMENSIONS.join(', ')}.`, 'by');
    const to = q.to ? new Date(q.to) : q.now;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from > to) throw invalid('analytics.bad_range', 'from and to are dates, from before to.', 'from');
    const ws = scope.workspaceId;
    const counted = sql<boolean>`(not c.bot and not c.prefetch)`;
    const clickRows = await this.db
      .selectFrom('link_clicks as c')
      .innerJoin('links as l', 'l.id', 'c.link_id')
      .select([
        sql<string | null>`${sql.ref(COLUMN[by])}::text`.as('key'),
        sql<string>`count(*) filter (where ${counted})`.as('clicks'),
        sql<string>`count(distinct (c.day::text || ':' || c.visitor)) filter (where ${counted})`.as('uniques'),
        sql<string>`count(*) filter (where not ${counted})`.as('filtered'),
      ])
      .where('c.workspace_id', '=', ws)
      .where('l.workspace_id', '=', ws)
      .where('c.at', '>=', from)
      .where('c.at', '<=', to)
      .groupBy(sql.ref(COLUMN[by]))
      .execute();
    const convRows = await this.db
      .selectFrom('link_conversions as v')
      .leftJoin('link_clicks as k', (j) => j.onRef('k.id', '=', 'v.click_id').on('k.workspace_id', '=', ws))
      .select([sql<string | null>`${sql.ref(CONV_COLUMN[by])}::text`.as('key'), sql<string>`count(*)`.as('n')])
      .where('v.workspace_id', '=', ws)
      .where('v.attributed', '=', true)
      .where('v.occurred_at', '>=', from)
      .where('v.occurred_at', '<=', to)
      .groupBy(sql.ref(CONV_COLUMN[by]))
      .execute();
    const rows = new Map<string, AnalyticsRow>();
    const at = (key: string | null) => {
      const k = key ?? NONE;
      let r = rows.get(k);
      if (!r) rows.set(k, (r = { key: k, label: k, clicks: 0, uniqueVisitors: 0, filtered: 0, conversions: 0, rate: 0 }));
      return r;
    };
    for (const c of clickRows) Object.assign(at(c.key), { clicks: Number(c.clicks), uniqueVisitors: Number(c.uniques), filtered: Number(c.filtered) });
    for (const c of convRows) at(c.key).conversions = Number(c.n);
    if (by === 'link' && rows.size) {
      const ids = [...rows.keys()].filter((k) => k !== NONE);
      const names = ids.length ? await this.db.selectFrom('links').select(['id', 'code', 'title']).where('workspace_id', '=', ws).where('id', 'in', ids).execute() : [];
      for (const n of names) rows.get(n.id)!.label = n.title ? `${n.title} (${n.code})` : n.code;
    }
    const titles = by === 'post' ? this.labels?.() : undefined;
    if (titles && rows.size) {
      for (const [id, title] of await titles.postTitles(
        ws,
        [...rows.keys()].filter((k) => k !== NONE),
      ))
        if (title && rows.has(id)) rows.get(id)!.label = title;
    }
    for (const r of rows.values()) r.rate = r.clicks ? r.conversions / r.clicks : 0;
    const daily = await this.daily(ws, from, to);
    const list = [...rows.values()].sort((a, b) => b.clicks - a.clicks || b.conversions - a.conversions || a.label.localeCompare(b.label));
    const sum = (k: 'clicks' | 'uniqueVisitors' | 'filtered' | 'conversions') => list.reduce((s, r) => s + r[k], 0);
    const totals = { clicks: sum('clicks'), uniqueVisitors: sum('uniqueVisitors'), filtered: sum('filtered'), conversions: sum('conversions'), rate: 0 };
    totals.rate = totals.clicks ? totals.conversions / totals.clicks : 0;
    return { by, from: from.toISOString(), to: to.toISOString(), rows: list, daily, totals };
  }

  private async daily(ws: string, from: Date, to: Date) {
    const clicks = await this.db
      .selectFrom('link_clicks')
      .select([sql<string>`day::text`.as('day'), sql<string>`count(*)`.as('n')])
      .where('workspace_id', '=', ws)
      .where('bot', '=', false)
      .where('prefetch', '=', false)
      .where('at', '>=', from)
      .where('at', '<=', to)
      .groupBy('day')
      .execute();
    const conv = await this.db
      .selectFrom('link_conversions')
      .select([sql<string>`(occurred_at at time zone 'UTC')::date::text`.as('day'), sql<string>`count(*)`.as('n')])
      .where('workspace_id', '=', ws)
      .where('attributed', '=', true)
      .where('occurred_at', '>=', from)
      .where('occurred_at', '<=', to)
      .groupBy(sql`1`)
      .execute();
    const days = new Map<string, { day: string; clicks: number; conversions: number }>();
    const at = (d: string) => days.get(d) ?? (days.set(d, { day: d, clicks: 0, conversions: 0 }), days.get(d)!);
    for (const c of clicks) at(c.day).clicks = Number(c.n);
    for (const c of conv) at(c.day).conversions = Number(c.n);
    return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  }
}

/** A CSV cell: quoted, and a leading = + - @ tab or CR neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function analyticsCsv(view: AnalyticsView): string {
  const head = [view.by, 'label', 'clicks', 'unique_visitors', 'filtered', 'conversions', 'rate'];
  const lines = [head.join(',')];
  for (const r of view.rows) lines.push([r.key, r.label, r.clicks, r.uniqueVisitors, r.filtered, r.conversions, r.rate.toFixed(4)].map(csvCell).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

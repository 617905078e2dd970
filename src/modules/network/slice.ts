import { sql, type RawBuilder } from 'kysely';
import { invalid } from '../../platform/errors.js';
import type { NetworkPeriod, SliceParams } from '../../contracts/network.js';

/**
 * A slice is the interaction graph one run is built from: a period (relative to the run's start), and
 * optionally one channel and one topic (items whose text contains a term). Metrics are stored per slice key.
 */
export const PERIODS = ['all', '7d', '30d', '90d', '365d'] as const satisfies readonly NetworkPeriod[];
export type Period = NetworkPeriod;
export type { SliceParams };

export const INTERACTION_TYPES = ['repost', 'quote', 'reply', 'mention', 'follow'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];
export type InteractionWeights = Record<InteractionType, number>;

/** Amplifying someone's post counts most; a follow is a weak, lasting tie. */
export const DEFAULT_WEIGHTS: InteractionWeights = { repost: 3, quote: 2, reply: 1, mention: 1, follow: 0.5 };

/** The slices the recurring job keeps up to date in every workspace. */
export const DEFAULT_SLICES: readonly SliceParams[] = [
  { period: 'all', channel: null, topic: null },
  { period: '30d', channel: null, topic: null },
];

/** The slice whose PageRank feeds `authors.influence`. */
export const INFLUENCE_SLICE = 'all';

const DAY_MS = 86_400_000;

export function normalizeSlice(input: { period?: string | undefined; channel?: string | undefined | null; topic?: string | undefined | null }): SliceParams {
  const period = (input.period ?? 'all') as Period;
  if (!PERIODS.includes(period)) throw invalid('network.bad_period', `Unknown period "${input.period}" (use ${PERIODS.join(', ')}).`, 'period');
  const channel = input.channel?.trim() || null;
  const topic = input.topic?.trim().toLocaleLowerCase('ko') || null;
  if (topic && topic.length > 100) throw invalid('network.bad_topic', 'A topic is at most 100 characters.', 'topic');
  return { period, channel, topic };
}

/** `all`, `30d`, `30d/ch:x`, `all/t:대출`, `7d/ch:x/t:대출`. */
export function sliceKey(s: SliceParams): string {
  return `${s.period}${s.channel ? `/ch:${s.channel}` : ''}${s.topic ? `/t:${s.topic}` : ''}`;
}

export const isDefaultSlice = (key: string): boolean => DEFAULT_SLICES.some((s) => sliceKey(s) === key);

/** Interactions at or after this time belong to the slice (null: no bound). */
export function windowStart(period: Period, now: Date): Date | null {
  if (period === 'all') return null;
  return new Date(now.getTime() - Number(period.slice(0, -1)) * DAY_MS);
}

/** The window start rounded down to a day: a relative window counts as changed once a day. */
export function windowDay(period: Period, now: Date): string {
  const from = windowStart(period, now);
  return from ? from.toISOString().slice(0, 10) : 'all';
}

export function likePattern(term: string): string {
  return `%${term.replace(/[%_\\]/g, '\\$&')}%`;
}

export function validateWeights(w: Partial<Record<string, unknown>>): InteractionWeights {
  const out = { ...DEFAULT_WEIGHTS };
  for (const [k, v] of Object.entries(w)) {
    if (!(INTERACTION_TYPES as readonly string[]).includes(k)) throw invalid('network.bad_weight', `Unknown interaction type "${k}".`, `weights.${k}`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) throw invalid('network.bad_weight', `The weight of ${k} must be a number from 0 to 100.`, `weights.${k}`);
    out[k as InteractionType] = v;
  }
  return out;
}

/** The weight of interaction `x` as an SQL expression. */
export function weightSql(w: InteractionWeights): RawBuilder<number> {
  return sql<number>`(case x.type when 'repost' then ${w.repost}::float8 when 'quote' then ${w.quote}::float8 when 'reply' then ${w.reply}::float8 when 'mention' then ${w.mention}::float8 when 'follow' then ${w.follow}::float8 else 0::float8 end)`;
}

/**
 * `from … where …` over the slice's interactions, aliased `x`: the workspace, `at` within the period, the
 * source author on the channel, and for a topic the carrying item's text containing it (follows carry no
 * item and drop out of topic slices).
 */
export function interactionsFrom(workspaceId: string, s: SliceParams, from: Date | null): RawBuilder<unknown> {
  return sql`from interactions x
    ${s.channel ? sql`join authors xs on xs.id = x.source_author_id and xs.channel = ${s.channel}` : sql``}
    ${s.topic ? sql`join items xi on xi.id = x.item_id and xi.text ilike ${likePattern(s.topic)}` : sql``}
    where x.workspace_id = ${workspaceId}${from ? sql` and x.at >= ${from}` : sql``}`;
}

/** `where` conditions (after `where i.workspace_id = …`) over the slice's items, aliased `i`. */
export function itemsWhere(workspaceId: string, s: SliceParams, from: Date | null): RawBuilder<unknown> {
  return sql`i.workspace_id = ${workspaceId} and i.deleted_at is null
    ${from ? sql` and i.created_at >= ${from}` : sql``}
    ${s.channel ? sql` and i.channel = ${s.channel}` : sql``}
    ${s.topic ? sql` and i.text ilike ${likePattern(s.topic)}` : sql``}`;
}

/** The slice and author filter a read works on. */
export interface SliceQuery {
  period?: string;
  topic?: string;
  channel?: string;
}

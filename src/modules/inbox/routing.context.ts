import { sql } from 'kysely';
import { defaultTokenizer } from '../../nlp/index.js';
import type { ItemsTables } from '../items/index.js';
import type { RoutingContext, RuleEnv } from './domain/rule-fields.js';
import { ABUSE, INTENTS, PII_TYPES, SENTIMENTS } from './domain/rule-fields.js';
import type { BusinessSchedule } from './domain/business-time.js';
import type { InboxDb } from './inbox.tables.js';

type Db = InboxDb;
type ItemRow = ItemsTables['items'];

/** Conversation tags on any of a customer's conversations that mark the customer (see docs/inbox.md). */
export const VIP_TAG = 'vip';
export const CUSTOMER_TAG = 'customer';

/** The Korean-aware tokenizer for keyword conditions (particles stripped: 환불 matches 환불을). */
export const tokenize = (text: string): string[] => defaultTokenizer.terms(text);

export function ruleEnv(schedule?: BusinessSchedule): RuleEnv {
  return { tokenizer: tokenize, ...(schedule ? { schedule } : {}), timeZone: schedule?.timeZone ?? 'Asia/Seoul' };
}

interface StoredAnalysis {
  language?: string;
  sentiment?: { label?: string; probs?: Record<string, number> };
  intents?: { labels?: string[] };
  abuse?: { label?: string };
  pii?: Array<{ type?: string }>;
}

const member = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);

/**
 * What routing sees of an inbound item: its channel and kind, the analysis stored with it (sentiment,
 * intents, abuse, personal-data types; absent until analytics is plugged in — then those conditions
 * simply do not match), the author's reach, and whether the customer is marked VIP or a known customer.
 */
export function contextOf(
  item: Pick<ItemRow, 'channel' | 'account_id' | 'kind' | 'is_private' | 'lang' | 'title' | 'text' | 'analysis' | 'received_at' | 'created_at'>,
  author: { followers: number | null; influence: number | null },
  flags: { vip: boolean; customer: boolean; segments?: readonly string[] },
): RoutingContext {
  const a = (item.analysis && typeof item.analysis === 'object' ? item.analysis : {}) as StoredAnalysis;
  // The item's language (the channel's own tag, else detected at ingest); 'und' is no language.
  const language = item.lang && item.lang !== 'und' ? item.lang : a.language;
  const probs = a.sentiment?.probs;
  const sentiment = member(SENTIMENTS, a.sentiment?.label) ? { label: a.sentiment!.label as (typeof SENTIMENTS)[number], score: probs ? Math.round(((probs.positive ?? 0) - (probs.negative ?? 0)) * 1000) / 1000 : 0 } : undefined;
  const intents = a.intents?.labels?.filter((l) => member(INTENTS, l)) as RoutingContext['intents'];
  const pii = [...new Set((a.pii ?? []).map((p) => p.type).filter((t) => member(PII_TYPES, t)))] as RoutingContext['piiTypes'];
  return {
    channel: item.channel,
    accountId: item.account_id,
    kind: item.kind,
    isPrivate: item.is_private,
    ...(language ? { language } : {}),
    ...(item.title ? { title: item.title } : {}),
    text: item.text,
    ...(sentiment ? { sentiment } : {}),
    ...(intents ? { intents } : {}),
    ...(member(ABUSE, a.abuse?.label) ? { abuse: a.abuse!.label as (typeof ABUSE)[number] } : {}),
    ...(item.analysis ? { piiTypes: pii } : {}),
    author: {
      ...(author.followers !== null ? { followers: author.followers } : {}),
      ...(author.influence !== null ? { influence: Number(author.influence) } : {}),
      vip: flags.vip,
      customer: flags.customer,
      ...(flags.segments ? { segments: flags.segments } : {}),
    },
    receivedAt: new Date(item.received_at ?? item.created_at),
  };
}

/** VIP / customer flags of customers: a tag on any of their conversations in the workspace. */
export async function customerFlags(db: Db, workspaceId: string, authorIds: string[]): Promise<Map<string, { vip: boolean; customer: boolean }>> {
  const out = new Map(authorIds.map((id) => [id, { vip: false, customer: false }]));
  if (!authorIds.length) return out;
  const rows = await db
    .selectFrom('conversations')
    .select(['customer_author_id', sql<boolean>`bool_or(tags ? ${VIP_TAG})`.as('vip'), sql<boolean>`bool_or(tags ? ${CUSTOMER_TAG})`.as('customer')])
    .where('workspace_id', '=', workspaceId)
    .where('customer_author_id', 'in', authorIds)
    .groupBy('customer_author_id')
    .execute();
  for (const r of rows) out.set(r.customer_author_id, { vip: !!r.vip, customer: !!r.customer });
  return out;
}

/** Contexts for several items at once (the preview). */
export async function contextsFor(db: Db, workspaceId: string, items: ItemRow[], segmentsOf?: (db: Db, workspaceId: string, authorIds: string[]) => Promise<Map<string, string[]>>): Promise<RoutingContext[]> {
  const authorIds = [...new Set(items.map((i) => i.author_id))];
  const [authors, flags, segments] = await Promise.all([
    authorIds.length ? db.selectFrom('authors').select(['id', 'followers', 'influence']).where('id', 'in', authorIds).execute() : Promise.resolve([]),
    customerFlags(db, workspaceId, authorIds),
    segmentsOf ? segmentsOf(db, workspaceId, authorIds) : Promise.resolve(new Map<string, string[]>()),
  ]);
  const byId = new Map(authors.map((a) => [a.id, a]));
  return items.map((i) => {
    const f = flags.get(i.author_id) ?? { vip: false, customer: false };
    const names = segments.get(i.author_id);
    return contextOf(i, byId.get(i.author_id) ?? { followers: null, influence: null }, names ? { ...f, segments: names } : f);
  });
}

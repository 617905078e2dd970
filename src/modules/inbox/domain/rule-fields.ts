/**
 * What routing-rule conditions can look at: the item/conversation context, the fields over it, their
 * value types and the operators each allows. Shared by evaluation (rules.ts) and validation.
 */
import { ITEM_KINDS, type ItemKind } from '../../../channels/port.js';
import type { AbuseLabel, IntentLabel, SentimentLabel } from '../../../nlp/index.js';
import type { PiiType } from '../../../nlp/index.js';
import { DAY_KEYS, isOpen, type BusinessSchedule } from './business-time.js';
import { DEFAULT_TIME_ZONE, formatClock, toLocal } from './civil.js';

export { ITEM_KINDS };
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const satisfies readonly SentimentLabel[];
export const ABUSE = ['none', 'offensive', 'hate'] as const satisfies readonly AbuseLabel[];
export const INTENTS = ['complaint', 'inquiry', 'praise', 'purchase', 'churn', 'fraud'] as const satisfies readonly IntentLabel[];
export const PII_TYPES = ['rrn', 'foreigner_rn', 'card', 'account', 'phone', 'email', 'passport'] as const satisfies readonly PiiType[];

/** An inbound item (and its conversation) as routing sees it. */
export interface RoutingContext {
  /** Channel type ('x', 'meta', 'email', ...). */
  channel: string;
  accountId: string;
  kind: ItemKind;
  isPrivate: boolean;
  /** BCP-47 code ('ko', 'en', 'ko-KR'). */
  language?: string;
  title?: string;
  text: string;
  /** Sentiment label and a score in [-1, 1] (positive − negative probability), as the pipeline gives them. */
  sentiment?: { label: SentimentLabel; score: number };
  intents?: readonly IntentLabel[];
  abuse?: AbuseLabel;
  piiTypes?: readonly PiiType[];
  author: {
    followers?: number;
    /** Network influence score (e.g. PageRank percentile 0–100). */
    influence?: number;
    vip?: boolean;
    customer?: boolean;
    /** Names of the customer segments the author's linked customer is in (consented links only). */
    segments?: readonly string[];
  };
  receivedAt: Date;
}

/** Evaluation environment: injected collaborators. */
export interface RuleEnv {
  /** Korean-aware tokenizer for keyword matching (e.g. KoreanTokenizer#terms); default splits on non-letters. */
  tokenizer?: (text: string) => string[];
  /** For time.business_hours; time.local and time.weekday use its zone (default Asia/Seoul). */
  schedule?: BusinessSchedule;
  timeZone?: string;
}

export const OPERATORS = ['equals', 'in', 'not_in', 'contains', 'gte', 'lte', 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];
export type ValueType = 'string' | 'enum' | 'set' | 'number' | 'boolean' | 'text' | 'clock';

export interface FieldSpec {
  type: ValueType;
  ops: readonly Operator[];
  /** Allowed members for enum and set fields. */
  values?: readonly string[];
  get(ctx: RoutingContext, env: RuleEnv): unknown;
}

const STRING_OPS = ['equals', 'in', 'not_in', 'contains', 'exists'] as const;
const ENUM_OPS = ['equals', 'in', 'not_in', 'exists'] as const;
const SET_OPS = ['contains', 'not_in', 'exists'] as const;
const NUMBER_OPS = ['equals', 'gte', 'lte', 'exists'] as const;
const BOOL_OPS = ['equals', 'exists'] as const;

const zoneOf = (env: RuleEnv): string => env.timeZone ?? env.schedule?.timeZone ?? DEFAULT_TIME_ZONE;

export const FIELDS = {
  channel: { type: 'string', ops: STRING_OPS, get: (c) => c.channel },
  account_id: { type: 'string', ops: STRING_OPS, get: (c) => c.accountId },
  kind: { type: 'enum', ops: ENUM_OPS, values: ITEM_KINDS, get: (c) => c.kind },
  is_private: { type: 'boolean', ops: BOOL_OPS, get: (c) => c.isPrivate },
  language: { type: 'string', ops: STRING_OPS, get: (c) => c.language },
  'sentiment.label': { type: 'enum', ops: ENUM_OPS, values: SENTIMENTS, get: (c) => c.sentiment?.label },
  'sentiment.score': { type: 'number', ops: NUMBER_OPS, get: (c) => c.sentiment?.score },
  intents: { type: 'set', ops: SET_OPS, values: INTENTS, get: (c) => c.intents },
  text: { type: 'text', ops: ['contains', 'exists'], get: (c) => (c.title ? `${c.title}\n${c.text}` : c.text) },
  abuse: { type: 'enum', ops: ENUM_OPS, values: ABUSE, get: (c) => c.abuse },
  pii_types: { type: 'set', ops: SET_OPS, values: PII_TYPES, get: (c) => c.piiTypes },
  'author.followers': { type: 'number', ops: NUMBER_OPS, get: (c) => c.author.followers },
  'author.influence': { type: 'number', ops: NUMBER_OPS, get: (c) => c.author.influence },
  'author.vip': { type: 'boolean', ops: BOOL_OPS, get: (c) => c.author.vip },
  'author.customer': { type: 'boolean', ops: BOOL_OPS, get: (c) => c.author.customer },
  // Segment names are the workspace's own (customers → segments), so any name is accepted.
  'author.segments': { type: 'set', ops: SET_OPS, get: (c) => c.author.segments ?? [] },
  'time.business_hours': { type: 'boolean', ops: ['equals'], get: (c, env) => (env.schedule ? isOpen(c.receivedAt, env.schedule) : undefined) },
  'time.local': { type: 'clock', ops: ['gte', 'lte'], get: (c, env) => formatClock(toLocal(c.receivedAt, zoneOf(env)).minutes) },
  'time.weekday': { type: 'enum', ops: ENUM_OPS, values: DAY_KEYS, get: (c, env) => DAY_KEYS[toLocal(c.receivedAt, zoneOf(env)).weekday] },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

export function fieldSpec(name: string): FieldSpec | undefined {
  return Object.hasOwn(FIELDS, name) ? (FIELDS as Record<string, FieldSpec>)[name] : undefined;
}

/** Default tokenizer: lower-cased runs of letters and digits (no josa stripping: inject the Korean one). */
export function simpleTokenize(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * What part of a listening query the database can check before the matcher runs: a pure description,
 * the store turns it into SQL. The filter is necessary, not sufficient: every item the matcher accepts
 * passes it (sqlFilterAdmits states the intended semantics and the tests check that promise); items
 * that pass still go through the matcher. NOT subtrees are never pushed down (NOT channel:x must keep
 * rows whose channel is unknown), and an OR pushes down only what all its branches share.
 */
import { defaultTokenizer } from '../../../nlp/index.js';
import type { Tokenizer } from '../../../nlp/index.js';
import { followersBounds, type QueryNode } from './query-ast.js';
import { containsSequence, foldText, normalizeTag, termNeedles } from '../../../nlp/index.js';
import type { MatchItem, MatchOptions } from './match-item.js';

/** One way to satisfy a text requirement. */
export interface TextAlternative {
  type: 'term' | 'phrase' | 'hashtag' | 'mention';
  value: string;
  /**
   * term/phrase: the item's tokens contain these consecutively (e.g. a `tokens text[]` column with a
   * GIN index: `tokens @> ARRAY[...]` as a prefilter for one token, then exact order in the matcher).
   */
  tokens: string[];
  /**
   * term/phrase: or the item's text, lower-cased with whitespace runs folded to one space, contains
   * one of these as a substring (pg_trgm: `lower(text) LIKE '%' || needle || '%'`). Both the token
   * and the needle condition are needed for a sound prefilter: the matcher's raw-text fallback can
   * match items whose tokens lack the term.
   */
  needles: string[];
}

export interface SqlFilter {
  /** True when no item can match (e.g. channel:x AND channel:y); skip the query. */
  matchesNothing: boolean;
  /** null: any. Otherwise the column must be one of these. */
  channels: string[] | null;
  /** Primary-subtag match: `lang = v OR lang LIKE v || '-%'` for one of these. NULL lang fails. */
  langs: string[] | null;
  sentiments: string[] | null;
  kinds: string[] | null;
  /** Author handles, lower-case, without @. */
  authors: string[] | null;
  /** Inclusive bounds (null: unbounded); rows with unknown followers fail when this is set. */
  followers: { min: number | null; max: number | null } | null;
  /** Conjunction of groups; each group: the item's intents contain at least one of them. */
  intents: string[][];
  /** Conjunction of groups; each group: at least one alternative holds. */
  text: TextAlternative[][];
}

type SetFacet = 'channels' | 'langs' | 'sentiments' | 'kinds' | 'authors';
const FACETS: readonly SetFacet[] = ['channels', 'langs', 'sentiments', 'kinds', 'authors'];
const MAX_GROUPS = 8;

interface Constraint {
  impossible: boolean;
  sets: Record<SetFacet, Set<string> | null>;
  followers: { min: number | null; max: number | null } | null;
  intents: string[][];
  text: TextAlternative[][];
}

function any(): Constraint {
  return {
    impossible: false,
    sets: { channels: null, langs: null, sentiments: null, kinds: null, authors: null },
    followers: null,
    intents: [],
    text: [],
  };
}

const FIELD_FACET: Record<string, SetFacet> = { channel: 'channels', lang: 'langs', sentiment: 'sentiments', kind: 'kinds', author: 'authors' };

function leaf(node: QueryNode, tokenizer: Tokenizer): Constraint {
  const c = any();
  switch (node.type) {
    case 'term':
    case 'phrase': {
      const tokens = tokenizer.terms(node.value);
      const needles = node.type === 'term' ? termNeedles(node.value, tokens) : [foldText(node.value)];
      c.text = [[{ type: node.type, value: node.value, tokens, needles }]];
      break;
    }
    case 'hashtag':
    case 'mention':
      c.text = [[{ type: node.type, value: node.value, tokens: [], needles: [] }]];
      break;
    case 'field':
      if (node.field === 'intent') c.intents = [[node.value]];
      else c.sets[FIELD_FACET[node.field]!] = new Set([node.value]);
      break;
    case 'followers':
      c.followers = followersBounds(node);
      break;
    default:
      break;
  }
  return c;
}

/** Language codes in `a` and `b` both admit: the more specific of each pair (ko ∧ ko-kr → ko-kr). */
function intersectLangs(a: Set<string>, b: Set<string>): Set<string> {
  const covers = (general: string, specific: string): boolean => specific === general || specific.startsWith(`${general}-`);
  const out = new Set<string>();
  for (const x of a)
    for (const y of b) {
      if (covers(y, x)) out.add(x);
      else if (covers(x, y)) out.add(y);
    }
  return out;
}

function and(parts: Constraint[]): Constraint {
  const c = any();
  for (const p of parts) {
    c.impossible ||= p.impossible;
    for (const f of FACETS) {
      const a = c.sets[f];
      const b = p.sets[f];
      if (b === null) continue;
      c.sets[f] = a === null ? new Set(b) : f === 'langs' ? intersectLangs(a, b) : new Set([...a].filter((x) => b.has(x)));
    }
    if (p.followers) {
      const cur = c.followers ?? { min: null, max: null };
      c.followers = {
        min: cur.min === null ? p.followers.min : p.followers.min === null ? cur.min : Math.max(cur.min, p.followers.min),
        max: cur.max === null ? p.followers.max : p.followers.max === null ? cur.max : Math.min(cur.max, p.followers.max),
      };
    }
    c.intents.push(...p.intents);
    c.text.push(...p.text);
  }
  if (FACETS.some((f) => c.sets[f]?.size === 0)) c.impossible = true;
  if (c.followers && c.followers.min !== null && c.followers.max !== null && c.followers.min > c.followers.max) c.impossible = true;
  return c;
}

/** OR of CNFs: every branch needs a group; the distributed product, or one smallest group per branch. */
function orGroups<T>(branches: T[][][], key: (t: T) => string): T[][] {
  if (branches.some((g) => g.length === 0)) return [];
  const size = branches.reduce((n, g) => n * g.length, 1);
  const choices = size <= MAX_GROUPS ? branches : branches.map((g) => [g.reduce((a, b) => (b.length < a.length ? b : a))]);
  let out: T[][] = [[]];
  for (const groups of choices) out = out.flatMap((acc) => groups.map((g) => [...acc, ...g]));
  return out.map((g) => [...new Map(g.map((t) => [key(t), t])).values()]);
}

function or(parts: Constraint[]): Constraint {
  const live = parts.filter((p) => !p.impossible);
  if (live.length === 0) return { ...any(), impossible: true };
  const c = any();
  for (const f of FACETS) {
    c.sets[f] = live.some((p) => p.sets[f] === null) ? null : new Set(live.flatMap((p) => [...p.sets[f]!]));
  }
  if (live.every((p) => p.followers !== null)) {
    const fs = live.map((p) => p.followers!);
    c.followers = {
      min: fs.some((f) => f.min === null) ? null : Math.min(...fs.map((f) => f.min!)),
      max: fs.some((f) => f.max === null) ? null : Math.max(...fs.map((f) => f.max!)),
    };
    if (c.followers.min === null && c.followers.max === null) c.followers = null;
  }
  c.intents = orGroups(
    live.map((p) => p.intents),
    (s) => s,
  );
  c.text = orGroups(
    live.map((p) => p.text),
    (t) => `${t.type}\u0000${t.value}`,
  );
  return c;
}

function build(node: QueryNode, tokenizer: Tokenizer): Constraint {
  switch (node.type) {
    case 'not':
      return any();
    case 'and':
      return and(node.children.map((n) => build(n, tokenizer)));
    case 'or':
      return or(node.children.map((n) => build(n, tokenizer)));
    default:
      return leaf(node, tokenizer);
  }
}

/** Describes what the database can prefilter for this query. */
export function toSqlFilter(ast: QueryNode, options: MatchOptions = {}): SqlFilter {
  const c = build(ast, options.tokenizer ?? defaultTokenizer);
  const list = (s: Set<string> | null): string[] | null => (s === null ? null : [...s].sort());
  const dedupe = (groups: string[][]): string[][] => [...new Map(groups.map((g) => [[...g].sort().join('\u0000'), [...new Set(g)].sort()])).values()];
  const textKey = (g: TextAlternative[]): string =>
    g
      .map((t) => `${t.type}:${t.value}`)
      .sort()
      .join('\u0000');
  return {
    matchesNothing: c.impossible,
    channels: list(c.sets.channels),
    langs: list(c.sets.langs),
    sentiments: list(c.sets.sentiments),
    kinds: list(c.sets.kinds),
    authors: list(c.sets.authors),
    followers: c.followers,
    intents: dedupe(c.intents),
    text: [...new Map(c.text.map((g) => [textKey(g), g])).values()],
  };
}

/** The reference semantics of a SqlFilter (what the SQL must accept), for tests and in-memory stores. */
export function sqlFilterAdmits(filter: SqlFilter, item: MatchItem): boolean {
  if (filter.matchesNothing) return false;
  const inSet = (set: string[] | null, v: string | null | undefined): boolean => set === null || (v != null && set.includes(v));
  if (!inSet(filter.channels, item.channel.toLowerCase())) return false;
  if (!inSet(filter.sentiments, item.sentiment)) return false;
  if (!inSet(filter.kinds, item.kind)) return false;
  if (!inSet(filter.authors, item.author.handle == null ? null : normalizeTag(item.author.handle, '@'))) return false;
  if (filter.langs !== null) {
    const lang = (item.lang ?? '').toLowerCase();
    if (!filter.langs.some((l) => lang === l || lang.startsWith(`${l}-`))) return false;
  }
  if (filter.followers) {
    const f = item.author.followers;
    if (typeof f !== 'number') return false;
    if ((filter.followers.min !== null && f < filter.followers.min) || (filter.followers.max !== null && f > filter.followers.max)) return false;
  }
  if (!filter.intents.every((g) => g.some((i) => item.intents.includes(i)))) return false;
  const text = foldText(item.text);
  const tags = new Set(item.hashtags.map((h) => normalizeTag(h, '#')));
  const mentions = new Set(item.mentions.map((m) => normalizeTag(m, '@')));
  return filter.text.every((group) =>
    group.some((alt) => {
      if (alt.type === 'hashtag') return tags.has(alt.value);
      if (alt.type === 'mention') return mentions.has(alt.value);
      return containsSequence(item.tokens, alt.tokens) || alt.needles.some((n) => text.includes(n));
    }),
  );
}

/**
 * Evaluates a listening query against an analysed item. compileQuery turns the tree into a predicate
 * once (query words are normalised with the same tokenizer as the items); extractTerms lists what a
 * match must contain, for highlighting; toSqlFilter (sql-filter.ts) says what can be pushed down.
 *
 * Matching rules (see docs/listening-queries.md):
 * - term: the item's tokens contain the term's normalised form (`국민은행에서` in the query or the text
 *   both become `국민은행`; `charges` becomes `charg`); a term the tokenizer splits (`KB국민카드` →
 *   kb 국민카드) must appear as consecutive tokens. Fallback: the raw text contains the term at a word
 *   start, ending a word or followed by a Korean particle/ending (text-match.ts).
 * - phrase: consecutive tokens, or the raw text anchored the same way.
 * - #hashtag, @mention: exact, case-insensitive, against the item's hashtags/mentions (with or without
 *   the leading #/@).
 * - author: the author's handle, exact, case-insensitive. lang:ko also matches ko-KR. followers: an
 *   unknown follower count satisfies no followers: filter (so NOT followers:>1000 includes it).
 */
import { defaultTokenizer } from '../../../nlp/index.js';
import type { Tokenizer } from '../../../nlp/index.js';
import { followersBounds, type QueryNode } from './query-ast.js';
import type { MatchItem, MatchOptions } from './match-item.js';

export type { MatchItem, MatchOptions } from './match-item.js';
import { containsSequence, foldText, matchesAnchored, normalizeTag, termNeedles } from '../../../nlp/index.js';

export { containsSequence, foldText, matchesAnchored, normalizeTag, termNeedles } from '../../../nlp/index.js';
export { toSqlFilter, sqlFilterAdmits, type SqlFilter, type TextAlternative } from './sql-filter.js';

/** What the matcher needs from an item (the enrichment pipeline fills it). */
export type Predicate = (item: MatchItem) => boolean;

/** Per-item views built lazily, once per evaluation. */
class ItemView {
  private set?: Set<string>;
  private folded?: string;
  private tags?: Set<string>;
  private ments?: Set<string>;
  constructor(readonly item: MatchItem) {}
  get tokenSet(): Set<string> {
    return (this.set ??= new Set(this.item.tokens));
  }
  get text(): string {
    return (this.folded ??= foldText(this.item.text));
  }
  get hashtags(): Set<string> {
    return (this.tags ??= new Set(this.item.hashtags.map((h) => normalizeTag(h, '#'))));
  }
  get mentions(): Set<string> {
    return (this.ments ??= new Set(this.item.mentions.map((m) => normalizeTag(m, '@'))));
  }
}

type Evaluator = { cost: number; run: (v: ItemView) => boolean };

function textLeaf(value: string, tokenizer: Tokenizer): Evaluator {
  const seq = tokenizer.terms(value);
  const needles = termNeedles(value, seq);
  const first = seq[0];
  return {
    cost: 3,
    run: (v) => {
      if (first !== undefined && (seq.length === 1 ? v.tokenSet.has(first) : containsSequence(v.item.tokens, seq))) return true;
      return needles.some((n) => matchesAnchored(v.text, n));
    },
  };
}

function compileNode(node: QueryNode, tokenizer: Tokenizer): Evaluator {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return textLeaf(node.value, tokenizer);
    case 'hashtag':
      return { cost: 1, run: (v) => v.hashtags.has(node.value) };
    case 'mention':
      return { cost: 1, run: (v) => v.mentions.has(node.value) };
    case 'field': {
      const want = node.value;
      switch (node.field) {
        case 'author':
          return { cost: 1, run: (v) => normalizeTag(v.item.author.handle ?? '', '@') === want };
        case 'lang':
          return {
            cost: 1,
            run: (v) => {
              const lang = (v.item.lang ?? '').toLowerCase();
              return lang === want || lang.startsWith(`${want}-`);
            },
          };
        case 'channel':
          return { cost: 1, run: (v) => v.item.channel.toLowerCase() === want };
        case 'kind':
          return { cost: 1, run: (v) => v.item.kind === want };
        case 'sentiment':
          return { cost: 1, run: (v) => v.item.sentiment === want };
        case 'intent':
          return { cost: 1, run: (v) => v.item.intents.includes(want) };
      }
      break;
    }
    case 'followers': {
      const { min, max } = followersBounds(node);
      return {
        cost: 1,
        run: (v) => {
          const f = v.item.author.followers;
          return typeof f === 'number' && Number.isFinite(f) && (min === null || f >= min) && (max === null || f <= max);
        },
      };
    }
    case 'not': {
      const child = compileNode(node.child, tokenizer);
      return { cost: child.cost, run: (v) => !child.run(v) };
    }
    case 'and':
    case 'or': {
      // Cheap checks first; evaluation order does not change the result.
      const kids = node.children.map((c) => compileNode(c, tokenizer)).sort((a, b) => a.cost - b.cost);
      const cost = kids.reduce((s, k) => s + k.cost, 0);
      return node.type === 'and' ? { cost, run: (v) => kids.every((k) => k.run(v)) } : { cost, run: (v) => kids.some((k) => k.run(v)) };
    }
  }
}

/** Compiles a query into a predicate; compile once per query, call per item. */
export function compileQuery(ast: QueryNode, options: MatchOptions = {}): Predicate {
  const root = compileNode(ast, options.tokenizer ?? defaultTokenizer);
  return (item) => root.run(new ItemView(item));
}

/** One-off evaluation (compiles every time; prefer compileQuery in loops). */
export function matchQuery(ast: QueryNode, item: MatchItem, options: MatchOptions = {}): boolean {
  return compileQuery(ast, options)(item);
}

export interface ExtractedTerm {
  type: 'term' | 'phrase' | 'hashtag' | 'mention';
  /** As in the query (lower-case, NFC). */
  value: string;
  /** Normalised tokens, to highlight the item tokens whose term is one of these. */
  tokens: string[];
}

/**
 * The text leaves that count for a match, i.e. not under a NOT (an even number of NOTs counts as
 * positive), de-duplicated, in query order. Used for highlighting and full-text prefiltering.
 */
export function extractTerms(ast: QueryNode, options: MatchOptions = {}): ExtractedTerm[] {
  const tokenizer = options.tokenizer ?? defaultTokenizer;
  const out: ExtractedTerm[] = [];
  const seen = new Set<string>();
  const walk = (node: QueryNode, negated: boolean): void => {
    switch (node.type) {
      case 'not':
        return walk(node.child, !negated);
      case 'and':
      case 'or':
        return node.children.forEach((c) => walk(c, negated));
      case 'term':
      case 'phrase':
      case 'hashtag':
      case 'mention': {
        const key = `${node.type}\u0000${node.value}`;
        if (negated || seen.has(key)) return;
        seen.add(key);
        out.push({ type: node.type, value: node.value, tokens: tokenizer.terms(node.value) });
        return;
      }
      default:
        return;
    }
  };
  walk(ast, false);
  return out;
}

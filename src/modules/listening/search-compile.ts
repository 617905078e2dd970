/**
 * The search box speaks the listening query language (docs/listening-queries.md): OR, AND, NOT / -,
 * "phrases", (parentheses), #tags, @handles and field:value filters. The parsed tree becomes one SQL
 * condition: subtrees made only of words become a single tsquery over the search column (English words
 * are stemmed by the same tokenizer that built the column: crashed, crashes → crash), field filters
 * become column conditions. A query that does not parse throws InvalidQueryError (position, length,
 * caret) like a saved query does.
 */
import { sql, type RawBuilder } from 'kysely';
import { defaultTokenizer, phraseQuery } from '../../nlp/index.js';
import { followersBounds, type QueryNode } from './domain/query-parser.js';
import { parseExpression } from './query-compile.js';

/** The tsquery for a word, phrase, tag or handle; null when nothing in it is searchable. */
function leafTs(node: QueryNode): string | null {
  switch (node.type) {
    case 'term':
    case 'phrase': {
      const p = phraseQuery(defaultTokenizer.terms(node.value));
      return p && p.includes('<->') ? `(${p})` : p;
    }
    case 'hashtag':
      return phraseQuery([`#${node.value.replace(/[.,!?]+$/, '')}`]);
    case 'mention':
      return phraseQuery([`@${node.value.replace(/[.,!?]+$/, '')}`]);
    default:
      return null;
  }
}

/** The whole subtree as one tsquery, or null when it holds a field filter (or nothing searchable). */
export function subtreeTs(node: QueryNode): string | null {
  switch (node.type) {
    case 'and':
    case 'or': {
      const parts = node.children.map(subtreeTs);
      if (parts.some((p) => p === null)) return null;
      return `(${parts.join(node.type === 'and' ? ' & ' : ' | ')})`;
    }
    case 'not': {
      const c = subtreeTs(node.child);
      return c === null ? null : `!${c}`;
    }
    default:
      return leafTs(node);
  }
}

function fieldSql(node: QueryNode): RawBuilder<boolean> {
  if (node.type === 'followers') {
    const b = followersBounds(node);
    const parts: RawBuilder<unknown>[] = [sql`a.followers is not null`];
    if (b.min !== null) parts.push(sql`a.followers >= ${b.min}`);
    if (b.max !== null) parts.push(sql`a.followers <= ${b.max}`);
    return sql<boolean>`(${sql.join(parts, sql` and `)})`;
  }
  if (node.type !== 'field') throw new Error(`not a field: ${node.type}`);
  const v = node.value;
  switch (node.field) {
    case 'channel':
      return sql<boolean>`(i.channel = ${v})`;
    case 'lang':
      return sql<boolean>`(lower(i.lang) = ${v} or lower(i.lang) like ${`${v}-%`})`;
    case 'kind':
      return sql<boolean>`(i.kind = ${v})`;
    case 'sentiment':
      return sql<boolean>`((i.analysis -> 'sentiment' ->> 'label') = ${v})`;
    case 'intent':
      return sql<boolean>`(coalesce(i.analysis -> 'intents' -> 'labels', '[]'::jsonb) ? ${v})`;
    case 'author':
      return sql<boolean>`(lower(a.handle) = ${v})`;
  }
}

function toSql(node: QueryNode): RawBuilder<boolean> {
  const ts = subtreeTs(node);
  if (ts !== null) return sql<boolean>`(i.search @@ ${ts}::tsquery)`;
  switch (node.type) {
    case 'and':
    case 'or':
      return sql<boolean>`(${sql.join(node.children.map(toSql), node.type === 'and' ? sql` and ` : sql` or `)})`;
    case 'not':
      return sql<boolean>`(not ${toSql(node.child)})`;
    case 'field':
    case 'followers':
      return fieldSql(node);
    default:
      // A word with nothing searchable in it (the parser refuses those): it matches nothing.
      return sql<boolean>`false`;
  }
}

/** Words the results are highlighted with: the positive words (stemmed), phrases, tags and handles. */
export function highlightTerms(node: QueryNode): string[] {
  const out = new Set<string>();
  const walk = (n: QueryNode, negated: boolean): void => {
    if (n.type === 'not') return walk(n.child, !negated);
    if (n.type === 'and' || n.type === 'or') return n.children.forEach((c) => walk(c, negated));
    if (negated) return;
    // A word by its stem (crashed → crash, 국민은행에서 → 국민은행), which is what the text shares with it.
    if (n.type === 'term') for (const t of defaultTokenizer.terms(n.value)) out.add(t);
    else if (n.type === 'phrase') out.add(n.value);
    else if (n.type === 'hashtag') out.add(`#${n.value}`);
    else if (n.type === 'mention') out.add(`@${n.value}`);
  };
  walk(node, false);
  return [...out];
}

export interface CompiledSearch {
  where: RawBuilder<boolean>;
  /** The text part alone as one tsquery, when the whole query is words (used for the plan estimate). */
  tsquery: string | null;
  terms: string[];
}

/** Parses a search box text; throws InvalidQueryError with the position of a syntax error. */
export function compileSearch(q: string): CompiledSearch {
  const ast = parseExpression(q);
  return { where: toSql(ast), tsquery: subtreeTs(ast), terms: highlightTerms(ast) };
}

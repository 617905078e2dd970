/**
 * toSqlFilter's description as SQL over `items i` joined with `authors a`: necessary, not sufficient
 * (the matcher still runs on what passes). Text alternatives use the search column (consecutive
 * tokens as a tsquery phrase) or a substring of the folded text; rows whose search column is not
 * filled yet are let through to the matcher.
 */
import { sql, type RawBuilder } from 'kysely';
import type { SqlFilter, TextAlternative } from './domain/matcher.js';
import { phraseQuery } from '../../nlp/index.js';

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
export const FOLDED_TEXT = sql`regexp_replace(lower(coalesce(i.title || E'\\n', '') || i.text), '\\s+', ' ', 'g')`;

function alternative(alt: TextAlternative): RawBuilder<unknown> {
  if (alt.type === 'hashtag') return sql`(i.search @@ ${phraseQuery([`#${alt.value}`]) ?? "''"}::tsquery)`;
  if (alt.type === 'mention') {
    return sql`(i.search @@ ${phraseQuery([`@${alt.value}`]) ?? "''"}::tsquery or exists (select 1 from interactions x join authors ta on ta.id = x.target_author_id where x.item_id = i.id and x.type = 'mention' and lower(ta.handle) = ${alt.value}))`;
  }
  const ors: RawBuilder<unknown>[] = [];
  const phrase = phraseQuery(alt.tokens);
  if (phrase) ors.push(sql`(i.search is null or i.search @@ ${phrase}::tsquery)`);
  for (const n of alt.needles) ors.push(sql`${FOLDED_TEXT} like ${`%${likeEscape(n)}%`}`);
  return ors.length ? sql`(${sql.join(ors, sql` or `)})` : sql`false`;
}

/** The WHERE fragment for one filter (true when nothing can be pushed down). */
export function prefilterSql(f: SqlFilter): RawBuilder<boolean> {
  if (f.matchesNothing) return sql<boolean>`false`;
  const parts: RawBuilder<unknown>[] = [];
  if (f.channels) parts.push(sql`lower(i.channel) = any(${f.channels}::text[])`);
  if (f.kinds) parts.push(sql`i.kind = any(${f.kinds}::text[])`);
  if (f.sentiments) parts.push(sql`(i.analysis -> 'sentiment' ->> 'label') = any(${f.sentiments}::text[])`);
  if (f.langs) parts.push(sql`(lower(i.lang) = any(${f.langs}::text[]) or lower(i.lang) like any(${f.langs.map((l) => `${likeEscape(l)}-%`)}::text[]))`);
  if (f.authors) parts.push(sql`lower(ltrim(a.handle, '@')) = any(${f.authors}::text[])`);
  if (f.followers) {
    parts.push(sql`a.followers is not null`);
    if (f.followers.min !== null) parts.push(sql`a.followers >= ${f.followers.min}`);
    if (f.followers.max !== null) parts.push(sql`a.followers <= ${f.followers.max}`);
  }
  for (const g of f.intents) parts.push(sql`coalesce(i.analysis -> 'intents' -> 'labels', '[]'::jsonb) ?| ${g}::text[]`);
  for (const g of f.text) parts.push(sql`(${sql.join(g.map(alternative), sql` or `)})`);
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : sql<boolean>`true`;
}

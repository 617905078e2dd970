/** Keywords and trending topics for a window of texts against a background. */
import type { Tokenizer } from '../tokenizer/port.js';
import { defaultTokenizer } from '../tokenizer/korean.js';
import { isContentTerm } from './stopwords.js';
import { logOdds, type LogOddsOptions, type TermScore } from './logodds.js';
import { collocations, type Collocation } from './collocations.js';
import { topicClusters, type TopicCluster } from './clusters.js';

/** Content terms of one text, in order, with null where a stopword or number was dropped. */
export function contentTerms(text: string, tokenizer: Tokenizer = defaultTokenizer): Array<string | null> {
  return tokenizer.terms(text).map((t) => (isContentTerm(t) ? t : null));
}

/**
 * The per-item keywords: unique content words of one text, in order of first appearance, in the form a
 * person writes them: Korean nouns without particles (국민은행이 → 국민은행), verbs and adjectives in
 * dictionary form (갈아탔어요 → 갈아타다), 하다/되다 verbs by their noun (해지했어요 → 해지); English lower-cased
 * with only a plural or possessive -s taken off (charges → charge, but "centre", not the stem "centr").
 */
export function keywordsOf(text: string, tokenizer: Tokenizer = defaultTokenizer, max = 10): string[] {
  const seen = new Set<string>();
  for (const t of tokenizer.tokenize(text)) {
    if (!isContentTerm(t.term)) continue;
    const word = readable(t.term, t.lemma);
    if (!isContentTerm(word)) continue;
    if (word && !seen.has(word)) seen.add(word);
    if (seen.size >= max) break;
  }
  return [...seen];
}

/** A token's readable form: the lemma, except the noun of a 하다/되다 verb, which people write alone. */
function readable(term: string, lemma: string): string {
  if (lemma !== term && /^[\uac00-\ud7a3]{2,}$/u.test(term) && lemma.startsWith(term) && /^(하|되|시키|당하)다$/u.test(lemma.slice(term.length))) return term;
  return lemma;
}

/** Document frequencies of content terms (each text counts a term once). */
export function countTerms(texts: Iterable<string>, tokenizer: Tokenizer = defaultTokenizer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const t of new Set(contentTerms(text, tokenizer))) if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts;
}

export interface TrendingOptions extends LogOddsOptions {
  tokenizer?: Tokenizer;
  /** Minimum pair count for collocations; default 3. */
  minCollocationCount?: number;
  maxClusters?: number;
}

export interface Trending {
  keywords: TermScore[];
  collocations: Collocation[];
  clusters: TopicCluster[];
}

/**
 * Terms over-represented in `window` vs `background` (counts may be precomputed with countTerms and
 * stored per period; pass a Map to skip counting the background again).
 */
export function trending(window: readonly string[], background: readonly string[] | ReadonlyMap<string, number>, options: TrendingOptions = {}): Trending {
  const tokenizer = options.tokenizer ?? defaultTokenizer;
  const docs = window.map((t) => contentTerms(t, tokenizer));
  const windowCounts = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) if (t) windowCounts.set(t, (windowCounts.get(t) ?? 0) + 1);
  const bg = background instanceof Map ? background : countTerms(background as readonly string[], tokenizer);
  const keywords = logOdds(windowCounts, bg, options).filter((k) => k.z > 0);
  const colls = collocations(docs, { minCount: options.minCollocationCount ?? 3 });
  const sets = docs.map((d) => new Set(d.filter((t): t is string => t !== null)));
  const clusters = topicClusters(
    keywords.slice(0, 30).map((k) => k.term),
    sets,
    { maxClusters: options.maxClusters },
  );
  return { keywords, collocations: colls, clusters };
}

/** What a listening query is matched against (an item's text, tokens and facets). */
import type { Tokenizer } from '../../../nlp/index.js';

export interface MatchItem {
  text: string;
  /** Terms from the Korean-aware tokenizer, in order (particles stripped, lower-cased, stemmed). */
  tokens: readonly string[];
  hashtags: readonly string[];
  mentions: readonly string[];
  author: { handle?: string | null; followers?: number | null };
  lang?: string | null;
  channel: string;
  kind: string;
  sentiment?: string | null;
  intents: readonly string[];
}

export interface MatchOptions {
  /** Normalises query words; must be the tokenizer that produced the items' tokens. */
  tokenizer?: Tokenizer;
}

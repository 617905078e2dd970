/** The Tokenizer port: search, keywords, listening queries and the classifiers use it. */

export type Script = 'hangul' | 'latin' | 'number' | 'jamo' | 'emoji' | 'other';

export interface Token {
  /** The text as written, a slice of the input. */
  surface: string;
  /**
   * The matching key search and listening queries use: a noun without its particles, a verb's or
   * adjective's stem (갈아탔어요 → 갈아타), a 하다/되다 verb's noun (해지했어요 → 해지), English lower-cased
   * and lightly stemmed.
   */
  term: string;
  /** The dictionary form a person reads: 갈아타다, 불편하다, 국민은행, charge. */
  lemma: string;
  /** UTF-16 offsets into the input: input.slice(start, end) === surface. */
  start: number;
  end: number;
  script: Script;
}

export interface Tokenizer {
  readonly name: string;
  tokenize(text: string): Token[];
  /** Just the terms, in order (same as tokenize(text).map(t => t.term)). */
  terms(text: string): string[];
  /** Just the lemmas, in order (same as tokenize(text).map(t => t.lemma)). */
  lemmas(text: string): string[];
}

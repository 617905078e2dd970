/** The Tokenizer port: search, keywords, listening queries and the classifiers use it. */

export type Script = 'hangul' | 'latin' | 'number' | 'jamo' | 'emoji' | 'other';

export interface Token {
  /** The text as written, a slice of the input. */
  surface: string;
  /** The normalised form: particles and endings stripped, lower-cased, lightly stemmed. */
  term: string;
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
}

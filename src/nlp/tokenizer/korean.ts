/**
 * The default Tokenizer: script runs; Korean words lemmatised (particles off nouns, verbs and adjectives
 * back to their dictionary form); English lower-cased and stemmed.
 */
import type { Script, Token, Tokenizer } from './port.js';
import { readableEnglish, stemEnglish } from './english.js';
import { stripKorean } from './korean-suffixes.js';
import { lemmatize, type Lemma } from './lemma/lemmatize.js';

const TOKEN = /([\uac00-\ud7a3]+)|([\u3131-\u318e]+)|([A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?)|(\d+(?:[.,]\d+)*)|(\p{Extended_Pictographic}(?:\uFE0F)?)|(\p{L}+)/gu;
const ELONGATED = /(.)\1{2,}/gu;

/** Lemmas already computed: words repeat a lot, and a lookup is cheaper than an analysis. */
const cache = new Map<string, Lemma>();
const CACHE_LIMIT = 100_000;

export function koreanLemma(word: string): Lemma {
  const w = word.normalize('NFC');
  const hit = cache.get(w);
  if (hit) return hit;
  const l = lemmatize(w, stripKorean);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(w, l);
  return l;
}

function scriptOf(m: RegExpMatchArray): Script {
  return m[1] ? 'hangul' : m[2] ? 'jamo' : m[3] ? 'latin' : m[4] ? 'number' : m[5] ? 'emoji' : 'other';
}

function termOf(surface: string, script: Script): string {
  switch (script) {
    case 'hangul':
      return koreanLemma(surface).term;
    case 'jamo':
      return surface.replace(ELONGATED, '$1$1');
    case 'latin':
      return stemEnglish(surface.toLowerCase().replace(/’/g, "'").replace(ELONGATED, '$1$1'));
    case 'other':
      return surface.toLowerCase();
    default:
      return surface;
  }
}

function lemmaOf(surface: string, script: Script, term: string): string {
  if (script === 'hangul') return koreanLemma(surface).lemma;
  if (script === 'latin') return readableEnglish(surface.replace(/’/g, "'").replace(ELONGATED, '$1$1'));
  return term;
}

export class KoreanTokenizer implements Tokenizer {
  readonly name = 'korean-lemma';

  tokenize(text: string): Token[] {
    const out: Token[] = [];
    for (const m of text.matchAll(TOKEN)) {
      const surface = m[0];
      const script = scriptOf(m);
      const start = m.index;
      const term = termOf(surface, script);
      out.push({ surface, term, lemma: lemmaOf(surface, script, term), start, end: start + surface.length, script });
    }
    return out;
  }

  terms(text: string): string[] {
    const out: string[] = [];
    for (const m of text.matchAll(TOKEN)) out.push(termOf(m[0], scriptOf(m)));
    return out;
  }

  lemmas(text: string): string[] {
    const out: string[] = [];
    for (const m of text.matchAll(TOKEN)) {
      const script = scriptOf(m);
      out.push(lemmaOf(m[0], script, termOf(m[0], script)));
    }
    return out;
  }
}

export const defaultTokenizer: Tokenizer = new KoreanTokenizer();

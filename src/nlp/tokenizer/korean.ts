/** The default Tokenizer: script runs, Korean particles/endings stripped, English lower-cased and stemmed. */
import type { Script, Token, Tokenizer } from './port.js';
import { stemEnglish } from './english.js';
import { stripKorean } from './korean-suffixes.js';

const TOKEN = /([\uac00-\ud7a3]+)|([\u3131-\u318e]+)|([A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?)|(\d+(?:[.,]\d+)*)|(\p{Extended_Pictographic}(?:\uFE0F)?)|(\p{L}+)/gu;
const ELONGATED = /(.)\1{2,}/gu;

function termOf(surface: string, script: Script): string {
  switch (script) {
    case 'hangul':
      return stripKorean(surface.normalize('NFC'));
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

export class KoreanTokenizer implements Tokenizer {
  readonly name = 'korean-rules';

  tokenize(text: string): Token[] {
    const out: Token[] = [];
    for (const m of text.matchAll(TOKEN)) {
      const surface = m[0];
      const script: Script = m[1] ? 'hangul' : m[2] ? 'jamo' : m[3] ? 'latin' : m[4] ? 'number' : m[5] ? 'emoji' : 'other';
      const start = m.index;
      out.push({ surface, term: termOf(surface, script), start, end: start + surface.length, script });
    }
    return out;
  }

  terms(text: string): string[] {
    const out: string[] = [];
    for (const m of text.matchAll(TOKEN)) {
      const script: Script = m[1] ? 'hangul' : m[2] ? 'jamo' : m[3] ? 'latin' : m[4] ? 'number' : m[5] ? 'emoji' : 'other';
      out.push(termOf(m[0], script));
    }
    return out;
  }
}

export const defaultTokenizer: Tokenizer = new KoreanTokenizer();

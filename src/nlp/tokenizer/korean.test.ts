import { describe, expect, it } from 'vitest';
import { KoreanTokenizer } from './korean.js';
import { runTokenizerContract } from './tokenizer.contract.js';

runTokenizerContract('KoreanTokenizer', () => new KoreanTokenizer());

describe('KoreanTokenizer specifics', () => {
  const tok = new KoreanTokenizer();
  it('squashes elongated jamo runs', () => {
    expect(tok.terms('ㅋㅋㅋㅋㅋ ㅠㅠㅠ')).toEqual(['ㅋㅋ', 'ㅠㅠ']);
  });
  it('keeps numbers whole', () => {
    expect(tok.terms('1,500,000원')).toEqual(['1,500,000', '원']);
  });
});

import { describe, expect, it } from 'vitest';
import { batchimOf, hasBatchim, normalizeText, toJamo } from './normalize.js';

describe('normalize', () => {
  it('NFC, lower case, squashed elongation and folded spaces', () => {
    expect(normalizeText('  ㅋㅋㅋㅋㅋ  SOOOOO   Good!!!!  ')).toBe('ㅋㅋ soo good!!');
    expect(normalizeText('\u1100\u1161')).toBe('가'); // conjoining jamo composed by NFC
  });
  it('받침 helpers', () => {
    expect(hasBatchim('은')).toBe(true);
    expect(hasBatchim('가')).toBe(false);
    expect(batchimOf('물')).toBe('ㄹ');
    expect(batchimOf('a')).toBe('');
  });
  it('splits syllables into jamo', () => {
    expect(toJamo('한글 ok')).toBe('ㅎㅏㄴㄱㅡㄹ ok');
  });
});

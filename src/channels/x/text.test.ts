import { describe, expect, it } from 'vitest';
import { xWeightedLength } from './text.js';

describe("X's weighted length", () => {
  it('counts Latin 1, Hangul and CJK 2', () => {
    expect(xWeightedLength('hello')).toBe(5);
    expect(xWeightedLength('안녕하세요')).toBe(10);
    expect(xWeightedLength('漢字かな')).toBe(8);
    expect(xWeightedLength('café — “ok”')).toBe(11); // accents, dashes and quotes are light
  });

  it('counts an emoji sequence as 2, whatever its code points', () => {
    expect(xWeightedLength('👍')).toBe(2);
    expect(xWeightedLength('👍🏽')).toBe(2);
    expect(xWeightedLength('👨‍👩‍👧')).toBe(2);
    expect(xWeightedLength('🇰🇷')).toBe(2);
  });

  it('counts every URL as 23, bare domains included, e-mail addresses not', () => {
    expect(xWeightedLength('https://www.kbstar.com/quics?page=C012345&QSL=F&very=long')).toBe(23);
    expect(xWeightedLength('자세히: http://a.co')).toBe(8 + 23);
    expect(xWeightedLength('kbstar.com에서')).toBe(23 + 4);
    expect(xWeightedLength('help@kbstar.com')).toBe(15);
  });

  it('normalises decomposed Hangul before counting', () => {
    expect(xWeightedLength('한'.normalize('NFD'))).toBe(2);
  });
});

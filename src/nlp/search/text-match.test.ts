import { describe, expect, it } from 'vitest';
import { charKind, containsSequence, foldText, isKoreanSuffix, matchesAnchored, normalizeTag, termNeedles } from './text-match.js';

const m = (text: string, needle: string): boolean => matchesAnchored(foldText(text), foldText(needle));

describe('isKoreanSuffix', () => {
  it('accepts single and stacked particles', () => {
    for (const s of ['이', '가', '은', '는', '을', '를', '에서', '에서는', '에게도', '이랑은', '으로', '까지도', '처럼', '의', '도', '만', '이에요', '입니다', '이야']) expect(isKoreanSuffix(s), s).toBe(true);
  });

  it('accepts 하다/되다/당하다 endings after a noun', () => {
    for (const s of ['했어요', '했습니다', '하려고', '해주세요', '됐어요', '됩니다', '당했어요', '시켜주세요', '한다', '함']) expect(isKoreanSuffix(s), s).toBe(true);
  });

  it('rejects syllables that make a compound noun', () => {
    for (const s of ['사', '론', '행', '원', '료', '이체', '도용', '할부', '합병', '해외', '한도', '만료', '요금', '가맹점', '나무', '연금']) expect(isKoreanSuffix(s), s).toBe(false);
  });
});

describe('matchesAnchored: the raw-text rule', () => {
  it('matches a Korean term followed by a particle or ending', () => {
    expect(m('국민은행이 또 먹통', '국민은행')).toBe(true);
    expect(m('국민은행에서는 안 된대요', '국민은행')).toBe(true);
    expect(m('국민은행이랑은 거래 안 함', '국민은행')).toBe(true);
    expect(m('어제 카드 해지했어요', '해지')).toBe(true);
    expect(m('정지됐어요', '정지')).toBe(true);
  });

  it('does not match inside a longer word (term start must be a word start)', () => {
    expect(m('국민은행에서', '은행')).toBe(false);
    expect(m('신용카드', '카드')).toBe(false);
    expect(m('happy', 'app')).toBe(false);
  });

  it('does not match a compound noun that only starts with the term', () => {
    expect(m('카드사 너무해', '카드')).toBe(false);
    expect(m('카드론 금리', '카드')).toBe(false);
    expect(m('은행원이 친절', '은행')).toBe(false);
    expect(m('국민연금', '국민')).toBe(false);
  });

  it('matches at script changes, like the tokenizer splits', () => {
    expect(m('KB국민은행이 최고', '국민은행')).toBe(true);
    expect(m('KB국민은행', 'kb')).toBe(true);
    expect(m('앱이 ㅠㅠ', '앱')).toBe(true);
    expect(m('app에서 오류', 'app')).toBe(true);
  });

  it('respects punctuation, whitespace and text edges', () => {
    expect(m('(국민은행)', '국민은행')).toBe(true);
    expect(m('국민은행', '국민은행')).toBe(true);
    expect(m('card.', 'card')).toBe(true);
    expect(m('cards', 'card')).toBe(false);
    expect(m('100원', '10')).toBe(false);
  });

  it('finds a later anchored occurrence after an unanchored one', () => {
    expect(m('국민은행과 은행', '은행')).toBe(true);
    expect(m('카드사 말고 카드가 문제', '카드')).toBe(true);
  });

  it('matches phrases across any whitespace, case-insensitively', () => {
    expect(m('신용카드\n  해지가 안 돼요', '신용카드 해지')).toBe(true);
    expect(m('My CARD was Blocked', 'card was blocked')).toBe(true);
    expect(m('신용카드 해지', '카드 해지')).toBe(false);
  });

  it('never matches an empty needle', () => {
    expect(matchesAnchored('abc', '')).toBe(false);
  });
});

describe('helpers', () => {
  it('classifies characters', () => {
    expect(['가', 'ㅋ', 'a', '7', 'ä', 'я', ' ', '!', undefined].map(charKind)).toEqual(['hangul', 'jamo', 'latin', 'digit', 'latin', 'letter', 'space', 'other', 'other']);
  });

  it('folds text to NFC lower case with single spaces', () => {
    expect(foldText('\u1100\u1161 ABC\t\n x')).toBe('가 abc x');
  });

  it('normalises tags with or without their sigil', () => {
    expect(normalizeTag('#국민은행', '#')).toBe('국민은행');
    expect(normalizeTag('KBStar', '@')).toBe('kbstar');
    expect(normalizeTag('@KBStar', '@')).toBe('kbstar');
  });

  it('finds consecutive token sequences', () => {
    expect(containsSequence(['a', 'b', 'a', 'c'], ['a', 'c'])).toBe(true);
    expect(containsSequence(['a', 'b', 'c'], ['a', 'c'])).toBe(false);
    expect(containsSequence(['a'], ['a', 'b'])).toBe(false);
    expect(containsSequence(['a'], [])).toBe(false);
  });

  it('derives raw needles: as typed plus the stripped Hangul form', () => {
    expect(termNeedles('국민은행에서', ['국민은행'])).toEqual(['국민은행에서', '국민은행']);
    expect(termNeedles('국민은행', ['국민은행'])).toEqual(['국민은행']);
    expect(termNeedles('charges', ['charg'])).toEqual(['charges']);
  });
});

/**
 * The contract every Tokenizer implementation must pass. Each implementation's test file calls
 * runTokenizerContract('name', () => new Impl()); shared cases live here, once.
 */
import { describe, expect, it } from 'vitest';
import type { Tokenizer } from './port.js';
import { LEMMA_FORMS } from './lemma/forms.js';

export function runTokenizerContract(name: string, make: () => Tokenizer): void {
  describe(`Tokenizer contract: ${name}`, () => {
    const tok = make();

    it('strips Korean particles so a bank name has one term', () => {
      for (const form of ['국민은행이', '국민은행은', '국민은행에서', '국민은행을', '국민은행의', '국민은행에서는', '국민은행도']) {
        expect(tok.terms(form)).toEqual(['국민은행']);
      }
    });

    it('strips common particles after nouns with and without 받침', () => {
      expect(tok.terms('카드가 계좌를 대출은 수수료로')).toEqual(['카드', '계좌', '대출', '수수료']);
      expect(tok.terms('돈이 앱으로 금리까지')).toEqual(['돈', '앱', '금리']);
    });

    it('strips verb endings of 하다/되다 verbs down to the noun', () => {
      expect(tok.terms('해지했어요')).toEqual(['해지']);
      expect(tok.terms('신청하고')).toEqual(['신청']);
      expect(tok.terms('문의합니다')).toEqual(['문의']);
      expect(tok.terms('정지됐어요')).toEqual(['정지']);
    });

    it('does not cut nouns that merely end like a particle', () => {
      expect(tok.terms('문의 한도 평가 불만 나이 최고')).toEqual(['문의', '한도', '평가', '불만', '나이', '최고']);
    });

    it('lower-cases and lightly stems English', () => {
      expect(tok.terms('Charges CHARGED charging charge')).toEqual(['charg', 'charg', 'charg', 'charg']);
      expect(tok.terms('Accounts account')).toEqual(['account', 'account']);
      expect(tok.terms('cards card')).toEqual(['card', 'card']);
    });

    it('gives spans that slice back to the surface', () => {
      const text = 'KB국민카드에서 결제 오류 😡 ㅋㅋㅋㅋ 3,000원!!';
      const tokens = tok.tokenize(text);
      expect(tokens.length).toBeGreaterThan(4);
      for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.surface);
      expect(tokens.map((t) => t.term)).toContain('오류');
      expect(tokens.some((t) => t.script === 'emoji')).toBe(true);
      expect(tok.terms(text)).toEqual(tokens.map((t) => t.term));
    });

    it('splits mixed-script words and drops punctuation', () => {
      const terms = tok.terms('KB국민카드, 앱!! app?');
      expect(terms).toContain('kb');
      expect(terms).toContain('국민카드');
      expect(terms).toContain('app');
      expect(terms.join('')).not.toMatch(/[,!?]/);
    });

    it('returns nothing for empty or punctuation-only input', () => {
      expect(tok.terms('')).toEqual([]);
      expect(tok.tokenize('  ...!!  ')).toEqual([]);
    });

    const forms = Object.entries(LEMMA_FORMS).flatMap(([group, list]) => list.map(([surface, lemma]) => ({ group, surface, lemma })));

    it('has at least 300 inflected forms in its contract', () => {
      expect(forms.length).toBeGreaterThanOrEqual(300);
    });

    it.each(forms)('lemmatises $surface → $lemma ($group)', ({ surface, lemma }) => {
      expect(tok.lemmas(surface)).toEqual([lemma]);
      const [t] = tok.tokenize(surface);
      expect(t!.lemma).toBe(lemma);
    });

    it('gives every inflection of one verb the same search term', () => {
      const one = (s: string) => tok.terms(s);
      expect(new Set([...one('갈아탔어요'), ...one('갈아타서'), ...one('갈아탈까'), ...one('갈아타')])).toEqual(new Set(['갈아타']));
      expect(new Set([...one('해지했어요'), ...one('해지할까'), ...one('해지')])).toEqual(new Set(['해지']));
    });

    it('gives English words a readable lemma', () => {
      expect(tok.lemmas('Charges accounts news')).toEqual(['charge', 'account', 'news']);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './defaults.js';
import { RuleSetError, blocks, compileRuleSet, screen, type Finding, type ScreenContext } from './engine.js';
import type { RuleSetDocument } from './rules.js';

const rs = compileRuleSet(DEFAULT_RULES);
const run = (text: string, ctx: ScreenContext = {}) => screen(rs, text, ctx);
const rules = (fs: Finding[], type?: Finding['type']) => fs.filter((f) => !type || f.type === type).map((f) => f.rule);
const sliceBack = (text: string, fs: Finding[]) => fs.every((f) => text.slice(f.start, f.end) === f.text);

describe('prohibited claims', () => {
  it.each([
    ['원금 보장 펀드에 가입하세요', '원금 보장'],
    ['원금보장 상품!', '원금보장'],
    ['원 금 보 장 이벤트', '원 금 보 장'],
    ['원금이 100% 보장됩니다', '원금이 100% 보장'],
    ['확정 수익 연 8%', '확정 수익'],
    ['무조건 수익 나는 투자', '무조건 수익'],
    ['손실 없음! 안심 투자', '손실 없음'],
    ['손실이 전혀 없습니다', '손실이 전혀 없습니다'],
    ['100% 수익 보장', '100% 수익'],
    ['Guaranteed returns of 7% a year', 'Guaranteed returns'],
    ['A risk-free way to grow', 'risk-free'],
  ])('finds the claim in %s', (text, claim) => {
    const found = run(text, { product: 'investment' }).filter((f) => f.type === 'prohibited_claim');
    expect(found.map((f) => f.text)).toContain(claim);
    expect(found.every((f) => f.severity === 'block')).toBe(true);
    expect(sliceBack(text, found)).toBe(true);
  });

  it.each([
    '이 상품은 원금 보장이 되지 않습니다.',
    '예금과 달리 원금이 보장되지 않으며 손실이 날 수 있습니다.',
    '원금을 보장하지 않습니다',
    '확정 수익이 아닙니다',
    '수익을 보장하지 않습니다',
    '원금 비보장 상품입니다',
    'Returns are not guaranteed.',
    'This fund is not risk-free.',
    'There are no guaranteed returns.',
    '원금 손실이 발생할 수 있습니다',
  ])('does not call a negation or a warning a claim: %s', (text) => {
    expect(rules(run(text, { product: 'investment' }), 'prohibited_claim')).toEqual([]);
  });

  it('lets an insured deposit speak of 원금 보장 but not of certain returns', () => {
    expect(rules(run('원금 보장 정기예금, 예금자보호 1억 원까지', { product: 'deposit' }), 'prohibited_claim')).toEqual([]);
    expect(rules(run('원금 보장 확정 수익', { product: 'deposit' }), 'prohibited_claim')).toEqual(['claim.certain_return']);
  });

  it('reports one finding for overlapping rules and warns on superlatives', () => {
    const fs = run('원금 손실이 없습니다', { product: 'investment' }).filter((f) => f.type === 'prohibited_claim');
    expect(fs).toHaveLength(1);
    const sup = run('업계 최저 금리!').find((f) => f.rule === 'claim.superlative');
    expect(sup?.severity).toBe('warn');
  });
});

describe('required disclosures', () => {
  const missing = (text: string, product: ScreenContext['product']) => rules(run(text, { product }), 'missing_disclosure');

  it('deposits need the deposit-protection notice, and a tax basis when a rate is quoted', () => {
    expect(missing('정기예금 연 3.5%', 'deposit')).toEqual(['disclosure.deposit_protection', 'disclosure.deposit_tax_basis', 'disclosure.read_terms']);
    expect(missing('정기예금 연 3.5%(세전). 이 예금은 예금자보호법에 따라 1인당 1억 원까지 보호됩니다. 가입 전 상품설명서를 확인하세요.', 'deposit')).toEqual([]);
    expect(missing('예 금 자 보 호 대상. 약관 확인', 'deposit')).toEqual([]);
  });

  it('loans need the warning sentence and a rate range', () => {
    expect(missing('직장인 신용대출 연 4.5% 부터! 약관 확인', 'loan')).toEqual(['disclosure.loan_warning', 'disclosure.loan_rate_range']);
    expect(missing('직장인 신용대출 연 4.5%~7.9%. 과도한 빚은 당신에게 큰 불행을 안겨줄 수 있습니다. 약관 확인', 'loan')).toEqual([]);
    expect(missing('연 4.5% ~ 연 7.9%. 대출 시 신용평점이 하락할 수 있습니다. 설명서 확인', 'loan')).toEqual([]);
    expect(missing('Personal loan 4.5% to 7.9% APR. Borrowing may lower your credit score. Read the terms and conditions.', 'loan')).toEqual([]);
  });

  it('investments need the loss-of-principal warning; a no-loss claim does not count as one', () => {
    expect(missing('글로벌 펀드 출시. 설명서 확인', 'investment')).toEqual(['disclosure.investment_loss']);
    expect(missing('글로벌 펀드 출시. 원금 손실이 발생할 수 있습니다. 설명서 확인', 'investment')).toEqual([]);
    expect(missing('원금 보장이 되지 않습니다. 설명서 확인', 'investment')).toEqual([]);
    expect(missing('원금 손실이 없습니다. 설명서 확인', 'investment')).toEqual(['disclosure.investment_loss']);
    expect(missing('You may lose some or all of your principal. Product disclosure online.', 'investment')).toEqual([]);
    expect(missing('작년 수익률 12%! 원금 손실 가능. 설명서 확인', 'investment')).toEqual(['disclosure.investment_past_returns']);
  });

  it('cards and insurance have their own disclosures; no product, no disclosure check', () => {
    expect(missing('새 카드 출시, 약관 확인', 'card')).toEqual(['disclosure.card_annual_fee', 'disclosure.card_credit_score']);
    expect(missing('새 카드 연회비 1만 원, 연체 시 신용평점 하락 가능. 약관 확인', 'card')).toEqual([]);
    expect(missing('든든한 보험, 약관 확인', 'insurance')).toEqual(['disclosure.insurance_coverage_limits', 'disclosure.insurance_surrender_value', 'disclosure.insurance_depositor_protection']);
    expect(missing('보장 한도는 약관을 따르며, 해지환급금은 납입보험료보다 적을 수 있고, 예금자보호법에 따라 보호됩니다.', 'insurance')).toEqual([]);
    expect(missing('아무 글', undefined)).toEqual([]);
  });
});

describe('personal data, links and crisis words', () => {
  it('finds personal data through the nlp face', () => {
    const text = '문의: 010-1234-5678 또는 hong@example.com';
    const fs = run(text).filter((f) => f.type === 'personal_data');
    expect(fs.map((f) => f.rule).sort()).toEqual(['pii.email', 'pii.phone']);
    expect(sliceBack(text, fs)).toBe(true);
    expect(run('상담 시간 09:00-18:00, 1588-0000').filter((f) => f.type === 'personal_data')).toEqual([]);
  });

  it('flags links outside the allowed hosts, subdomains of allowed hosts pass', () => {
    const text = '자세히 https://bank.example/deposit, https://evil.example/x 와 www.blog.bank.example/post.';
    const fs = run(text, { knownLinkHosts: ['bank.example'] }).filter((f) => f.type === 'link');
    expect(fs.map((f) => f.text)).toEqual(['https://evil.example/x']);
    expect(sliceBack(text, fs)).toBe(true);
    expect(run('https://bank.example.evil.io/').filter((f) => f.type === 'link')).toHaveLength(1);
  });

  it('holds crisis words back only while the crisis is on', () => {
    const text = '축 하 합니다! 경품 이벤트';
    expect(run(text)).toEqual([]);
    const fs = run(text, { crisis: true });
    expect(fs.map((f) => f.text)).toEqual(['축 하', '경품', '이벤트']);
    expect(blocks(fs)).toBe(true);
  });

  it('keeps UTF-16 offsets across emoji and surrogate pairs', () => {
    const text = '🎉🎉 𝒜 원금보장 🎉';
    const [f] = run(text, { product: 'investment' }).filter((x) => x.type === 'prohibited_claim');
    expect(text.slice(f!.start, f!.end)).toBe('원금보장');
    expect(f!.start).toBe(8); // 🎉🎉 are 2 units each, 𝒜 is 2
  });
});

describe('rule-set compilation', () => {
  const withClaim = (patterns: string[]): RuleSetDocument => ({ ...DEFAULT_RULES, claims: [{ id: 'x.bad', patterns, severity: 'block', message: 'm', source: 's' }] });
  it('refuses invalid, empty-matching and duplicate rules, naming the rule', () => {
    expect(() => compileRuleSet(withClaim(['(unclosed']))).toThrow(RuleSetError);
    expect(() => compileRuleSet(withClaim(['a*']))).toThrow(/matches the empty text/);
    expect(() => compileRuleSet({ ...DEFAULT_RULES, claims: [DEFAULT_RULES.claims[0]!, DEFAULT_RULES.claims[0]!] })).toThrow(/twice/);
    try {
      compileRuleSet(withClaim(['[']));
    } catch (err) {
      expect((err as RuleSetError).ruleId).toBe('x.bad');
    }
  });

  it('never throws on arbitrary text', () => {
    const alphabet = ['원', '금', ' ', '보', '장', '않', 'https://', 'a.b', '.', '\uD800', '😀', '010-', '1234', '%', '~'];
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      let s = '';
      const n = (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 40;
      for (let j = 0; j < n; j++) s += alphabet[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length];
      const fs = run(s, { product: 'investment', crisis: true });
      expect(sliceBack(s, fs)).toBe(true);
    }
  });
});

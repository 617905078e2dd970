/**
 * The seeded Korean default rule set. Sources are cited per rule and explained in
 * docs/publishing-screening.md; compliance reviews and versions them per workspace.
 */
import type { RuleSetDocument } from './rules.js';

const FCPA22 = '금융소비자보호법 제22조(광고 관련 준수사항)';
const GUIDE = '금융광고규제 가이드라인(금융위원회·금융감독원)';
/** A negation right after a Korean phrase, or before an English one, is handled by `negatable`. */
export const DEFAULT_RULES: RuleSetDocument = {
  claims: [
    { id: 'claim.principal_guarantee', phrases: ['원금 보장', '원금 100% 보장'], patterns: ['원\\s*금\\s*(?:이|을|은|의|도)?\\s*(?:100\\s*%\\s*)?(?:전액\\s*)?보\\s*장', '원\\s*금\\s*손\\s*실\\s*(?:이|은)?\\s*(?:전혀\\s*)?없', 'principal[- ]?(?:protected|guaranteed)', 'guaranteed\\s+principal'], severity: 'block', negatable: true, exceptProducts: ['deposit'], message: '원금 보장으로 오인하게 하는 표현 (예금자보호 대상 예금이 아니면 금지)', source: `${FCPA22} 제4항(투자성 상품: 손실보전·이익보장 오인 금지); ${GUIDE}` },
    { id: 'claim.certain_return', phrases: ['확정 수익', '수익 보장', '무조건 수익', '100% 수익', '고수익 보장'], patterns: ['확\\s*정\\s*(?:적\\s*)?(?:인\\s*)?수\\s*익', '수\\s*익\\s*(?:률)?\\s*(?:을|이)?\\s*보\\s*장', 'guaranteed\\s+(?:returns?|profits?|income|yield)', '(?:returns?|profits?)\\s+(?:are\\s+)?guaranteed', '\\b100\\s*%\\s+(?:returns?|profits?)'], severity: 'block', negatable: true, message: '수익을 확정·보장하는 단정적 표현', source: `${FCPA22} 제4항; ${GUIDE} (단정적 판단 제공 금지)` },
    { id: 'claim.no_loss', phrases: ['손실 없음', '손실 제로', '무손실'], patterns: ['손\\s*실\\s*(?:이|은|가)?\\s*(?:전혀\\s*)?없(?:음|습니다|어요|는|다)', '\\brisk[- ]?free\\b', '\\bno\\s+risk\\b', '\\bzero\\s+risk\\b', '\\bcan(?:not|\'t)\\s+lose\\b'], severity: 'block', negatable: true, message: '손실 가능성이 없다는 단정적 표현', source: `${FCPA22} 제4항; ${GUIDE}` },
    { id: 'claim.unconditional', phrases: ['무조건', '누구나 대출', '100% 승인', '100% 대출', '무심사'], patterns: ['\\bguaranteed\\s+approval\\b', '\\bno\\s+credit\\s+check\\b'], severity: 'block', negatable: false, message: '조건 없이 누구나 혜택·승인을 받는다는 과장 표현', source: `${GUIDE} (과장·단정 표현); 대부업법 제9조(대부업체 광고)` },
    { id: 'claim.superlative', phrases: ['업계 최고', '업계 최저', '국내 최고', '국내 최저', '최고 금리', '최저 금리'], patterns: ['\\b(?:best|lowest|highest)\\s+(?:rates?|interest)\\b'], severity: 'warn', negatable: false, message: '최고·최저 표현은 객관적 근거와 기준일을 함께 밝혀야 함', source: `${FCPA22} 제4항(객관적 근거 없는 비교 금지); ${GUIDE}` },
  ],
  disclosures: [
    { id: 'disclosure.deposit_protection', products: ['deposit'], anyOf: ['예\\s*금\\s*자\\s*보\\s*호', 'deposit\\s+(?:insurance|protection)', '\\bKDIC\\b'], severity: 'block', message: '예금자보호 안내 문구 (1인당 1억 원 한도, 2025.9.1부터)', source: '예금자보호법 제29조의2(보호금융상품 안내); 같은 법 시행령 한도 1억 원' },
    { id: 'disclosure.deposit_tax_basis', products: ['deposit'], when: '\\d+(?:\\.\\d+)?\\s*%', anyOf: ['세\\s*전', '세\\s*후', 'before\\s+tax', 'after\\s+tax', 'pre-tax'], severity: 'warn', message: '금리를 밝힐 때 세전·세후 구분', source: `${GUIDE} (금리 표시)` },
    { id: 'disclosure.loan_warning', products: ['loan'], anyOf: ['과\\s*도\\s*한\\s*빚', '(?:대\\s*출|차\\s*입).{0,30}신\\s*용\\s*(?:등\\s*급|평\\s*점|점\\s*수).{0,20}(?:하\\s*락|떨어|낮아)', '신\\s*용\\s*(?:등\\s*급|평\\s*점|점\\s*수).{0,20}(?:하\\s*락|떨어|낮아)', 'credit\\s+score.{0,30}(?:lower|drop|fall)', '(?:lower|reduce|hurt)\\s+(?:your\\s+)?credit\\s+score', 'excessive\\s+debt'], severity: 'block', message: '대출 경고 문구 ("과도한 빚은 당신에게 큰 불행을 안겨줄 수 있습니다", "대출 시 신용평점이 하락할 수 있습니다")', source: `${FCPA22} 제3항(대출성 상품); 대부업법 제9조 제2항(경고문구)` },
    { id: 'disclosure.loan_rate_range', products: ['loan'], anyOf: ['\\d+(?:\\.\\d+)?\\s*%?\\s*(?:[~∼〜–-]|부터|to)\\s*(?:연\\s*)?\\d+(?:\\.\\d+)?\\s*%'], severity: 'block', message: '대출 금리의 범위 (예: 연 4.5%~7.9%)', source: `${FCPA22} 제3항 및 시행령(이자율의 범위·산출기준); 금감원 대출 광고 점검 항목(2025.4)` },
    { id: 'disclosure.investment_loss', products: ['investment'], anyOf: ['원\\s*금\\s*(?:의\\s*)?(?:일부\\s*(?:또는|나)\\s*전부\\s*(?:에\\s*)?)?(?:손\\s*실|손\\s*해)', '원\\s*금\\s*(?:이|은)?\\s*보\\s*장\\s*(?:되지|하지)\\s*않', '원\\s*금\\s*보\\s*장\\s*(?:이|은)?\\s*(?:되지|안)', '원\\s*금\\s*비\\s*보\\s*장', 'loss\\s+of\\s+(?:your\\s+)?principal', 'lose\\s+(?:some\\s+or\\s+all\\s+of\\s+)?(?:your\\s+)?(?:principal|money|investment)', 'not\\s+guaranteed'], severity: 'block', message: '원금 손실 가능성 안내', source: `${FCPA22} 제3항(투자성 상품: 투자에 따른 위험)` },
    { id: 'disclosure.investment_past_returns', products: ['investment'], when: '수\\s*익\\s*률|\\d+(?:\\.\\d+)?\\s*%|\\breturns?\\b', anyOf: ['과\\s*거.{0,20}(?:미\\s*래|보\\s*장)', 'past\\s+performance'], severity: 'warn', message: '과거 운용실적이 미래 수익을 보장하지 않는다는 안내', source: `${FCPA22} 제3항(과거 운용실적)` },
    { id: 'disclosure.card_annual_fee', products: ['card'], anyOf: ['연\\s*회\\s*비', 'annual\\s+fee'], severity: 'block', message: '연회비 안내', source: `${FCPA22} 제3항; 여신전문금융업법 제50조의11(광고의 기준)` },
    { id: 'disclosure.card_credit_score', products: ['card'], anyOf: ['신\\s*용\\s*(?:등\\s*급|평\\s*점|점\\s*수)', 'credit\\s+score'], severity: 'warn', message: '카드 발급·연체 시 신용평점 하락 가능 안내', source: '여신금융협회 광고심의 기준' },
    { id: 'disclosure.insurance_coverage_limits', products: ['insurance'], anyOf: ['보\\s*장\\s*(?:한\\s*도|제\\s*한|제\\s*외)', '보\\s*험\\s*금.{0,15}(?:지\\s*급\\s*)?(?:제\\s*한|감\\s*액)', '면\\s*책', 'coverage\\s+limit'], severity: 'block', message: '보장 한도·제한(감액·면책) 안내', source: `${FCPA22} 제4항(보장성: 보장한도·감액지급 누락 금지); 생명·손해보험협회 광고심의규정` },
    { id: 'disclosure.insurance_surrender_value', products: ['insurance'], anyOf: ['해\\s*지\\s*환\\s*급\\s*금', 'surrender\\s+value'], severity: 'block', message: '해지환급금이 납입보험료보다 적을 수 있다는 안내', source: `${FCPA22} 제3항(보장성 상품)` },
    { id: 'disclosure.insurance_depositor_protection', products: ['insurance'], anyOf: ['예\\s*금\\s*자\\s*보\\s*호', 'deposit\\s+(?:insurance|protection)'], severity: 'block', message: '예금자보호 안내 문구', source: '예금자보호법 제29조의2' },
    { id: 'disclosure.read_terms', products: ['deposit', 'loan', 'investment', 'card', 'insurance'], anyOf: ['설\\s*명\\s*서', '약\\s*관', 'terms\\s+and\\s+conditions', 'product\\s+(?:description|disclosure)'], severity: 'warn', message: '계약 전 상품설명서·약관을 읽어보라는 권유', source: `${FCPA22} 제3항` },
  ],
  personalData: { severity: 'block', source: '개인정보 보호법 제17조·제18조; 신용정보법 제32조·제33조' },
  links: { severity: 'warn', allowedHosts: [], source: '내부통제기준(광고물 링크는 승인된 도메인과 추적 링크만)' },
  crisis: { severity: 'block', words: ['축하', '이벤트', '경품', '대박', '축제', '행운', '파격', '역대급', 'celebrate', 'giveaway', 'party', 'huge win'], source: '위기 대응 커뮤니케이션 지침(워크스페이스 설정)' },
};

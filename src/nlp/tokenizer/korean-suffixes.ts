/** Korean particles (조사) and verb/adjective endings (어미) stripped by the default tokenizer. */
import { batchimOf, hasBatchim } from '../text/normalize.js';

/** Particles of two or more syllables, and stacked particles; safe after any stem of one syllable or more. */
const LONG_PARTICLES = [
  '에서부터',
  '으로부터',
  '에서는',
  '에서도',
  '에서만',
  '에게서',
  '한테서',
  '으로는',
  '으로도',
  '으로만',
  '이라도',
  '이라고',
  '이라는',
  '이란',
  '에게는',
  '에게도',
  '한테는',
  '까지는',
  '까지도',
  '부터는',
  '보다는',
  '처럼',
  '만큼',
  '같이',
  '에서',
  '에게',
  '한테',
  '으로',
  '까지',
  '부터',
  '보다',
  '께서',
  '이랑',
  '하고',
  '마저',
  '조차',
  '밖에',
  '에는',
  '에도',
  '에만',
  '로는',
  '로도',
  '로만',
  '이나',
  '이든',
  '이며',
  '이요',
  '라도',
  '라고',
  '라는',
  '란',
  '든지',
  '이에요',
  '예요',
  '입니다',
  '이죠',
  '인데',
  '인가요',
];

/** One-syllable particles, with the 받침 condition their form implies (undefined: either). */
const SHORT_PARTICLES: Array<[string, boolean | undefined]> = [
  ['이', true],
  ['가', false],
  ['은', true],
  ['는', false],
  ['을', true],
  ['를', false],
  ['과', true],
  ['와', false],
  ['로', undefined],
  ['에', undefined],
  ['의', undefined],
  ['도', undefined],
  ['만', undefined],
  ['나', false],
  ['랑', false],
  ['요', undefined],
];

/**
 * Endings, longest first at match time. Verb stems keep their last syllable (해지하다 → 해지 via the
 * 하다 family, 좋아요 → 좋).
 */
const ENDINGS = [
  // 하다 / 되다 family: the noun before them is the term
  '하겠습니다',
  '하였습니다',
  '했었는데',
  '했습니다',
  '합니다',
  '하십시오',
  '하세요',
  '해주세요',
  '해주십시오',
  '해줘요',
  '해줘',
  '해주고',
  '해주는',
  '해주면',
  '해야',
  '했어요',
  '했는데',
  '했지만',
  '했다가',
  '했고',
  '했다',
  '했어',
  '했음',
  '하는데',
  '하려고',
  '하려면',
  '하려는',
  '하고',
  '하는',
  '하면',
  '하며',
  '해서',
  '해도',
  '해요',
  '한다',
  '하다',
  '하지',
  '하게',
  '할게요',
  '할까요',
  '할게',
  '할려고',
  '할래요',
  '할',
  '한',
  '함',
  '해',
  '됐어요',
  '됐습니다',
  '되었습니다',
  '되었어요',
  '됩니다',
  '되나요',
  '되요',
  '돼요',
  '됐는데',
  '되는데',
  '됐다',
  '되는',
  '되어',
  '되고',
  '되면',
  '돼서',
  '되서',
  '되다',
  '된다',
  '된',
  '됨',
  '돼',
  '시켜주세요',
  '시켰어요',
  '시켜',
  '당했어요',
  '당했습니다',
  '당함',
  '당했',
  // general endings (two syllables or more)
  '었습니다',
  '았습니다',
  '습니다',
  '었어요',
  '았어요',
  '었는데',
  '았는데',
  '어서요',
  '아서요',
  '는데요',
  '던데요',
  '네요',
  '군요',
  '나요',
  '는데',
  '던데',
  '지만',
  '어요',
  '아요',
  '어서',
  '아서',
  '으면',
  '으니',
  '니까',
  '어야',
  '아야',
  '지요',
  '죠',
  '겠어요',
  '겠다',
  '었다',
  '았다',
  '었고',
  '았고',
  '었음',
  '았음',
  '거든요',
  '잖아요',
  '는지',
  '은지',
  '려고',
  '으려고',
  '고요',
  '구요',
  '는다',
  '어라',
  '아라',
  '자고',
  '세요',
  '으세요',
  '십시오',
  '음',
];

/** Nouns whose last syllable looks like a particle or ending: never stripped. */
const PROTECTED_ENDINGS = [
  '문의',
  '동의',
  '회의',
  '주의',
  '의의',
  '합의',
  '강의',
  '정의',
  '한도',
  '제도',
  '정도',
  '속도',
  '태도',
  '용도',
  '인도',
  '결과',
  '효과',
  '사과',
  '고양이',
  '어린이',
  '아이',
  '사이',
  '차이',
  '종이',
  '나이',
  '평가',
  '물가',
  '주가',
  '증가',
  '추가',
  '휴가',
  '국가',
  '단가',
  '원가',
  '대가',
  '시가',
  '종가',
  '불만',
  '천만',
  '백만',
  '억만',
  '하나',
  '우리',
  '경로',
  '도로',
  '자료',
  '보험료',
  '수수료',
  '이자',
  '아직',
  '신한',
  '사기',
  '해지',
  '연체',
  '계좌',
  '대출',
  '카드',
  '은행',
  '증권',
  '보험',
  '예금',
  '적금',
  '한도',
  '이체',
  '송금',
  '환불',
  '민원',
  '상담',
  '직원',
  '앱',
  '로그인',
  '오류',
  '먹통',
  '최고',
  '최악',
  '진짜',
  '정말',
  '너무',
  '완전',
  '가입',
  '탈퇴',
  '신청',
  '재발급',
  '발급',
  '분실',
  '도용',
  '스미싱',
  '보이스피싱',
  '이용',
  '사용',
  '결제',
  '승인',
  '거래',
  '입금',
  '출금',
  '잔액',
  '통장',
  '고객',
  '금리',
  '금융',
  '투자',
  '주식',
  '펀드',
  '연금',
  '청구',
  '보상',
  '지급',
  '해외',
  '한국',
  '국민',
  '기업',
  '농협',
  '하나은행',
  '토스',
  '케이뱅크',
  '카카오',
  '카카오뱅크',
  '삼성',
  '현대',
  '롯데',
  '비씨',
  '우체국',
  '새마을',
  '수협',
  '미래에셋',
  '키움',
  '모바일',
  '인터넷',
  '서비스',
  '이벤트',
  '포인트',
  '혜택',
  '할인',
  '상품',
  '문자',
  '전화',
  '비밀번호',
  '인증',
  '인증서',
  '본인',
  '명의',
  '기간',
  '만기',
  '해약',
  '환급',
  '납입',
  '사고',
  '피해',
  '신고',
  '차단',
  '정지',
  '해제',
  '변경',
  '조회',
  '확인',
  '처리',
  '개설',
  '해외결제',
  '부정사용',
  '엉망',
  '별로',
  '감사',
];

const PROTECTED = new Set(PROTECTED_ENDINGS);
const LONG_SET = new Set(LONG_PARTICLES);
const ENDING_SET = new Set(ENDINGS);
const MAX_PARTICLE = Math.max(...LONG_PARTICLES.map((p) => p.length));
const MAX_ENDING = Math.max(...ENDINGS.map((e) => e.length));
const SHORT = new Map(SHORT_PARTICLES);

function endsWithProtected(word: string): boolean {
  for (let n = Math.min(word.length, 5); n >= 2; n--) {
    if (PROTECTED.has(word.slice(word.length - n))) return true;
  }
  return false;
}

/** Stems already computed: words repeat a lot, and lookups are cheaper than stripping. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Strips one particle (stacked forms count as one) or one ending, whichever is longer; returns the stem. */
export function stripKorean(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let stem = word;
  if (word.length > 1 && !PROTECTED.has(word)) {
    const byParticle = stripParticle(word);
    const byEnding = stripEnding(word);
    stem = byEnding.length < byParticle.length ? byEnding : byParticle;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, stem);
  return stem;
}

function stripParticle(word: string): string {
  const protectedWord = endsWithProtected(word);
  // longest particle first (suffix lengths from the longest down to 2)
  for (let n = Math.min(MAX_PARTICLE, word.length - 1); n >= 1; n--) {
    const p = word.slice(word.length - n);
    if (!LONG_SET.has(p)) continue;
    const stem = word.slice(0, -n);
    if (protectedWord && !endsWithProtected(stem)) continue;
    return stem;
  }
  const last = word[word.length - 1]!;
  const needsBatchim = SHORT.get(last);
  if (!SHORT.has(last)) return word;
  const stem = word.slice(0, -1);
  if (protectedWord) return word;
  const prev = stem[stem.length - 1]!;
  if (needsBatchim !== undefined && hasBatchim(prev) !== needsBatchim) {
    // 으로/로: 로 also follows ㄹ 받침 (서울로)
    if (!(last === '로' && batchimOf(prev) === 'ㄹ')) return word;
  }
  const minStem = needsBatchim === true ? 1 : 2;
  return stem.length >= minStem ? stem : word;
}

function stripEnding(word: string): string {
  if (endsWithProtected(word)) return word;
  for (let n = Math.min(MAX_ENDING, word.length - 1); n >= 1; n--) {
    if (!ENDING_SET.has(word.slice(word.length - n))) continue;
    if (n === 1 && word.length - 1 < 2) continue;
    return word.slice(0, -n);
  }
  return word;
}

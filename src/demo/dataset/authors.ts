/**
 * The people (and accounts) of the demo. All fictional: names, handles, follower counts and e-mail
 * addresses (example.com / example.net / example.org) were made up for Sotong.
 * A handle is also the author's id, so "@handle" in a post's text is a mention of that author.
 */
import type { DemoAuthor } from '../types.js';

type Row = [handle: string, displayName: string, followers: number, verified?: boolean, org?: 'bank' | 'competitor'];

const DOMAINS = ['example.com', 'example.net', 'example.org'];

const ROWS: Row[] = [
  // The brand's own accounts (their posts are outbound) and the fictional competitors.
  ['hanbitbank', '한빛은행 Hanbit Bank', 128_400, true, 'bank'],
  ['hanbitcard', '한빛카드 Hanbit Card', 64_200, true, 'bank'],
  ['hanbit_care', '한빛은행 고객센터', 9_870, true, 'bank'],
  ['nuribank', '누리은행', 97_300, true, 'competitor'],
  ['daoncard', '다온카드', 53_100, true, 'competitor'],

  // Big mouths: many followers, widely reposted.
  ['moneytalk_kim', '머니톡 김대리', 182_000, true],
  ['techjun', '테크준 TechJun', 254_000, true],
  ['fin_watchdog', '금융소비자지킴이', 73_500],
  ['kfinance_daily', 'K-Finance Daily', 96_200, true],
  ['sam_in_seoul', 'Sam in Seoul', 41_300],
  ['reporter_yoon', '윤서진 기자 (경제부)', 58_700, true],

  // Customers writing in Korean.
  ['jiyoon_p', '박지윤', 412],
  ['minsu0412', '김민수', 138],
  ['hyejin_lee', '이혜진', 1_204],
  ['dh_choi', '최동현', 87],
  ['sora_day', '한소라', 2_310],
  ['yoonah_k', '강윤아', 356],
  ['coffee_ju', '주연☕', 981],
  ['gamer_taeho', '태호', 1_677],
  ['twins_mom', '쌍둥이맘 서린', 3_420],
  ['jw_park', '박재원', 64],
  ['sunny_h', '황선희', 205],
  ['kang_sajang', '강사장 (분식집)', 742],
  ['dayeon_student', '다연', 318],
  ['oh_retired', '오영철', 41],
  ['nurse_minji', '간호사 민지', 2_045],
  ['dev_hyunwoo', '현우 dev', 1_530],
  ['yuna_travels', '유나의 여행일기', 8_760],
  ['bong_ajussi', '봉씨아저씨', 95],
  ['chaewon_s', '서채원', 623],
  ['gyuri_m', '문규리', 277],
  ['seokjin_b', '배석진', 154],
  ['newlywed_jh', '신혼부부 재희', 1_980],
  ['freelancer_woo', '프리랜서 우진', 864],
  ['mk_jung', '정민경', 190],
  ['haneul_94', '하늘', 505],
  ['sangwoo_lim', '임상우', 73],
  ['eunji_art', '은지 그림일기', 4_310],
  ['jaemin_runs', '재민', 699],
  ['granny_kim', '김순자', 12],
  ['youngsoo_c', '조영수', 233],
  ['ara_shop', '아라네 공방', 2_760],
  ['taxi_driver_lee', '이기사', 58],
  ['bora_hr', '보라 (인사팀)', 446],
  ['juhyun_fin', '주현 재테크', 12_600],

  // Customers writing in English (expats, students, visitors).
  ['mike_in_busan', 'Mike Turner', 1_120],
  ['priya_codes', 'Priya Nair', 3_050],
  ['linh_ng', 'Linh Nguyen', 389],
  ['jake_teaches', 'Jake Morrison', 742],
  ['anna_kowalski', 'Anna Kowalski', 2_190],
  ['omar_h', 'Omar Haddad', 511],
  ['emily_ross', 'Emily Ross', 1_460],
  ['dan_cho', 'Daniel Cho', 934],
  ['ben_nomad', 'Ben Alvarez', 6_870],
  ['sofia_m', 'Sofia Marquez', 318],
  ['tom_visits', 'Tom Becker', 97],

  // Spam and ads.
  ['loan_king88', '대출왕 💰', 15],
  ['coin_gainz', 'CoinGainz 🚀', 2_300],
  ['coupon_bot', '오늘의쿠폰', 880],
];

export const demoAuthors: readonly DemoAuthor[] = ROWS.map(([handle, displayName, followers, verified, org], i) => ({
  id: handle,
  handle,
  displayName,
  followers,
  verified: verified ?? false,
  ...(org ? { org } : {}),
  email: org === 'bank' ? `${handle.replace(/_/g, '.')}@hanbit-bank.example.com` : `${handle.replace(/_/g, '.')}@${DOMAINS[i % DOMAINS.length]}`,
}));

export const BIG_MOUTHS: readonly string[] = ['moneytalk_kim', 'techjun', 'fin_watchdog', 'kfinance_daily', 'sam_in_seoul', 'reporter_yoon'];

/**
 * Who follows whom, for the network: every customer follows the bank and one to three big mouths
 * (chosen deterministically), and big mouths follow each other a little.
 */
export const demoFollows: ReadonlyArray<readonly [follower: string, followed: string]> = (() => {
  const out: Array<readonly [string, string]> = [];
  const customers = demoAuthors.filter((a) => !a.org && !BIG_MOUTHS.includes(a.id));
  customers.forEach((a, i) => {
    out.push([a.id, 'hanbitbank']);
    const n = 1 + (i % 3);
    for (let k = 0; k < n; k++) out.push([a.id, BIG_MOUTHS[(i * 7 + k * 5) % BIG_MOUTHS.length]!]);
    if (i % 4 === 0) out.push([a.id, 'hanbitcard']);
  });
  BIG_MOUTHS.forEach((b, i) => out.push([b, BIG_MOUTHS[(i + 1) % BIG_MOUTHS.length]!]));
  const seen = new Set<string>();
  return out.filter(([a, b]) => a !== b && !seen.has(`${a}>${b}`) && seen.add(`${a}>${b}`));
})();

/** YouTube: comments under 한빛은행's own videos and under a popular reviewer's video about the app. */
import { on } from './build.js';
import type { DemoPost } from '../types.js';

const YT = on('youtube');

export const youtubePosts: DemoPost[] = [
  // The reviewer's video: big audience, mixed opinions.
  YT.post('yt-001', 260, 'techjun', 'neutral', '은행 앱 5종 비교 리뷰! 한빛은행 3.0 vs 누리은행 vs 인터넷은행… 속도, 보안, 편의성 직접 써봤습니다', { title: '은행 앱 5종 솔직 비교 (한빛은행 3.0 포함)' }),
  YT.comment('yt-002', 'yt-001', 266, 'dev_hyunwoo', 'praise', '한빛 3.0 이체 속도 실측 보여주신 거 좋네요. 체감상으로도 확실히 빨라짐'),
  YT.comment('yt-003', 'yt-001', 270, 'minsu0412', 'complaint', '속도는 빨라졌는데 용량이 너무 커요 ㅠ 구형폰은 버벅여요'),
  YT.comment('yt-004', 'yt-001', 274, 'gamer_taeho', 'neutral', '11:32 누리은행 앱 UI 진짜 게임같음 ㅋㅋㅋㅋ'),
  YT.comment('yt-005', 'yt-001', 279, 'sam_in_seoul', 'complaint', 'Would love an English version of this comparison. From my side: Hanbit app still fails at English error messages, Nuri wins for foreigners.'),
  YT.reply('yt-006', 'yt-005', 285, 'techjun', 'neutral', '@sam_in_seoul Good point! Planning an English-subtitled version next week.'),
  YT.reply('yt-007', 'yt-005', 291, 'anna_kowalski', 'praise', '@sam_in_seoul Agreed. Nuri onboarding took me 10 minutes fully in English.'),
  YT.comment('yt-008', 'yt-001', 296, 'jiyoon_p', 'churn', '영상 보고 누리은행으로 주거래 옮기기로 결심함… 한빛 앱 로그인 오류에 지쳤어요'),
  YT.comment('yt-009', 'yt-001', 303, 'seokjin_b', 'inquiry', '보안 항목에서 한빛은행 점수가 낮은 이유가 뭔가요? 간편비밀번호 때문인가요?'),
  YT.reply('yt-010', 'yt-009', 311, 'techjun', 'neutral', '@seokjin_b 이상거래 알림이 늦게 오는 편이라서요. 나머지는 비슷했습니다.'),
  YT.comment('yt-011', 'yt-001', 318, 'coin_gainz', 'spam', 'Banks are dead 🚀 Real money is in our AI trading bot, 500% returns, check my channel'),
  YT.comment('yt-012', 'yt-001', 325, 'hyejin_lee', 'praise', '저는 한빛 큰글씨모드 때문에 부모님 폰엔 무조건 한빛 깔아드려요. 이 부분도 다뤄주셔서 감사!'),
  YT.comment('yt-013', 'yt-001', 333, 'ben_nomad', 'neutral', 'Watching from Da Nang. The Hanbit travel card segment at the end was useful, thanks.'),
  YT.comment('yt-014', 'yt-001', 346, 'loan_king88', 'spam', '은행 거절? 대출왕에서 무조건 승인 💰 카톡 ID loanking88'),
  YT.comment('yt-015', 'yt-001', 358, 'haneul_94', 'complaint', '한빛은행은 앱보다 상담원 연결이 문제임… 챗봇이 계속 같은 말만 반복해요'),
  YT.comment('yt-016', 'yt-001', 372, 'jw_park', 'neutral', '결론: 다 비슷하다 ㅋㅋ 쓰던 거 쓰자'),

  // 한빛은행's own explainer on 보이스피싱.
  YT.post('yt-017', 480, 'hanbitbank', 'fraud', '[한빛은행 금융사기 예방] 요즘 유행하는 보이스피싱·스미싱 수법 5가지와 대처 방법을 알려드립니다.', { title: '보이스피싱, 이렇게 속습니다 | 한빛은행 금융사기 예방 캠페인' }),
  YT.comment('yt-018', 'yt-017', 486, 'twins_mom', 'praise', '부모님 단톡방에 바로 공유했어요. 짧고 이해하기 쉬워서 좋네요'),
  YT.comment('yt-019', 'yt-017', 491, 'freelancer_woo', 'fraud', '영상 2번 수법 그대로 저한테도 왔었어요. 대출 갈아타기 해준다고 기존 대출 상환하라고… 안 속아서 다행'),
  YT.comment('yt-020', 'yt-017', 497, 'oh_retired', 'inquiry', '저금리 대출 전환 전화가 한빛은행 번호로 왔는데 이것도 가짜일 수 있나요?'),
  YT.reply('yt-021', 'yt-020', 504, 'hanbitbank', 'neutral', '네, 발신번호도 조작될 수 있습니다. 끊고 대표번호(1588-0000)로 직접 다시 걸어 확인해 주세요.'),
  YT.comment('yt-022', 'yt-017', 512, 'mk_jung', 'fraud', '저희 엄마는 이미 당하셨어요… 검찰 사칭 전화 받고 1200만원 이체. 영상이 1년만 빨랐어도'),
  YT.reply('yt-023', 'yt-022', 520, 'nurse_minji', 'neutral', '@mk_jung 너무 속상하시겠어요. 경찰 신고하고 피해구제 신청하면 일부라도 돌려받을 수 있대요'),
  YT.comment('yt-024', 'yt-017', 528, 'jake_teaches', 'inquiry', 'Is there a version with English subtitles? Half my adult students are targeted by these calls.'),
  YT.comment('yt-025', 'yt-017', 536, 'granny_kim', 'praise', '좋은 영상 감사합니다 조심하겟습니다'),
  YT.comment('yt-026', 'yt-017', 544, 'gyuri_m', 'complaint', '영상은 좋은데 정작 피해 신고하면 처리가 너무 느려요. 지인 건 2주째 답 없음'),

  // 한빛카드's ad video.
  YT.post('yt-027', 780, 'hanbitcard', 'purchase', '한빛카드 Daily+ | 출퇴근이 즐거워지는 10% 할인', { title: '한빛카드 Daily+ 광고 (15초)' }),
  YT.comment('yt-028', 'yt-027', 785, 'coffee_ju', 'purchase', '광고 보고 발급 신청함ㅋㅋ 커피 할인 제발 동네카페도 되길'),
  YT.comment('yt-029', 'yt-027', 790, 'bora_hr', 'neutral', 'BGM 뭔가요? 계속 귀에 맴돌아요'),
  YT.comment('yt-030', 'yt-027', 796, 'moneytalk_kim', 'inquiry', '실적 30만원에 교통비 포함되는지 공식 답변 주시면 제 채널에서 정리해서 알려드릴게요 @hanbitcard'),
  YT.reply('yt-031', 'yt-030', 806, 'hanbitcard', 'neutral', '@moneytalk_kim 대중교통 이용금액도 전월실적에 포함됩니다! 단, 할인받은 금액은 실적에서 제외돼요.'),
  YT.reply('yt-032', 'yt-031', 812, 'moneytalk_kim', 'praise', '@hanbitcard 빠른 답변 감사합니다. 그럼 사회초년생 원픽 인정 👍'),
  YT.reply('yt-033', 'yt-031', 818, 'dayeon_student', 'purchase', '오 그럼 저도 만들래요'),
  YT.comment('yt-034', 'yt-027', 829, 'sunny_h', 'complaint', '광고비 쓰실 돈으로 연회비나 내려주세요'),
  YT.comment('yt-035', 'yt-027', 841, 'priya_codes', 'inquiry', 'Can foreigners apply for Daily+ online or is it branch only?'),
  YT.comment('yt-036', 'yt-027', 856, 'youngsoo_c', 'churn', '이미 누리은행으로 다 옮겨서 관심 없음'),
  YT.comment('yt-037', 'yt-027', 870, 'eunji_art', 'praise', '광고 일러스트 너무 귀여워요 🐰 캐릭터 굿즈 내주세요'),
  YT.comment('yt-038', 'yt-027', 884, 'coupon_bot', 'spam', '한빛카드 쓰는 분들 5천원 쿠폰 받아가세요 👉 coupon-today.example.net'),

  // Later comments on the reviewer's video.
  YT.comment('yt-039', 'yt-001', 1030, 'juhyun_fin', 'neutral', '재테크 관점에서는 앱보다 금리가 중요하죠. 다음엔 예적금 금리 비교 부탁드려요'),
  YT.comment('yt-040', 'yt-001', 1075, 'omar_h', 'inquiry', 'Which of these apps lets you change the phone number without visiting a branch? Mine changed when I switched carriers.'),
  YT.comment('yt-041', 'yt-001', 1130, 'chaewon_s', 'complaint', '한빛은행 앱에서 환불 진행 상황 조회하는 기능 좀 만들어주세요… 상담원 연결 말고는 알 방법이 없어요'),
  YT.comment('yt-042', 'yt-001', 1190, 'linh_ng', 'praise', 'Thanks to this video I opened a Hanbit account, the branch staff were so kind to international students 💙'),
  YT.comment('yt-043', 'yt-017', 1250, 'dan_cho', 'fraud', 'My dad got a text pretending to be Hanbit Bank asking him to "verify his account" at a link. Reported it to 118. Please keep making these videos.'),
  YT.comment('yt-044', 'yt-027', 1300, 'kang_sajang', 'inquiry', '사업자카드도 Daily+ 혜택 적용되나요?'),
  YT.comment('yt-045', 'yt-027', 1340, 'tom_visits', 'neutral', 'Catchy ad, even without understanding a word of it.'),
];

/** X (Twitter): posts, reply chains, reposts and quotes around a few big accounts, and one DM thread. */
import { on } from './build.js';
import type { DemoPost } from '../types.js';

const X = on('x');

export const xPosts: DemoPost[] = [
  // 머니톡 김대리 on the annual-fee change: the most reposted post of the demo.
  X.post(
    'x-001',
    14,
    'moneytalk_kim',
    ['complaint', 'churn'],
    '한빛카드 연회비 다음 달부터 1만5천원→2만5천원 인상이랍니다. 혜택은 그대로인데 연회비만 오름ㅋㅋ 다온카드 비슷한 상품은 아직 1만원대예요. 갈아탈지 고민되는 분들 정리글 곧 올릴게요 🧾',
  ),
  X.repost('x-002', 'x-001', 16, 'jiyoon_p'),
  X.repost('x-003', 'x-001', 17, 'gamer_taeho'),
  X.reply('x-004', 'x-001', 18, 'minsu0412', 'complaint', '@moneytalk_kim 헐 문자도 안 왔는데요?? 저 자동갱신 다음 달인데 ㅠㅠ'),
  X.repost('x-005', 'x-001', 19, 'coffee_ju'),
  X.reply('x-006', 'x-004', 21, 'moneytalk_kim', 'neutral', '@minsu0412 앱 공지사항에만 올라왔어요. 갱신 전에 확인해보세요!'),
  X.quote('x-007', 'x-001', 23, 'fin_watchdog', 'complaint', '혜택 축소 없이 연회비만 67% 인상. 고지 방식도 앱 공지 한 줄이면 충분하다고 보기 어렵습니다. 약관 변경 고지 기준 확인 요청합니다. @hanbitcard'),
  X.repost('x-008', 'x-001', 25, 'sunny_h'),
  X.repost('x-009', 'x-007', 27, 'hyejin_lee'),
  X.reply('x-010', 'x-001', 29, 'sora_day', 'churn', '이번 기회에 해지하고 다온카드로 갈아타야겠다… 실적 채우기도 빡센데 연회비까지 ㅡㅡ'),
  X.repost('x-011', 'x-001', 31, 'dayeon_student'),
  X.repost('x-012', 'x-001', 34, 'juhyun_fin'),
  X.quote('x-013', 'x-001', 36, 'juhyun_fin', 'inquiry', '연회비 인상 전 갱신하면 기존 금액 적용되는지 아시는 분? 작년 다온카드 때는 그랬는데'),
  X.reply('x-014', 'x-013', 40, 'jaemin_runs', 'neutral', '@juhyun_fin 상담원한테 물어보니 갱신월 기준이라네요 참고하세요'),
  X.repost('x-015', 'x-001', 42, 'seokjin_b'),
  X.reply('x-016', 'x-001', 45, 'hanbitcard', 'neutral', '@moneytalk_kim 안녕하세요, 한빛카드입니다. 연회비 변경은 다음 갱신월부터 적용되며 변경 전 개별 문자로도 안내드릴 예정입니다. 불편을 드려 죄송합니다.'),
  X.reply('x-017', 'x-016', 48, 'minsu0412', 'complaint', '@hanbitcard 그럼 공지를 먼저 문자로 했어야죠… 순서가 바뀐 것 같은데요'),
  X.repost('x-018', 'x-001', 52, 'newlywed_jh'),
  X.repost('x-019', 'x-007', 55, 'reporter_yoon'),

  // Everyday complaints.
  X.post('x-020', 33, 'dh_choi', 'complaint', '한빛은행 앱 또 로그인 안됨… 인증서 갱신하라길래 했더니 무한로딩 ㅡㅡ 점심시간에 이체해야 되는데'),
  X.post('x-021', 61, 'gyuri_m', 'complaint', '편의점에서 한빛카드 결제 거절됐는데 잔액 충분함. 뒤에 줄 서 있는데 너무 민망했다 ㅠㅠ 이유라도 알려주지'),
  X.reply('x-022', 'x-021', 66, 'hanbit_care', 'neutral', '@gyuri_m 불편을 드려 죄송합니다. 확인을 위해 DM으로 성함과 결제 시각을 알려주시면 바로 살펴보겠습니다.'),
  X.reply('x-023', 'x-022', 71, 'gyuri_m', 'neutral', '@hanbit_care DM 보냈어요'),
  X.post(
    'x-024',
    95,
    'mike_in_busan',
    'complaint',
    'Hanbit Card declined AGAIN at a foreign merchant. Overseas payments are switched on in the app, I checked twice. What is the point of a travel card that does not work abroad? @hanbitcard',
  ),
  X.reply('x-025', 'x-024', 102, 'hanbitcard', 'neutral', '@mike_in_busan Sorry about this. Some foreign merchants need the online-overseas toggle as well as the offline one. Could you DM us the merchant name and time so we can check?'),
  X.reply('x-026', 'x-025', 109, 'mike_in_busan', 'complaint', '@hanbitcard There are two toggles?? Nobody told me that. Fine, DMing you now.'),
  X.post('x-027', 130, 'bong_ajussi', 'complaint', '한빛은행 지점 갔다가 번호표 뽑고 50분 기다렸는데 창구 2개만 열려있음. 나이든 사람은 앱 못쓰는데 어쩌라는건지'),
  X.post('x-028', 158, 'chaewon_s', 'complaint', '환불 처리 3주째 감감무소식… 쇼핑몰은 취소했다는데 한빛카드는 아직 청구중이래요. 도대체 누구 말을 믿어야 하나요'),
  X.post('x-029', 187, 'seokjin_b', 'complaint', '대출 금리 또 올랐네. 누리은행은 0.3%p 낮던데 한빛은행은 우대금리 조건만 잔뜩 붙여놓고 실제로 받을 수 있는 건 거의 없음'),
  X.post('x-030', 214, 'haneul_94', 'complaint', '상담원 연결까지 27분… 그리고 연결되자마자 "그건 저희 부서 아니에요" 하고 돌리심 ㅋㅋㅋㅋ 최악'),
  X.post('x-031', 244, 'priya_codes', 'complaint', 'Tried to send money home through Hanbit Bank and the overseas remittance fee was 3x what the website says. Nobody can explain the "intermediary bank charge". Frustrating.'),
  X.post('x-032', 268, 'sangwoo_lim', 'complaint', '연체 하루 됐다고 아침 7시에 독촉 문자 3통… 월급날이 오늘인데 너무한거 아님?'),

  // Questions.
  X.post('x-033', 75, 'linh_ng', 'inquiry', 'Can a foreign student open a Hanbit Bank account with just an ARC and passport? My university says yes, the branch said I need a phone contract first. Which is it? @hanbitbank'),
  X.reply(
    'x-034',
    'x-033',
    83,
    'hanbitbank',
    'neutral',
    '@linh_ng Hi! An ARC, passport and proof of enrolment are enough to open a basic account. A Korean phone number helps for app sign-up but is not required at the branch. Sorry for the mixed message.',
  ),
  X.reply('x-035', 'x-034', 88, 'linh_ng', 'praise', '@hanbitbank Thank you, that is really clear! Going tomorrow 🙏'),
  X.post('x-036', 120, 'yoonah_k', 'inquiry', '한빛카드 해외결제 수수료 면제되는 카드 있나요? 다음 달 일본 가는데 다온카드랑 비교중이에요'),
  X.reply('x-037', 'x-036', 126, 'yuna_travels', 'neutral', '@yoonah_k 한빛 트래블카드 쓰는데 환전수수료 없고 해외 ATM 인출도 무료였어요! 다온 건 월 한도가 있더라구요'),
  X.post('x-038', 175, 'dayeon_student', 'inquiry', '대학생도 한빛은행 청년적금 가입 가능한가요? 알바 소득만 있어도 되는지 궁금해요'),
  X.post('x-039', 301, 'omar_h', 'inquiry', 'Does anyone know if Hanbit Card gives cashback on public transport? Thinking of getting one but the benefits page is only in Korean.'),
  X.reply('x-040', 'x-039', 310, 'sam_in_seoul', 'neutral', '@omar_h Their Daily card gives 10% back on subway and bus up to 5,000 won a month. Ask for the English leaflet at a branch, they do have one.'),

  // Praise.
  X.post('x-041', 142, 'nurse_minji', 'praise', '야간 근무 끝나고 새벽에 카드 분실신고했는데 한빛카드 상담원분이 너무 친절하게 재발급까지 한 번에 처리해주셨어요. 감사합니다 🥹'),
  X.post('x-042', 233, 'kang_sajang', 'praise', '소상공인 대출 한빛은행에서 받았는데 서류 준비부터 꼼꼼하게 챙겨주셨어요. 지점 과장님 최고 👍'),
  X.post('x-043', 322, 'emily_ross', 'praise', 'Shoutout to the Hanbit Bank branch in Itaewon. The teller switched to English without me asking and walked me through the whole app setup. 10/10.'),

  // Purchase and churn intent.
  X.post('x-044', 198, 'newlywed_jh', 'purchase', '신혼부부 전세대출 한빛은행이랑 누리은행 둘 다 알아보는 중인데 한빛이 한도는 더 나오네요. 다음 주 상담 예약함'),
  X.post('x-045', 285, 'dev_hyunwoo', 'purchase', '한빛카드 개발자 전용 카드(클라우드 결제 할인) 신청했다 ㅋㅋ AWS 요금 10% 할인이면 무조건 이득'),
  X.post('x-046', 345, 'youngsoo_c', 'churn', '20년 쓴 한빛은행 통장 정리합니다. 수수료 면제 조건 바뀐 뒤로 매달 이체수수료 나가는 게 아까워서 누리은행으로 옮겼어요'),
  X.post('x-047', 372, 'anna_kowalski', 'churn', 'Closing my Hanbit account this week. Switching to Nuri Bank because their app actually has full English support. Sorry Hanbit.'),

  // Fraud and security.
  X.post('x-048', 90, 'fin_watchdog', 'fraud', '⚠️ "한빛은행 보안승급" 문자 돌고 있습니다. 링크 누르면 가짜 앱 설치됨. 은행은 문자로 앱 설치 링크 절대 안 보냅니다. 주변 어르신들께 꼭 알려주세요.'),
  X.repost('x-049', 'x-048', 92, 'twins_mom'),
  X.repost('x-050', 'x-048', 94, 'hyejin_lee'),
  X.repost('x-051', 'x-048', 97, 'bora_hr'),
  X.repost('x-052', 'x-048', 99, 'reporter_yoon'),
  X.reply('x-053', 'x-048', 101, 'granny_kim', 'fraud', '@fin_watchdog 어제 이 문자 받고 눌렀는데 어떡해요 아들이 지금 은행 가보라는데'),
  X.reply('x-054', 'x-053', 104, 'fin_watchdog', 'neutral', '@granny_kim 바로 한빛은행 고객센터에 지급정지 요청하시고 휴대폰은 비행기모드로 두세요. 설치된 앱은 삭제하시고요.'),
  X.repost('x-055', 'x-048', 107, 'oh_retired'),
  X.repost('x-056', 'x-048', 112, 'jw_park'),
  X.post('x-057', 255, 'ben_nomad', 'fraud', 'Just got an unauthorised charge of 389,000 won from an online shop I have never used on my Hanbit Card. Card is in my wallet. Froze it in the app, now waiting on the phone line. @hanbitcard'),
  X.reply('x-058', 'x-057', 262, 'hanbitcard', 'neutral', '@ben_nomad We are sorry. Please keep the card frozen; our fraud team will contact you within the hour and the charge will be disputed at no cost to you.'),
  X.post('x-059', 398, 'freelancer_woo', 'fraud', '한빛은행 사칭 전화 받음. 대출 갈아타기 해준다면서 기존 대출 먼저 상환하라고 계좌번호 불러줌ㅋㅋ 보이스피싱 수법 진짜 교묘하다'),

  // Official announcements.
  X.post('x-060', 5, 'hanbitbank', 'neutral', '[안내] 오늘 새벽 2시~4시 시스템 점검으로 모바일뱅킹 이체가 일시 중단됩니다. 이용에 참고 부탁드립니다.'),
  X.reply('x-061', 'x-060', 12, 'taxi_driver_lee', 'complaint', '@hanbitbank 새벽에 일하는 사람은 어쩌라고요… 점검을 꼭 그 시간에 해야하나'),
  X.post('x-062', 410, 'hanbitcard', 'purchase', '🎉 한빛카드 Daily+ 출시! 대중교통·커피·통신비 10% 할인, 전월실적 30만원. 지금 앱에서 발급하면 첫 달 연회비 캐시백 이벤트도 진행 중입니다.'),
  X.quote('x-063', 'x-062', 418, 'moneytalk_kim', 'inquiry', '실적 30만원 기준이 교통비 포함인지가 핵심인데 공지에 없네요. 포함이면 사회초년생한테 꽤 괜찮음'),
  X.repost('x-064', 'x-063', 421, 'dayeon_student'),
  X.repost('x-065', 'x-063', 424, 'gamer_taeho'),
  X.reply('x-066', 'x-062', 430, 'coffee_ju', 'purchase', '@hanbitcard 커피 10% 할인 스타벅스 말고 동네 카페도 되나요? 되면 바로 신청함 ☕'),

  // Spam and neutral chatter.
  X.post('x-067', 150, 'loan_king88', 'spam', '💰당일 급전 💰 한빛·누리은행 거절자도 OK 무직자 대출 100% 승인!! 카톡 문의 ▶ bit.ly/fast-loan-demo'),
  X.post('x-068', 290, 'coin_gainz', 'spam', '🚀 Stop losing money to banks like Hanbit! Our AI crypto bot made 312% this month. DM for the private signal group 🚀🚀'),
  X.post('x-069', 215, 'jaemin_runs', 'neutral', '한빛은행 마라톤 대회 신청 완료 🏃 10km 목표는 55분'),
  X.post('x-070', 338, 'eunji_art', 'neutral', '은행 대기하면서 그린 낙서 ✏️ 한빛은행 로비 의자 색깔 너무 귀여움'),
  X.post('x-071', 455, 'tom_visits', 'neutral', 'Fun fact: the Hanbit Bank ATM near Seoul Station speaks five languages. Only needed one of them but still.'),
  X.post('x-072', 470, 'sunny_h', 'neutral', '월급날 통장 스쳐 지나가는 소리 들린다 ㅋㅋㅋ'),

  // Evening wave.
  X.post('x-073', 520, 'kfinance_daily', 'neutral', 'Hanbit Bank Q3: net interest margin down 4bp, card arm growing. Mobile app now 61% of retail transactions. Full breakdown in our newsletter tomorrow.'),
  X.repost('x-074', 'x-073', 524, 'dan_cho'),
  X.repost('x-075', 'x-073', 529, 'priya_codes'),
  X.quote('x-076', 'x-073', 533, 'sam_in_seoul', 'complaint', '61% of transactions on an app that still has no proper English mode. Imagine what it would be if foreigners could actually use it.'),
  X.repost('x-077', 'x-076', 537, 'anna_kowalski'),
  X.repost('x-078', 'x-076', 541, 'jake_teaches'),
  X.reply('x-079', 'x-076', 546, 'emily_ross', 'neutral', '@sam_in_seoul The English toggle exists but it only translates the menu, not the error messages. Which is the part you need.'),
  X.post('x-080', 610, 'mk_jung', 'complaint', '한빛카드 포인트 소멸 안내를 소멸 하루 전에 보내주는 센스… 3만 포인트 날아감 ㅠㅠ'),
  X.post('x-081', 655, 'jw_park', 'inquiry', '한빛은행 적금 만기 자동해지 되면 이자는 어느 계좌로 들어가나요?'),
  X.reply('x-082', 'x-081', 661, 'hanbit_care', 'neutral', '@jw_park 안녕하세요. 만기 시 원금과 이자는 가입 시 지정하신 연결계좌로 입금됩니다. 앱 > 예적금 > 상세에서 확인하실 수 있어요.'),
  X.reply('x-083', 'x-082', 668, 'jw_park', 'praise', '@hanbit_care 빠른 답변 감사합니다!'),
  X.post('x-084', 702, 'dan_cho', 'purchase', 'Looking to open a 적금 with Hanbit for my parents visit fund. 4.1% for 12 months seems decent? Anyone done it through the app in English?'),
  X.post('x-085', 745, 'reporter_yoon', 'complaint', '[취재] 한빛은행 대출 중도상환수수료 관련 제보 받습니다. 금리 인하 요구권 거절 사례도 함께요. DM 열어두었습니다.'),
  X.repost('x-086', 'x-085', 749, 'fin_watchdog'),
  X.repost('x-087', 'x-085', 752, 'seokjin_b'),
  X.reply('x-088', 'x-085', 758, 'seokjin_b', 'complaint', '@reporter_yoon 금리인하요구권 두 번 넣었는데 두 번 다 사유 없이 거절당했습니다. DM 드릴게요'),
  X.post('x-089', 820, 'gamer_taeho', 'complaint', '한빛카드 앱 업데이트 후에 결제내역 화면이 하얗게 뜸ㅋㅋ 개발자분들 퇴근하셨나요'),
  X.post('x-090', 880, 'jake_teaches', 'praise', 'Hanbit Card customer service sorted out my double charge in one call. Polite, quick, refund already showing. Credit where it is due.'),
  X.post('x-091', 960, 'coupon_bot', 'spam', '[오늘의쿠폰] 한빛카드 결제 시 5천원 할인쿠폰 선착순 1000명! 링크에서 카드번호 입력하고 받기 👉 coupon-today.example.net'),
  X.reply('x-092', 'x-091', 968, 'hyejin_lee', 'fraud', '이거 피싱이에요 카드번호 입력하지 마세요!! @hanbitcard 신고합니다'),

  // One DM conversation (the card-declined customer from x-021), with a card number pasted in.
  X.dm('x-093', 'dm:x:gyuri_m', 72, 'gyuri_m', 'complaint', '아까 편의점 결제 거절 건이요. 문규리고 카드번호 9410-1234-5678-9010 이에요. 오후 1시 5분쯤이었어요', { pii: ['card'] }),
  X.dm('x-094', 'dm:x:gyuri_m', 80, 'hanbit_care', 'neutral', '확인 감사합니다. 보안을 위해 카드번호 전체는 보내지 않으셔도 됩니다. 해당 건은 해외 가맹점으로 잘못 분류되어 거절된 것으로 확인되어 지금 해제해 드렸습니다.'),
  X.dm('x-095', 'dm:x:gyuri_m', 86, 'gyuri_m', 'praise', '아 그랬군요 해결해주셔서 감사해요!'),
];

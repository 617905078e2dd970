/**
 * The everyday background: short Korean posts and comments across channels (slang, typos, emoji,
 * Konglish), the competitors' own posts, 테크준's viral take, and customers tagging each other.
 */
import { on } from './build.js';
import type { DemoPost } from '../types.js';

const X = on('x');
const IG = on('instagram');
const FB = on('facebook');
const YT = on('youtube');
const BS = on('bluesky');
const MD = on('mastodon');
const KK = on('kakaotalk');
const AR = on('app_review');

export const chatterPosts: DemoPost[] = [
  // The competitors speak, customers compare.
  X.post('ch-001', 100, 'daoncard', 'purchase', '다온카드 에브리데이 연회비 1만2천원 그대로! 대중교통·배달앱 15% 할인 💜 지금 갈아타면 첫 달 캐시백 3만원'),
  X.quote('ch-002', 'ch-001', 106, 'hyejin_lee', 'churn', '타이밍 봐라 ㅋㅋㅋ 한빛카드 연회비 올리자마자 이거 올라옴. 솔직히 흔들린다'),
  X.repost('ch-003', 'ch-001', 108, 'sora_day'),
  X.reply('ch-004', 'ch-001', 113, 'jaemin_runs', 'inquiry', '@daoncard 배달앱 할인 월 한도 얼마예요?'),
  X.post('ch-005', 640, 'nuribank', 'purchase', '누리은행 주거래 갈아타기 이벤트 🎁 급여이체 옮기시면 이체수수료 평생 면제 + 적금 우대 0.5%p'),
  X.quote('ch-006', 'ch-005', 646, 'youngsoo_c', 'churn', '이거 보고 옮겼습니다. 한빛은 20년 고객한테 아무 혜택 없었음'),
  X.reply('ch-007', 'ch-005', 655, 'sunny_h', 'inquiry', '@nuribank 평생 면제면 조건 없이 계속인가요? 나중에 조건 바뀌는거 아니죠?'),

  // 테크준 on X: a viral one-liner.
  X.post('ch-008', 560, 'techjun', 'complaint', '한빛은행 앱 3.0 솔직 후기: 이체는 빨라졌는데 로그인에서 다 까먹음ㅋㅋ 인증서 만료 알림 좀 미리 주세요. 풀리뷰는 유튜브에'),
  X.repost('ch-009', 'ch-008', 562, 'dev_hyunwoo'),
  X.repost('ch-010', 'ch-008', 563, 'gamer_taeho'),
  X.repost('ch-011', 'ch-008', 565, 'minsu0412'),
  X.repost('ch-012', 'ch-008', 568, 'jiyoon_p'),
  X.repost('ch-013', 'ch-008', 571, 'haneul_94'),
  X.repost('ch-014', 'ch-008', 575, 'chaewon_s'),
  X.reply('ch-015', 'ch-008', 577, 'dh_choi', 'complaint', '@techjun ㄹㅇ 인증서 만료되면 에러코드만 띡 나오고 설명이 없음'),
  X.quote('ch-016', 'ch-008', 582, 'moneytalk_kim', 'neutral', '테크준님 말에 한 표. 인증서 만료 30일 전 알림만 있어도 민원 절반은 줄 듯'),
  X.repost('ch-017', 'ch-016', 586, 'juhyun_fin'),

  // Customers tagging each other.
  X.post('ch-018', 160, 'coffee_ju', 'purchase', '@dayeon_student 한빛 트래블카드 체크로 만들면 수수료 0원이래 우리 여행 전에 만들자 ✈️'),
  X.reply('ch-019', 'ch-018', 166, 'dayeon_student', 'purchase', '@coffee_ju ㅇㅋ 오늘 저녁에 앱으로 신청할게 ㅋㅋ'),
  X.post('ch-020', 372, 'twins_mom', 'fraud', '@hyejin_lee 언니 어머님도 그 보안승급 문자 받으셨대요? 저희 엄마도 받으셨어요 조심하세요 ㅠㅠ'),
  X.reply('ch-021', 'ch-020', 379, 'hyejin_lee', 'fraud', '@twins_mom 응 우리 엄마는 눌러서 앱까지 깔렸었어 ㅠ 바로 지점 가서 정지했어'),
  X.post('ch-022', 812, 'gamer_taeho', 'neutral', '@jaemin_runs 형 한빛은행 마라톤 기념품 뭐 줌? 티셔츠면 나도 신청함'),
  X.reply('ch-023', 'ch-022', 818, 'jaemin_runs', 'neutral', '@gamer_taeho 티셔츠랑 메달 ㅋㅋ 완주하면 적금 우대쿠폰도 준대'),

  // Everyday X posts.
  X.post('ch-024', 8, 'bong_ajussi', 'complaint', '아침부터 한빛은행 ATM 고장. 옆 기계도 고장. 둘 다 고장이면 그냥 문을 닫던가'),
  X.post('ch-025', 58, 'mk_jung', 'inquiry', '한빛카드 포인트 현금으로 바꿀 수 있나요? 포인트가 2만점 넘게 쌓였는데 쓸데가 없음'),
  X.post('ch-026', 118, 'nurse_minji', 'neutral', '나이트 끝나고 은행 가면 딱 문 열 시간이라 좋음 ㅋㅋ 한빛은행 9시 땡'),
  X.post('ch-027', 172, 'jw_park', 'complaint', '한빛은행 이체한도 하루 100만원은 너무 적어요 OTP 발급받으러 또 지점 가야 됨 ㅡㅡ'),
  X.post('ch-028', 222, 'seokjin_b', 'inquiry', '고정금리로 대환하면 중도상환수수료 면제 되나요? 한빛은행 쓰시는 분들 경험 공유 좀'),
  X.post('ch-029', 292, 'yuna_travels', 'purchase', '다음 여행은 발리! 한빛 트래블카드 하나 더 발급받아서 남편 줘야겠다 💳'),
  X.post('ch-030', 348, 'sangwoo_lim', 'complaint', '대출 상환일 자동이체 실패했는데 알림이 안 옴. 연체 기록 남으면 누가 책임져요'),
  X.post('ch-031', 425, 'kang_sajang', 'purchase', '가게 리모델링 자금 한빛은행 소상공인 대출 알아보는 중. 금리 4%대면 바로 진행하려구요'),
  X.post('ch-032', 498, 'eunji_art', 'neutral', '한빛은행 캐릭터 빛돌이 굿즈 나오면 무조건 삼 🐰💛'),
  X.post('ch-033', 590, 'gyuri_m', 'praise', '어제 결제 거절 건 DM으로 문의했더니 10분 만에 해결해줌. 한빛카드 SNS 담당자님 일 잘하시네요'),
  X.post('ch-034', 676, 'dayeon_student', 'complaint', '학생증 체크카드 발급 2주째 배송중… 개강 전에 오긴 하는 거죠?'),
  X.post('ch-035', 735, 'haneul_94', 'neutral', '월급 들어오자마자 카드값 빠져나가는 거 보면 내 통장은 정류장이다 ㅋㅋㅋ'),
  X.post('ch-036', 795, 'bora_hr', 'inquiry', '회사 법인카드 한빛카드로 바꾸면 임직원 개인카드 혜택도 있나요? 아시는 분'),
  X.post('ch-037', 858, 'sunny_h', 'praise', '엄마 통장 정리하러 한빛은행 갔는데 직원분이 천천히 다 설명해주심. 어르신 응대 최고👍'),
  X.post('ch-038', 925, 'freelancer_woo', 'complaint', '한빛은행 앱에서 소득증빙 업로드 하면 매번 "파일 형식 오류" ㅋㅋ PDF가 왜 안 되냐고'),
  X.post('ch-039', 990, 'jiyoon_p', 'churn', '로그인 오류 한 달에 세 번이면 주거래 바꿀 만하지 않나요… 진지하게 누리은행 알아보는 중'),
  X.post('ch-040', 1045, 'chaewon_s', 'praise', '드디어 환불 들어왔다!!! 3주 걸렸지만 마지막에 담당자분이 직접 전화 주셔서 감동 ㅠㅠ'),
  X.post('ch-041', 1102, 'dh_choi', 'inquiry', '한빛은행 공동인증서 PC로 옮기는 법 아시는 분? 앱에서 내보내기 메뉴가 안 보여요'),
  X.post('ch-042', 1158, 'ara_shop', 'purchase', '공방 사업자 통장 하나 더 만들려는데 한빛은행 사업자 통장 수수료 면제 조건 괜찮네요. 내일 지점 방문 예정'),
  X.post('ch-043', 1222, 'minsu0412', 'complaint', '한빛카드 결제일 바꾸려니까 상담원만 된다고… 이런 것도 앱에서 좀 되게 해주세요'),
  X.post('ch-044', 1282, 'yoonah_k', 'praise', '해외 부정결제 신고했는데 하루 만에 환불 처리 완료. 한빛카드 이건 인정 👏'),
  X.post('ch-045', 1345, 'juhyun_fin', 'neutral', '이번 주 재테크 뉴스 요약: 한빛·누리 예금금리 동결, 다온카드 트래블 혜택 확대. 자세한 건 블로그에'),
  X.post('ch-046', 1398, 'youngsoo_c', 'neutral', '은행 갈아탄 지 한 달, 생각보다 별 차이 없다 ㅋㅋ 결국 앱 편한 게 최고'),

  // Instagram and Facebook comments on earlier brand posts.
  IG.comment('ch-047', 'ig-001', 262, 'newlywed_jh', 'purchase', '신혼여행 가기 전에 만들려구요! 부부 둘 다 발급 가능하죠?'),
  IG.comment('ch-048', 'ig-001', 284, 'sunny_h', 'inquiry', '신용카드 연회비는 얼마예요?? 체크는 무료인가요'),
  IG.comment('ch-049', 'ig-001', 311, 'gamer_taeho', 'neutral', '광고 모델 누구임? 낯익은데'),
  IG.comment('ch-050', 'ig-013', 684, 'jiyoon_p', 'neutral', '편의점이 1등일 줄 알았는데 ㅋㅋ'),
  IG.comment('ch-051', 'ig-013', 697, 'twins_mom', 'praise', '키즈카페 할인 너무 잘 쓰고 있어요 💕'),
  IG.comment('ch-052', 'ig-022', 1163, 'granny_kim', 'fraud', '저도 이런 문자 왓는데 눌럿어요 어떻게해요'),
  IG.comment('ch-053', 'ig-022', 1176, 'dayeon_student', 'fraud', '저는 택배 문자인 척하는 거 받았어요. 링크 주소가 hanbit-card 어쩌고였는데 철자 하나 달랐음'),
  FB.comment('ch-054', 'fb-001', 140, 'youngsoo_c', 'complaint', '앱 새로 바꿀 돈으로 이체수수료나 없애주시지'),
  FB.comment('ch-055', 'fb-001', 162, 'nurse_minji', 'praise', '야간에 써봤는데 확실히 빨라요! 수고하셨어요'),
  FB.comment('ch-056', 'fb-001', 205, 'gyuri_m', 'inquiry', '업데이트하면 기존 자동이체 설정은 그대로 유지되나요?'),
  FB.comment('ch-057', 'fb-015', 398, 'haneul_94', 'purchase', '94년생인데 아직 가입 되나요?? 되면 바로 합니다'),
  FB.comment('ch-058', 'fb-015', 412, 'mk_jung', 'inquiry', '중도해지하면 이율 얼마나 떨어져요?'),
  FB.comment('ch-059', 'fb-024', 955, 'kang_sajang', 'complaint', '저녁 장사 피크 시간에 결제 먹통… 오늘 매출 반토막 났습니다'),
  FB.comment('ch-060', 'fb-024', 968, 'oh_retired', 'neutral', '저는 현금 써서 몰랐네요 고생들 하십니다'),

  // YouTube comments.
  YT.comment('ch-061', 'yt-001', 395, 'bong_ajussi', 'neutral', '잘 봤습니다 근데 나는 그냥 지점 갈란다'),
  YT.comment('ch-062', 'yt-001', 440, 'yoonah_k', 'inquiry', '한빛은행 앱 간편비밀번호 6자리 말고 4자리로 못 바꾸나요?'),
  YT.comment('ch-063', 'yt-017', 566, 'sangwoo_lim', 'praise', '이런 영상 자주 올려주세요 진짜 도움 됨'),
  YT.comment('ch-064', 'yt-017', 603, 'bora_hr', 'neutral', '회사 보안교육 자료로 써도 될까요?'),
  YT.comment('ch-065', 'yt-027', 902, 'newlywed_jh', 'purchase', '와이프랑 둘 다 신청함 ㅎㅎ 교통비 할인 기대중'),
  YT.comment('ch-066', 'yt-027', 947, 'minsu0412', 'complaint', '광고만 잘 만들면 뭐함 연회비 올리면서 ㅋㅋ'),

  // Bluesky and Mastodon, in Korean.
  BS.post('ch-067', 245, 'eunji_art', 'neutral', '은행 번호표 디자인 모음 그리는 중인데 한빛은행 번호표가 제일 귀여움 ✏️'),
  BS.post('ch-068', 455, 'hyejin_lee', 'praise', '한빛은행 큰글씨 모드 덕분에 엄마가 혼자 이체를 하셨다!! 감격 ㅠㅠ'),
  BS.post('ch-069', 705, 'jaemin_runs', 'purchase', '러닝 크루 회비 통장 한빛은행 모임통장으로 만들까 고민중. 누리은행 거랑 비교해보신 분?'),
  BS.post('ch-070', 1010, 'freelancer_woo', 'inquiry', '프리랜서 분들 한빛은행 마이너스통장 한도 얼마나 나왔어요? 대략적인 감만 알고 싶어요'),
  MD.post('ch-071', 332, 'dev_hyunwoo', 'neutral', '한빛은행 오픈API 문서 보는데 생각보다 잘 되어있네. 샌드박스 키도 바로 나옴'),
  MD.post('ch-072', 610, 'chaewon_s', 'complaint', '환불 문의 세 번째… 매번 다른 상담원이 처음부터 다시 설명하라고 함 ㅠ'),
  MD.post('ch-073', 1290, 'gyuri_m', 'neutral', '오늘 한빛은행 로비에 크리스마스 트리 세웠더라 🎄'),

  // More KakaoTalk chats.
  KK.dm('ch-074', 'dm:kakao:mk_jung', 70, 'mk_jung', 'inquiry', '포인트 소멸 예정 조회 어디서 해요?'),
  KK.dm('ch-075', 'dm:kakao:mk_jung', 74, 'hanbit_care', 'neutral', '앱 > 혜택 > 포인트 > 소멸예정 포인트에서 확인하실 수 있어요 😊'),
  KK.dm('ch-076', 'dm:kakao:mk_jung', 79, 'mk_jung', 'complaint', '내일 3만점 소멸이라니… 알림 좀 미리 주지 ㅠ'),
  KK.dm('ch-077', 'dm:kakao:kang_sajang', 470, 'kang_sajang', 'purchase', '소상공인 대출 상담 받고 싶어요 가게가 성수동이에요'),
  KK.dm('ch-078', 'dm:kakao:kang_sajang', 476, 'hanbit_care', 'neutral', '성수역지점에서 소상공인 전담 상담이 가능합니다. 희망 일자를 알려주시면 예약해 드릴게요.'),
  KK.dm('ch-079', 'dm:kakao:kang_sajang', 480, 'kang_sajang', 'purchase', '목요일 오후 3시요'),
  KK.dm('ch-080', 'dm:kakao:nurse_minji', 880, 'nurse_minji', 'inquiry', '야간에도 카드 분실신고 되나요? 지난번엔 됐던 것 같은데'),
  KK.dm('ch-081', 'dm:kakao:nurse_minji', 884, 'hanbit_care', 'neutral', '네, 분실신고는 24시간 가능합니다. 이 채팅에서 "분실신고"라고 입력하셔도 돼요.'),
  KK.dm('ch-082', 'dm:kakao:sunny_h', 1005, 'sunny_h', 'purchase', '특판 정기예금 4.2% 아직 가입 가능한가요? 한도 남았나요'),
  KK.dm('ch-083', 'dm:kakao:sunny_h', 1012, 'hanbit_care', 'neutral', '현재 잔여 한도가 있어 가입 가능합니다! 앱 > 예적금 > 특판상품에서 바로 가입하실 수 있어요.'),
  KK.dm('ch-084', 'dm:kakao:sunny_h', 1016, 'sunny_h', 'purchase', '바로 가입했어요 감사합니다~'),
  KK.dm('ch-085', 'dm:kakao:youngsoo_c', 1185, 'youngsoo_c', 'churn', '한빛은행 계좌 해지하려고 합니다. 자동이체 남은 거 있으면 해지 안 되나요'),
  KK.dm('ch-086', 'dm:kakao:youngsoo_c', 1191, 'hanbit_care', 'neutral', '자동이체가 등록된 계좌는 먼저 자동이체를 해지하거나 다른 계좌로 변경하셔야 합니다. 계좌이동 서비스를 이용하시면 한 번에 옮기실 수 있어요.'),
  KK.dm('ch-087', 'dm:kakao:chaewon_s', 1330, 'chaewon_s', 'praise', '환불 건 드디어 해결됐어요. 마지막에 챙겨주신 담당자님께 감사 전해주세요'),

  // More app reviews, in Korean.
  AR.review('ch-088', 128, 'jiyoon_p', 2, 'complaint', '인증서 ㅠㅠ', '인증서 만료되면 로그인 자체가 안 됨. 미리 알려주면 안되나요'),
  AR.review('ch-089', 352, 'twins_mom', 5, 'praise', '아이 통장 관리 편해요', '아이들 통장 한 화면에 보여서 너무 좋아요'),
  AR.review('ch-090', 505, 'gamer_taeho', 3, 'neutral', '그럭저럭', '다크모드는 좋은데 가끔 버벅임'),
  AR.review('ch-091', 652, 'mk_jung', 3, 'neutral', '무난', '기능은 다 있는데 메뉴가 너무 깊숙이 숨어있음'),
  AR.review('ch-092', 778, 'sora_day', 1, 'churn', '연회비 인상', '혜택은 그대로 연회비만 인상. 해지합니다'),
  AR.review('ch-093', 952, 'coffee_ju', 4, 'praise', '커피 할인 굿', 'Daily+ 카드 연동해서 할인 내역 바로 보이는 거 좋아요 ☕'),
  AR.review('ch-094', 1090, 'seokjin_b', 2, 'complaint', '금리 안내', '변동금리 바뀔 때 앱 알림 좀 주세요. 문자 한 통으로 끝'),
  AR.review('ch-095', 1260, 'dayeon_student', 4, 'praise', '적금 가입 쉬움', '청년적금 5분 만에 가입 완료. 서류 첨부도 사진으로 돼서 편해요'),
  AR.review('ch-096', 1325, 'bora_hr', 4, 'neutral', '업무용으로 씀', '급여 이체 확인용으로만 쓰는데 문제없음'),

  // Two English stragglers.
  X.post('ch-097', 1060, 'sofia_m', 'purchase', 'Booked a branch appointment at Hanbit for my first week in Seoul. Wish me luck with the paperwork 😅'),
  BS.post('ch-098', 1244, 'tom_visits', 'neutral', 'Last day in Korea. The Hanbit ATM at the airport gave me exactly the coins I needed for the bus.'),
];

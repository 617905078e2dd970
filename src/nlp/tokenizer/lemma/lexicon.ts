/**
 * The small lexicon the lemmatiser leans on: predicate stems it knows (to choose between readings),
 * the irregular ones, and words that only look conjugated. Stems are written without 다.
 */

/** Common verb and adjective stems in customers' messages (regular and irregular, in stem form). */
export const KNOWN_STEMS = new Set(
  `가 오 보 주 두 하 되 있 없 같 좋 싫 많 적 크 작 높 낮 길 짧 빠르 느리 늦 이르 먹 받 보내 내 타 갈아타 바꾸 옮기 쓰 끄 켜
  알 모르 살 사 팔 만들 열 닫 막 풀 걸 들 듣 묻 찾 잃 잊 까먹 기다리 버리 빠지 나가 나오 들어가 들어오 넣 빼 끊 끊기 막히 열리
  닫히 걸리 떨어지 올라가 오르 내리 내려가 늘 줄 늘어나 줄어들 빨라지 느려지 좋아지 나빠지 어렵 쉽 고맙 귀찮 짜증나 화나 놀라
  믿 속 속이 털리 날리 뜨 못하 잘하 맡기 돌려주 돌려받 갚 빌리 모으 아끼 벌 남 남기 지키 알려주 가르치 도와주 돕 부르 누르 고르
  다르 바쁘 아프 나쁘 예쁘 기쁘 슬프 고프 따르 치르 들르 잠그 담그 멈추 끝나 끝내 나 생기 해주 알아보 떼 깎 올리 밀리 터지
  튕기 꺼지 느끼 보이 들리 뚫리 털 새 지나 넘 넘기 넘어가 맞 틀리 헷갈리 싸 비싸 싸우 배우 키우 세우 비우 채우 갖 가지 괜찮
  그렇 이렇 저렇 어떻 낫 짓 붓 긋 잇 걷 싣 깨닫 덥 춥 무섭 귀엽 가볍 무겁 더럽 맵 아름답 새롭 번거롭 괴롭 부럽 즐겁 놀랍 가깝
  아깝 밉 눕 굽 곱 반갑 뜨겁 차갑 어이없 맛있 재밌 재미있 재미없 웃기 울 놀 힘들 멀 빌 물어보 찍 읽 앉 서 자 일어나 죽 살리
  고치 만나 떠나 돌아오 돌아가 다니 그만두 쉬 쉬우 불 키 푸르 흐르 잠기 안되 못되 싶 않 말 드리 드시 계시 주무시 모시 마시 시키
  당하 지우 끼우 붙 붙이 갈 달 날 울리 보여주 받아주 참 견디 버티 미루 늘리 줄이 낮추 높이 올라 늦추 어기 지나치 헤매`.split(/\s+/u),
);

/** ㅂ-irregular stems (어려워 → 어렵다); stems ending in 롭, 럽 and 답 follow the rule without being listed. */
export const B_IRREGULAR = new Set(
  `고맙 어렵 쉽 무섭 귀엽 가볍 무겁 더럽 춥 덥 맵 가깝 아깝 밉 눕 굽 부럽 즐겁 반갑 놀랍 서럽 싱겁 뜨겁 차갑 두껍 시끄럽 어둡
  돕 곱 간지럽 안타깝 역겹 징그럽 우습`.split(/\s+/u),
);

/** ㅎ-irregular adjectives (그래 → 그렇다, 빨간 → 빨갛다). */
export const H_IRREGULAR = new Set('그렇 이렇 저렇 어떻 빨갛 파랗 노랗 하얗 까맣 동그랗 커다랗 조그맣 기다랗 뿌옇'.split(' '));

/** ㄷ-irregular stems as they surface before a vowel (물어 → 묻다); ambiguous ones (들어, 걸어) stay regular. */
export const D_IRREGULAR = new Map([
  ['물', '묻'],
  ['실', '싣'],
  ['깨달', '깨닫'],
  ['알아들', '알아듣'],
]);

/** ㅅ-irregular stems as they surface before a vowel (나아 → 낫다, 지어 → 짓다). */
export const S_IRREGULAR = new Map([
  ['나', '낫'],
  ['지', '짓'],
  ['부', '붓'],
  ['그', '긋'],
  ['이', '잇'],
  ['저', '젓'],
]);

/** Stems in ㅡ whose ㅡ drops before 아/어 (바빠 → 바쁘다, 써 → 쓰다). 르-irregulars are found by shape. */
export const EU_STEMS = new Set('쓰 끄 크 뜨 바쁘 아프 예쁘 나쁘 기쁘 슬프 고프 모으 따르 치르 들르 잠그 담그 우러르 서글프 미끄러지'.split(' '));

/** Stems whose ㄹ drops before ㄴ, ㅂ, ㅅ and 오 (아는 → 알다, 만드는 → 만들다). */
export const L_STEMS = new Set('알 살 만들 팔 놀 힘들 멀 길 열 울 밀 벌 빌 늘 풀 걸 들 불 달 날 줄 끌 털 졸 얼 돌 썰 갈 떨 흔들 어질'.split(' '));

/** Stems in ㅕ that do not come from ㅣ + 어 (켜다, 펴다). */
export const YEO_STEMS = new Set('켜 펴 켜지 펴지'.split(' '));

/** Stems ending in 시 that are not the honorific 시 (마시다, 모시다). */
export const SI_STEMS = new Set('마시 모시 드시 다시 가시 시시 계시 주무시 잡수시'.split(' '));

/** Words that look conjugated but are nouns, adverbs or particles: never lemmatised as predicates. */
export const NOT_PREDICATES = new Set(
  `사고 사과 기도 고기 지도 지금 여기 거기 저기 아기 이야기 얘기 바다 나다 하나 아니 어디 누구 모두 다시 아직 이미 정말 진짜 너무
  많이 같이 빨리 천천히 열심히 제대로 대체 도대체 과연 별로 겨우 그냥 그래도 그러나 그런데 그래서 하지만 근데 그럼 이제 벌써 계속
  자주 항상 언제 가끔 또는 혹은 및 다음 지난 요즘 오늘 어제 내일 고객 직원 보험 금리 한도 이자 주식 은행 카드 통장 계좌 연락 문자
  전화 영업 지점 창구 대기 상담 번호 비번 비밀번호 앱 어플 화면 오류 에러 장애 먹통 점검 이벤트 혜택 포인트 수수료 보험료 대출
  해지 연체 신청 처리 확인 승인 결제 취소 환불 입금 출금 이체 송금 잔액 가입 탈퇴 변경 인증 본인 명의 만기 적금 예금 펀드 증권
  신한 국민 우리 하나 농협 기업 토스 카뱅 케뱅 토뱅 현대 삼성 롯데 제한 권한 기간 시간 기한 세금 소득 요금 사기 보이스피싱
  스미싱 피해 신고 보상 청구 지급 심사 거절 서류 제출 발급 재발급 분실 도난 해외 국내 달러 환율 환전 고민 문제 불만 민원 답변
  차단 정지 해제 조회 안내 공지 광고 채용 모집 기사 뉴스 후기 리뷰 평점 별점 구독 영상 댓글 게시물 계정 로그인 비밀 다른 모든
  무슨 어떤 이런 그런 저런 여러 새 헌 온갖 갖은 웬 바로 또 더 덜 꼭 좀 잘 못 안 왜 뭐 뭘 거 것 게 건 걸 데 때 줄 수 중 분 번 원
  만 천 백 억 일 월 년 주 시 초 곳 쪽 편 점 날 달 말 밤 낮 길 제대로 그대로 그래도 그러나 없이 난 넌 전 건 날 널 내 네 제 나 너 저 와 과 는 은 을 를 한 두 세 나도 너도 저도 나는 저는 너는 내가 제가 니가 봄 꿈 잠 춤 삶 느낌 마음 도움 싸움 웃음 믿음 기쁨 슬픔 죽음 처음 연기 여자 남자 내용 진심 돈 가 이 그 저`.split(
    /\s+/u,
  ),
);

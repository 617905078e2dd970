/** Slot lists for the customer-message generator: institutions, products, problems, amounts. */

export const SLOTS: Record<string, string[]> = {
  bank: ['국민은행', '신한은행', '우리은행', '하나은행', 'NH농협', 'IBK기업은행', '카카오뱅크', '토스뱅크', '케이뱅크', 'SC제일은행', '부산은행', '새마을금고', '우체국', 'KB국민은행', '신협'],
  card: ['신한카드', '삼성카드', 'KB국민카드', '현대카드', '롯데카드', '우리카드', '하나카드', 'BC카드', 'NH농협카드'],
  broker: ['키움증권', '미래에셋증권', '삼성증권', 'NH투자증권', '한국투자증권', '토스증권', 'KB증권', '신한투자증권'],
  insurer: ['삼성생명', '한화생명', '교보생명', '삼성화재', '현대해상', 'DB손보', 'KB손해보험', '메리츠화재'],
  app: ['앱', '어플', '모바일앱', '뱅킹앱', '인터넷뱅킹', 'MTS', '홈페이지', 'app'],
  product: ['체크카드', '신용카드', '적금', '정기예금', '마이너스통장', '주택담보대출', '신용대출', '전세대출', 'ISA 계좌', '연금저축', 'CMA 계좌', '실손보험', '자동차보험', '청년도약계좌'],
  newProduct: ['신용카드', '체크카드', '적금', '정기예금', '신용대출', '주택담보대출', '전세자금대출', '입출금 통장', '주식 계좌', 'ISA', '연금저축펀드', '실손보험', '여행자보험', '청년 적금'],
  problem: ['로그인이 안 돼요', '앱이 계속 튕겨요', '이체가 안 돼요', '인증서 오류가 나요', '화면이 하얗게 멈춰요', '결제가 안 돼요', 'OTP 인증이 계속 실패해요', '잔액이 이상하게 나와요', '비밀번호 오류 5회로 막혔어요', '점검도 아닌데 접속이 안 돼요'],
  fee: ['수수료', '연회비', '중도상환수수료', '해외결제 수수료', '이체 수수료', '연체이자', '보험료'],
  amount: ['3만원', '5만 원', '12만원', '30만원', '47,000원', '150만원', '2,300,000원', '980원', '10만원', '$120', '700만원'],
  time: ['어제', '오늘 아침', '방금', '지난주', '3일 전', '그저께', '아까 점심때', '한 달째', '일주일 넘게', '주말 내내'],
  staff: ['상담원', '창구 직원', '지점 직원', '콜센터 상담사', '담당 설계사', '매니저님', 'PB님', '텔러분'],
  channel: ['콜센터', '챗봇', '고객센터', '지점', '1:1 문의', '카톡 상담'],
  fraudKind: ['보이스피싱', '스미싱 문자', '메신저피싱', '명의도용', '카드 도용', '피싱 링크'],
  place: ['해외 쇼핑몰', '모르는 가맹점', '편의점', '온라인 게임 사이트', '해외 사이트', '알 수 없는 곳'],
  emotionNeg: ['진짜 짜증나네요', '너무 화가 나요', '어이가 없네요', '답답해 죽겠어요', '실망입니다', '황당하네요', '열받네', '기가 막히네요'],
  emotionPos: ['감동했어요', '정말 만족합니다', '최고예요', '너무 좋아요', '감사합니다', '기분 좋네요'],
  competitor: ['토스', '카카오뱅크', '케이뱅크', '다른 은행', '인터넷은행', '타사', '신한', '하나'],
  // English
  bankEn: ['my bank', 'KB Kookmin', 'Shinhan', 'Woori Bank', 'Hana Bank', 'KakaoBank', 'Toss Bank', 'the bank'],
  cardEn: ['Hyundai Card', 'Samsung Card', 'Shinhan Card', 'KB card', 'my credit card', 'my debit card'],
  productEn: ['credit card', 'savings account', 'personal loan', 'mortgage', 'checking account', 'travel insurance', 'brokerage account', 'term deposit'],
  problemEn: ["can't log in", 'the app keeps crashing', 'transfers keep failing', 'the OTP never arrives', 'my balance looks wrong', 'the payment got declined again'],
  amountEn: ['$45', '$1,200', '300,000 won', '$9.99', '₩50,000', '$780'],
  timeEn: ['yesterday', 'this morning', 'last week', 'two days ago', 'for a month now', 'an hour ago'],
};

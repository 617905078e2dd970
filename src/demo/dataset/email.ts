/**
 * E-mail to the customer-care mailbox: threads with the bank's answers (outbound), follow-ups and a
 * few mails that paste personal data. Replies without a subject get "Re: <first subject>".
 */
import { on } from './build.js';
import type { DemoPost } from '../types.js';

const EM = on('email');

export const emailPosts: DemoPost[] = [
  EM.mail('em-001', 30, 'seokjin_b', 'complaint', '금리인하요구권 거절 사유 문의', '안녕하세요. 지난달 승진으로 연봉이 20% 올라 금리인하요구권을 신청했는데 "내부 기준 미충족"이라는 답만 받았습니다. 어떤 기준이 미충족인지 구체적으로 알려주시기 바랍니다. 재신청 시 필요한 서류도 안내 부탁드립니다.'),
  EM.reply('em-002', 'em-001', 150, 'hanbit_care', 'neutral', '배석진 고객님, 문의 주셔서 감사합니다. 이번 심사에서는 신용점수 변동 폭이 기준에 미달하였습니다. 재직증명서와 최근 3개월 급여명세서를 첨부해 재신청해 주시면 다시 심사하겠습니다.'),
  EM.reply('em-003', 'em-002', 290, 'seokjin_b', 'complaint', '연봉이 20% 올랐는데 신용점수 기준 때문에 안 된다는 게 납득이 안 됩니다. 서류는 첨부해서 다시 신청하겠지만, 이번에도 같은 답이면 금감원에 민원 제기하겠습니다.'),
  EM.mail('em-004', 85, 'priya_codes', 'complaint', 'Overseas remittance fee much higher than advertised', 'Hello, on Monday I sent USD 1,500 to India from my Hanbit Bank account. The website lists a fee of 10,000 won but I was charged 31,500 won in total. Could you break down the charges? My reference number is TR-2024-88123.'),
  EM.reply('em-005', 'em-004', 215, 'hanbit_care', 'neutral', 'Dear Ms Nair, thank you for your message. The total includes our 10,000 won fee, a 5,000 won cable charge and an intermediary bank charge of USD 15 deducted by the correspondent bank. We are sorry this was not clear at the time of sending.'),
  EM.reply('em-006', 'em-005', 330, 'priya_codes', 'churn', 'Thank you for the breakdown, but none of this was shown in the app. I will use a different provider for future transfers.'),
  EM.mail('em-007', 170, 'oh_retired', 'inquiry', '연금 수령 계좌 변경', '한빛은행 담당자님께. 국민연금 수령 계좌를 한빛은행으로 옮기려고 합니다. 본인확인용으로 주민등록번호 520315-1234560 적어 드립니다. 어떤 서류가 필요한지요. 연락처는 010-2718-2818 입니다.', { pii: ['rrn', 'phone'] }),
  EM.reply('em-008', 'em-007', 260, 'hanbit_care', 'neutral', '오영철 고객님, 연락 감사합니다. 보안을 위해 주민등록번호는 메일로 보내지 말아 주세요. 연금 수령 계좌 변경은 신분증과 통장을 지참하시고 가까운 지점이나 국민연금공단에서 신청하실 수 있습니다.'),
  EM.mail('em-009', 240, 'bora_hr', 'purchase', '임직원 급여계좌 단체 개설 문의', '안녕하세요, ㈜다솜테크 인사팀 이보라입니다. 신입사원 30명의 급여계좌를 한빛은행으로 단체 개설하고 싶습니다. 방문 개설이 가능한지, 임직원 우대 금리나 카드 혜택이 있는지 안내 부탁드립니다.'),
  EM.reply('em-010', 'em-009', 395, 'hanbit_care', 'neutral', '이보라 님 안녕하세요. 기업 단체 개설은 담당 RM이 회사로 방문해 진행합니다. 급여이체 임직원에게는 수수료 면제와 적금 우대금리 0.3%p가 제공됩니다. 편하신 일정을 회신 주시면 연결해 드리겠습니다.'),
  EM.reply('em-011', 'em-010', 470, 'bora_hr', 'purchase', '다음 주 목요일 오전 10시 방문 가능하실까요? 회사 주소는 담당자님께 따로 전달드리겠습니다. 감사합니다.'),
  EM.mail('em-012', 320, 'emily_ross', 'complaint', 'Unauthorised double charge – card ending 5436', 'Hi, during this evening’s outage my card 4045-1234-9876-5436 was charged twice at Green Pharmacy (42,000 won each). The pharmacy says they only received one payment. Please reverse the duplicate.', { pii: ['card'] }),
  EM.reply('em-013', 'em-012', 470, 'hanbit_care', 'neutral', 'Dear Ms Ross, we are sorry for the trouble. Duplicate approvals from the outage are cancelled automatically within 1–2 business days. For your security, please do not send full card numbers by e-mail.'),
  EM.mail('em-014', 410, 'gyuri_m', 'complaint', '상담원 응대 관련 민원', '어제 오후 3시경 카드 결제 거절 건으로 고객센터에 전화했는데, 상담원분이 제 말을 끝까지 듣지도 않고 "고객님이 잘못 누르신 거예요"라며 통화를 끊으셨습니다. 결과적으로 은행 시스템 오류였는데요. 응대 태도에 대해 사과를 요청합니다.'),
  EM.reply('em-015', 'em-014', 560, 'hanbit_care', 'neutral', '문규리 고객님, 불쾌한 경험을 드려 진심으로 사과드립니다. 해당 통화를 확인하여 상담원 교육을 진행하였습니다. 결제 거절은 시스템 분류 오류였으며 이미 해제되었습니다.'),
  EM.reply('em-016', 'em-015', 640, 'gyuri_m', 'praise', '확인해 주셔서 감사합니다. 앞으로는 이런 일 없었으면 좋겠네요.'),
  EM.mail('em-017', 505, 'anna_kowalski', 'churn', 'Account closure request', 'Hello, I would like to close my Hanbit Bank savings and checking accounts. I am moving my money to another bank. Please let me know whether I can do this online or if I have to visit a branch. Thank you.'),
  EM.reply('em-018', 'em-017', 620, 'hanbit_care', 'neutral', 'Dear Ms Kowalski, we are sorry to see you go. Accounts can be closed in the app (Menu > Accounts > Close) once the balance is transferred. If you would share what made you leave, we would be grateful for the feedback.'),
  EM.reply('em-019', 'em-018', 700, 'anna_kowalski', 'churn', 'Mostly the app: no English for errors and security prompts. The branch staff were always lovely. Closing in the app now.'),
  EM.mail('em-020', 580, 'sangwoo_lim', 'complaint', '연체 독촉 문자 시간 관련', '연체 1일 만에 오전 7시 이전에 독촉 문자를 세 통이나 받았습니다. 급여일이 당일이었고 오전 중 상환했습니다. 채권추심 관련 시간 제한이 있는 걸로 아는데 확인 부탁드립니다.'),
  EM.reply('em-021', 'em-020', 720, 'hanbit_care', 'neutral', '임상우 고객님, 불편을 드려 죄송합니다. 안내 문자 발송 시간이 잘못 설정된 것을 확인하여 수정하였습니다. 연체 이자는 당일 상환으로 부과되지 않았습니다.'),
  EM.mail('em-022', 650, 'jake_teaches', 'inquiry', 'Student visa holders and credit cards', 'Hello, I teach at a language institute and many of my students on D-2 visas ask whether they can get a Hanbit check card or credit card. Is there an English information sheet I could share with them?'),
  EM.mail('em-023', 735, 'sunny_h', 'inquiry', '정기예금 분산 가입 문의', '부모님 명의로 정기예금 7천만원을 넣으려고 합니다. 예금자보호 한도 때문에 두 계좌로 나누면 보호가 되는지, 특판 4.2% 금리가 두 계좌 모두 적용되는지 궁금합니다. 연락은 sunny.h@example.net 으로 부탁드려요.', { pii: ['email'] }),
  EM.mail('em-024', 810, 'freelancer_woo', 'purchase', '프리랜서 마이너스통장 신청 서류', '안녕하세요. 프리랜서(3.3% 원천징수)로 3년째 일하고 있습니다. 마이너스통장을 신청하려는데 종합소득세 신고서와 소득금액증명원이면 충분한지 알려주세요.'),
  EM.reply('em-025', 'em-024', 935, 'hanbit_care', 'neutral', '우진 고객님, 말씀하신 두 서류와 신분증이면 지점에서 한도 조회가 가능합니다. 최근 2년 소득 평균으로 심사되며, 방문 전 앱에서 예약하시면 대기 없이 상담받으실 수 있습니다.'),
  EM.reply('em-026', 'em-025', 1010, 'freelancer_woo', 'praise', '상세한 안내 감사합니다. 다음 주에 예약하고 방문할게요.'),
  EM.mail('em-027', 880, 'mk_jung', 'fraud', '보이스피싱 피해구제 진행 상황 문의', '지난달 어머니 명의 계좌에서 보이스피싱으로 1200만원이 이체되었고 피해구제를 신청했습니다. 접수번호는 FR-7781입니다. 진행 상황을 알려주세요. 연락처 010-6626-0701.', { pii: ['phone'] }),
  EM.reply('em-028', 'em-027', 1005, 'hanbit_care', 'neutral', '정민경 고객님, 마음고생이 크시겠습니다. 사기이용계좌의 잔액 480만원에 대해 채권소멸 절차가 진행 중이며, 약 2개월 후 환급 예정입니다. 진행 단계마다 문자로 안내드리겠습니다.'),
  EM.mail('em-029', 960, 'dan_cho', 'fraud', 'Suspicious login attempt on my father’s account', 'My father received a notification about a login attempt from a new device at 3am. He was asleep. Could you check the account and reset his access? He does not read English, so please call him in Korean.'),
  EM.mail('em-030', 1060, 'loan_king88', 'spam', '[광고] 한빛은행 고객님 전용 저금리 대환대출', '기존 한빛은행 대출을 연 3%대로 갈아타세요! 신용조회 없이 당일 승인. 아래 링크에서 카드번호와 계좌 비밀번호를 입력하시면 바로 한도 조회가 됩니다.'),
  EM.mail('em-031', 1140, 'hyejin_lee', 'praise', '지점 직원분 칭찬합니다', '지난주 수요일 한빛은행 판교지점에서 어머니 상속 관련 업무를 봤습니다. 복잡한 서류를 하나하나 설명해 주신 김 대리님 덕분에 힘든 시기에 큰 도움이 되었습니다. 꼭 칭찬 전달 부탁드립니다.'),
  EM.mail('em-032', 1225, 'tom_visits', 'inquiry', 'Exchanging leftover won at the airport', 'Hi, I am leaving Korea next week with about 400,000 won in cash. Can I exchange it back to euros at the Hanbit branch at Incheon airport without an account?'),
  EM.mail('em-033', 1300, 'dayeon_student', 'inquiry', '체크카드 재발급 비용', '체크카드가 휘어져서 인식이 잘 안 돼요. 재발급 비용이 있나요? 카드번호는 9420-5555-8888-1231 입니다.', { pii: ['card'] }),
  EM.mail('em-034', 1380, 'kang_sajang', 'complaint', '가맹점 수수료 인상 이의 제기', '영세가맹점으로 등록되어 있는데 이번 달 정산에서 수수료율이 1.1%에서 1.5%로 올라 있습니다. 매출 기준은 변하지 않았습니다. 재산정 요청드립니다. 가맹점 정산 계좌는 한빛은행 321-123456-78901 입니다.', { pii: ['account'] }),
];

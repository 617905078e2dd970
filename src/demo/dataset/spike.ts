/**
 * The scripted crisis: 한빛은행's app stops logging anyone in at lunchtime. About forty posts in
 * twenty-five minutes, nearly all negative, across channels, with a big account amplifying it and the
 * bank's own acknowledgement near the end. Offsets are minutes from the moment the spike is injected.
 */
import { on } from './build.js';
import type { DemoPost } from '../types.js';

const X = on('x');
const BS = on('bluesky');
const MD = on('mastodon');
const FB = on('facebook');
const KK = on('kakaotalk');
const AR = on('app_review');

export const spikePosts: DemoPost[] = [
  X.post('spk-01', 0, 'dh_choi', 'complaint', '한빛은행 앱 또 먹통이네… 로그인 누르면 하얀 화면만 나옴'),
  X.post('spk-02', 0.5, 'jiyoon_p', 'complaint', '한빛은행 앱 나만 안돼?? 로그인이 안돼요 ㅠㅠ 점심값 이체해야 하는데'),
  X.post('spk-03', 1, 'mike_in_busan', 'complaint', 'Is the Hanbit Bank app down for everyone? Login just spins forever.'),
  X.post('spk-04', 1.5, 'gamer_taeho', 'complaint', '한빛은행 서버 터졌냐 ㅋㅋㅋㅋ 로그인 무한로딩'),
  KK.dm('spk-05', 'dm:kakao:spike:sunny_h', 2, 'sunny_h', 'complaint', '앱 로그인이 안 돼요. 오류코드도 안 뜨고 그냥 멈춰요'),
  X.post('spk-06', 2.5, 'kang_sajang', 'complaint', '거래처 대금 지금 보내야 하는데 한빛은행 앱 먹통. 점심시간에 이러면 장사 어떻게 합니까'),
  AR.review('spk-07', 3, 'bong_ajussi', 1, 'complaint', '또 먹통', '로그인 안됨. 벌써 이번 달 두 번째.'),
  X.post('spk-08', 3.5, 'sora_day', 'complaint', '한빛은행 먹통 실화? 송금하다 멈춰서 돈 나간 건지도 모르겠음 😡'),
  BS.post('spk-09', 4, 'priya_codes', 'complaint', 'Hanbit Bank login outage right now. App and web banking both fail at the certificate step.'),
  X.post('spk-10', 4.5, 'moneytalk_kim', 'complaint', '🚨 현재 한빛은행 앱·인터넷뱅킹 로그인 장애 제보 다수. 이체 중 멈춘 분들은 거래내역 확인 전까지 재이체 하지 마세요 (이중 송금 위험). @hanbitbank 공지 부탁드립니다.'),
  X.repost('spk-11', 'spk-10', 5, 'coffee_ju'),
  X.repost('spk-12', 'spk-10', 5.5, 'dayeon_student'),
  X.repost('spk-13', 'spk-10', 6, 'juhyun_fin'),
  X.reply('spk-14', 'spk-10', 6.5, 'minsu0412', 'complaint', '@moneytalk_kim 먹통인 줄 모르고 방금 재이체 눌렀는데 ㅠㅠ 두 번 나갔으면 어떡하죠'),
  X.repost('spk-15', 'spk-10', 7, 'hyejin_lee'),
  FB.post('spk-16', 7.5, 'chaewon_s', 'complaint', '한빛은행 앱 로그인 안 되는 거 언제 고쳐지나요? 고객센터는 전화도 안 받네요'),
  X.post('spk-17', 8, 'haneul_94', 'complaint', '고객센터 대기 120명 ㅋㅋㅋ 한빛은행 앱 먹통에 전화도 먹통'),
  MD.post('spk-18', 8.5, 'dev_hyunwoo', 'complaint', '한빛은행 로그인 API가 503 내려주는 중. 인증 서버 장애로 보임 #한빛은행 #장애'),
  X.repost('spk-19', 'spk-10', 9, 'seokjin_b'),
  X.quote('spk-20', 'spk-10', 9.5, 'reporter_yoon', 'complaint', '한빛은행 모바일뱅킹 로그인 장애 확인 중. 은행 측 공식 입장 요청해 둔 상태입니다. 피해 사례 제보 받습니다.'),
  X.repost('spk-21', 'spk-20', 10, 'fin_watchdog'),
  KK.dm('spk-22', 'dm:kakao:spike:newlywed_jh', 10.5, 'newlywed_jh', 'complaint', '오늘 잔금일인데 앱 로그인이 안 돼요!! 부동산에서 기다리고 있어요 어떻게 해요'),
  X.post('spk-23', 11, 'anna_kowalski', 'complaint', 'Hanbit Bank app down at lunchtime, again. This is exactly why I am leaving.'),
  BS.repost('spk-24', 'spk-09', 11.5, 'sam_in_seoul'),
  BS.reply('spk-25', 'spk-09', 12, 'ben_nomad', 'complaint', '@priya_codes Same from abroad, cannot log in from Vietnam either.'),
  AR.review('spk-26', 12.5, 'minsu0412', 1, 'complaint', '로그인 장애', '점심시간에 로그인 안 됨. 중요한 이체가 있었는데 최악입니다.'),
  X.post('spk-27', 13, 'taxi_driver_lee', 'complaint', '한빛은행 앱 먹통이라 기름값 결제도 못함 카드는 되는데 이체가 안되네'),
  X.post('spk-28', 13.5, 'yoonah_k', 'complaint', '한빛은행 먹통 30분째… 회사 점심시간 다 끝나간다 ㅡㅡ'),
  X.repost('spk-29', 'spk-10', 14, 'twins_mom'),
  FB.post('spk-30', 14.5, 'nurse_minji', 'complaint', '병원 휴게시간에 겨우 이체하려 했는데 한빛은행 앱 로그인 오류… 다음 휴게는 저녁이에요 ㅠㅠ'),
  X.post('spk-31', 15, 'emily_ross', 'complaint', 'Hanbit Bank login outage: if your transfer froze halfway, check your balance before retrying. Mine went through twice last time.'),
  X.post('spk-32', 16, 'jw_park', 'churn', '먹통 한 달에 두 번이면 주거래 바꿀 이유 충분하지… 누리은행 계좌 개설 예약함'),
  KK.dm('spk-33', 'dm:kakao:spike:granny_kim', 17, 'granny_kim', 'complaint', '앱이 안열려요 먹통인가요 고장낫나요'),
  X.post('spk-34', 18, 'hanbitbank', 'neutral', '[장애 안내] 현재 모바일뱅킹·인터넷뱅킹 로그인 장애가 발생하여 긴급 복구 중입니다. 이체 중 오류가 난 거래는 중복 처리되지 않으니 재시도 전 거래내역을 확인해 주세요. 불편을 드려 죄송합니다.'),
  X.reply('spk-35', 'spk-34', 19, 'sangwoo_lim', 'complaint', '@hanbitbank 장애 난 지 20분 만에 공지요? 보상은요?'),
  X.quote('spk-36', 'spk-34', 20, 'fin_watchdog', 'complaint', '이번 달만 두 번째 로그인 장애. 원인과 재발방지 대책, 피해 보상 기준을 공개해야 합니다.'),
  X.repost('spk-37', 'spk-34', 21, 'moneytalk_kim'),
  BS.post('spk-38', 22, 'kfinance_daily', 'complaint', 'Hanbit Bank confirms a login outage across mobile and web banking, the second this month. Recovery under way; no timeline given.'),
  X.post('spk-39', 24, 'gyuri_m', 'complaint', '이제 로그인 된다… 30분 동안 먹통이었는데 사과문 한 줄 끝?'),
  X.post('spk-40', 25, 'dan_cho', 'complaint', 'Hanbit app back up for me after the outage. Still no word on compensation for the failed transfers.'),
];

/**
 * Finance cue lexicon: phrases that signal complaint, inquiry, praise, purchase, churn and fraud in
 * Korean and English. Emitted as extra features for the intent model (it learns how much to trust
 * them) and matched on normalised (lower-cased, NFC) text. Phrases that occurred only in the old dev
 * templates were removed with them; nothing from the dev split (corpus/dev) flows into this list.
 */

export const CUES: ReadonlyArray<readonly [string, RegExp]> = [
  [
    'complaint',
    /민원|금감원|불친절|짜증|화가|화나|열받|어이가? ?없|황당|실망|최악|먹통|오류|에러|error|튕|안 ?돼|안 ?되|안됨|안 들어|못 ?했|부당|환불|보상|책임지|답답|불만|엉망|감감무소식|말이 ?되|장난|왜 ?이렇게|왜케|도대체|속았|불완전판매|이중|멈춰|멈춤|기다렸|unacceptable|terrible|worst|rude|ridiculous|joke|never agreed|still not|keeps? (?:fail|crash)|hung up|ㅡㅡ|🤬|😡|😤/u,
  ],
  ['inquiry', /\?|나요|까요|인가요|한가요|되나요|있나요|뭔가요|뭐예요|뭐에요|어떻게|어디서|언제|얼마|몇 |알려 ?주|궁금|방법|가능한가|돼요\?|how |what |when |where |can i |is there|does |do i /u],
  ['praise', /감사|고맙|친절|최고|만족|좋아요|좋았|편해|빠르|빠른|칭찬|감동|꼼꼼|thank|great|love|amazing|impressed|helpful|patient|👍|😊|❤️/u],
  ['purchase', /가입|신청|만들|개설|발급|들고 ?싶|알아보|견적|추천|상담 예약|갈아타기|apply|open a|sign up|interested|looking to|thinking of getting/u],
  ['churn', /해지|탈퇴|해약|폐쇄|정리하|끊|갈아탈|갈아타려|옮기|옮겼|넘어가|바꾸려|안 ?쓸|그만 ?쓸|cancel|close my|closing|switch|moving my money|done with|no longer need/u],
  ['fraud', /피싱|스미싱|도용|사칭|해킹|부정 ?사용|지급 ?정지|명의로|모르는 (?:대출|결제|번호)|하지 않은|한 거 아닙|링크|link|unauthori[sz]ed|fraud|scam|phishing|stolen|identity theft|never made|didn't make|로그인 시도/u],
];

/** Indices of the cues found in normalised text. */
export function matchCues(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < CUES.length; i++) if (CUES[i]![1].test(text)) out.push(i);
  return out;
}

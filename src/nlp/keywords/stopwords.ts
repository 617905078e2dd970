/** Terms too common to be keywords (after the tokenizer's stripping), Korean and English. */
export const STOPWORDS = new Set([
  // Korean function words, pronouns, fillers
  '이', '그', '저', '것', '수', '등', '더', '좀', '잘', '또', '왜', '너무', '진짜', '정말', '그냥', '제', '저는', '제가', '나', '너',
  '우리', '이거', '그거', '저거', '여기', '거기', '지금', '오늘', '어제', '내일', '있', '없', '하', '되', '같', '안', '못', '다', '때',
  '거', '게', '건', '걸', '뭐', '어떻게', '이런', '그런', '저런', '하나', '혹시', '아니', '네', '예', '요', '님', '분', '및', '위해',
  '때문', '통해', '대해', '이번', '다시', '계속', '아직', '이제', '많이', '완전', '제일', '가장', '약간', '조금', '번', '것도',
  'ㅋㅋ', 'ㅎㅎ', 'ㅠㅠ', 'ㅜㅜ', 'ㅡㅡ', 'ㅇㅇ', 'ㄷㄷ',
  // English
  'the', 'a', 'an', 'and', 'or', 'but', 'to', 'of', 'in', 'on', 'for', 'is', 'are', 'wa', 'be', 'been', 'it', 'thi', 'that', 'with',
  'was', 'this', 'has', 'does', 'my', 'i', 'you', 'your', 'we', 'me', 'at', 'by', 'from', 'a', 'not', 'no', 'have', 'ha', 'do', 'doe', 'did', 'can', 'will',
  'so', 'just', 'about', 'what', 'how', 'why', 'when', 'there', 'their', 'they', 'it\'s', 'i\'m', 'don\'t', 'rt', 'http', 'https', 'co',
]);

/** True when a term can be a keyword: not a stopword, not a bare number, not a single Hangul syllable. */
export function isContentTerm(term: string): boolean {
  if (STOPWORDS.has(term)) return false;
  if (/^[\d.,]+$/.test(term)) return false;
  if (/^[\uac00-\ud7a3]$/.test(term)) return false;
  if (/^[a-z]{1,2}$/.test(term)) return false;
  if (/^\p{Extended_Pictographic}/u.test(term)) return false;
  return term.length > 0;
}

/** Terms too common to be keywords (after the tokenizer's stripping), Korean and English. */
export const STOPWORDS = new Set([
  // Korean function words, pronouns, fillers
  '이', '그', '저', '것', '수', '등', '더', '좀', '잘', '또', '왜', '너무', '진짜', '정말', '그냥', '제', '저는', '제가', '나', '너',
  '우리', '이거', '그거', '저거', '여기', '거기', '지금', '오늘', '어제', '내일', '있', '없', '하', '되', '같', '안', '못', '다', '때',
  '거', '게', '건', '걸', '뭐', '어떻게', '이런', '그런', '저런', '하나', '혹시', '아니', '네', '예', '요', '님', '분', '및', '위해',
  '때문', '통해', '대해', '이번', '다시', '계속', '아직', '이제', '많이', '완전', '제일', '가장', '약간', '조금', '번', '것도',
  'ㅋㅋ', 'ㅎㅎ', 'ㅠㅠ', 'ㅜㅜ', 'ㅡㅡ', 'ㅇㅇ', 'ㄷㄷ',
  // Korean predicates in dictionary form that carry no topic
  '있다', '없다', '하다', '되다', '같다', '않다', '싶다', '보다', '주다', '이다', '아니다', '그렇다', '이렇다', '저렇다', '어떻다', '알다',
  '모르다', '가다', '오다', '나다', '말다', '받다', '드리다', '해주다', '많다', '싶', '안되다', '못하다', '그러다', '어떡하다',
  // English
  'the', 'a', 'an', 'and', 'or', 'but', 'to', 'of', 'in', 'on', 'for', 'is', 'are', 'wa', 'be', 'been', 'it', 'thi', 'that', 'with',
  'was', 'this', 'has', 'does', 'my', 'i', 'you', 'your', 'we', 'me', 'at', 'by', 'from', 'a', 'not', 'no', 'have', 'ha', 'do', 'doe', 'did', 'can', 'will',
  'so', 'just', 'about', 'what', 'how', 'why', 'when', 'there', 'their', 'they', 'it\'s', 'i\'m', 'don\'t', 'rt', 'http', 'https', 'co',
  'before', 'after', 'going', 'go', 'get', 'got', 'getting', 'gets', 'been', 'being', 'had', 'having', 'were', 'am', 'im', 'ive', 'its',
  'our', 'us', 'them', 'him', 'her', 'his', 'she', 'he', 'who', 'which', 'where', 'than', 'then', 'too', 'very', 'all', 'any', 'some',
  'still', 'even', 'also', 'only', 'again', 'now', 'here', 'out', 'up', 'down', 'over', 'into', 'off', 'if', 'because', 'while',
  'would', 'could', 'should', 'might', 'must', 'shall', 'may', 'one', 'more', 'most', 'much', 'many', 'really', 'like', 'know', 'think',
  'want', 'make', 'made', 'say', 'said', 'see', 'way', 'thing', 'things', 'these', 'those', 'such', 'own', 'same', 'other', 'another',
  'every', 'each', 'both', 'few', 'did', 'doing', 'done', 'can\'t', 'won\'t', 'isn\'t', 'didn\'t', 'doesn\'t', 'wasn\'t', 'aren\'t',
  'i\'ve', 'i\'ll', 'you\'re', 'that\'s', 'there\'s', 'let', 'lol', 'pls', 'please', 'thank', 'thanks', 'hi', 'hello', 'dear', 'today',
  'yesterday', 'day', 'time', 'back', 'well', 'yet', 'ever', 'never', 'always', 'something', 'anything', 'nothing', 'someone', 'anyone',
  'call', 'chat', 'customer', 'customers',
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

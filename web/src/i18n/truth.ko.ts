/**
 * Korean sentences built from structured server data (codes + parameters): search, query-language
 * errors, alert reasons. Spread into ko.ts; truth.en.ts has the same keys.
 */
export const truthKo = {
  'ld.s.help': 'OR(또는), -단어(제외), "구문", (괄호), #태그, @계정, channel:x 같은 조건을 쓸 수 있습니다.',
  'ld.s.total': '{n}건 찾음',
  'ld.s.totalCapped': '{n}건 이상 찾음',
  'ld.s.noHits': '“{q}”에 맞는 글이 없습니다. 기간을 넓히거나, 단어를 OR로 묶거나, 철자를 확인해 보세요.',

  'qerr.at': '{n}번째 글자: {msg}',
  'qerr.TOO_LONG': '쿼리가 너무 깁니다',
  'qerr.EMPTY_QUERY': '쿼리가 비어 있습니다. 단어를 하나 이상 입력하세요',
  'qerr.DANGLING_OPERATOR': '연산자(AND·OR·NOT·-) 앞이나 뒤에 단어가 없습니다',
  'qerr.EMPTY_GROUP': '괄호 안이 비어 있습니다. 단어를 넣거나 괄호를 지우세요',
  'qerr.INVALID_TERM': '찾을 글자나 숫자가 없는 단어입니다',
  'qerr.NO_POSITIVE_TERM': '제외(NOT·-)만으로는 찾을 수 없습니다. 반드시 들어가야 할 단어를 하나 이상 넣으세요',
  'qerr.TOO_DEEP': '괄호가 너무 깊게 중첩되어 있습니다',
  'qerr.TOO_MANY_TERMS': '단어가 너무 많습니다',
  'qerr.UNBALANCED_PAREN': '괄호의 짝이 맞지 않습니다',
  'qerr.UNKNOWN_FIELD': '알 수 없는 조건 이름입니다 (author, lang, channel, kind, sentiment, intent, followers)',
  'qerr.BAD_FIELD_VALUE': '이 조건에 쓸 수 없는 값입니다',
  'qerr.UNTERMINATED_QUOTE': '따옴표가 닫히지 않았습니다. 닫는 "를 넣으세요',
  'qerr.unknown': '쿼리를 해석할 수 없습니다',

  'reason.spike': '{when} {n}건 (평소 이 시간대 예상 {expected}건, {ratio}배, z = {z})',
  'reason.spikeBy': '{when} {by}까지 {n}건 (평소 이 시간대 예상 {expected}건, {ratio}배, z = {z})',
  'reason.cold-start-spike': '{when} {n}건: 쌓인 기록이 {hours}시간뿐이라 시간당 {limit}건 이상이면 알립니다',
  'reason.unknown': '평소보다 많은 언급',
} as const;

import type { truthKo } from './truth.ko.js';

/** English counterparts of truth.ko.ts. */
export const truthEn: { readonly [K in keyof typeof truthKo]: string } = {
  'ld.s.help': 'Use OR, -word (exclude), "phrases", (parentheses), #tags, @handles and filters such as channel:x.',
  'ld.s.total': '{n} found',
  'ld.s.totalCapped': 'More than {n} found',
  'ld.s.noHits': 'Nothing matches “{q}”. Try a longer period, join words with OR, or check the spelling.',

  'qerr.at': 'At character {n}: {msg}',
  'qerr.TOO_LONG': 'the query is too long',
  'qerr.EMPTY_QUERY': 'the query is empty: type at least one word',
  'qerr.DANGLING_OPERATOR': 'an operator (AND, OR, NOT, -) has no word before or after it',
  'qerr.EMPTY_GROUP': 'empty parentheses: put a word inside or remove them',
  'qerr.INVALID_TERM': 'this word has no letters or digits to search for',
  'qerr.NO_POSITIVE_TERM': 'exclusions (NOT, -) alone find nothing: add at least one word that must appear',
  'qerr.TOO_DEEP': 'the parentheses are nested too deeply',
  'qerr.TOO_MANY_TERMS': 'the query has too many words',
  'qerr.UNBALANCED_PAREN': 'the parentheses do not match',
  'qerr.UNKNOWN_FIELD': 'unknown filter name (author, lang, channel, kind, sentiment, intent, followers)',
  'qerr.BAD_FIELD_VALUE': 'this value cannot be used with this filter',
  'qerr.UNTERMINATED_QUOTE': 'unterminated quote: add the closing "',
  'qerr.unknown': 'the query cannot be read',

  'reason.spike': '{n} items in {when} vs {expected} expected for this hour ({ratio}×, z = {z})',
  'reason.spikeBy': '{n} items by {by} in {when} vs {expected} expected for this hour ({ratio}×, z = {z})',
  'reason.cold-start-spike': '{n} items in {when}: with only {hours} h of history, it alerts from {limit} items an hour',
  'reason.unknown': 'more mentions than usual',
};

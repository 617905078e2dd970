/** A light English stemmer: plural and -ed/-ing suffixes, so charge/charges/charged/charging agree. */

const KEEP = new Set(['news', 'always', 'this', 'his', 'has', 'was', 'is', 'us', 'yes', 'its', 'bus', 'plus', 'thing', 'king', 'bring', 'sing', 'red', 'bed', 'need', 'feed', 'speed', 'seed']);
const VOWEL = /[aeiouy]/;

export function stemEnglish(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= 3 || KEEP.has(w)) return w;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5 && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ied') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('ed') && w.length > 4 && VOWEL.test(w.slice(0, -2))) w = undouble(w.slice(0, -2));
  if (w.endsWith('e') && w.length > 3 && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  const n = w.length;
  if (n >= 3 && w[n - 1] === w[n - 2] && !/[lsz]/.test(w[n - 1]!)) return w.slice(0, -1);
  return w;
}

/** A word as a person reads it: lower-cased, a plural or possessive -s taken off (charges → charge, centre). */
export function readableEnglish(surface: string): string {
  const w = surface.toLowerCase().replace(/['’]s$/, '');
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is|ous|news)$/.test(w)) return w.slice(0, -1);
  return w;
}

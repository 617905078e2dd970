/**
 * Search hits in a text, for highlighting: the text cut into plain and matching parts (case-insensitive,
 * longest term first, no overlaps). Pure; the UI renders the parts as React text and <mark> elements,
 * never as HTML, so a post that contains markup shows it as text.
 */
export interface Part {
  text: string;
  hit: boolean;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function highlightParts(text: string, terms: readonly string[]): Part[] {
  const words = [...new Set(terms.map((t) => t.normalize('NFC').trim()).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (!text || words.length === 0) return text ? [{ text, hit: false }] : [];
  // A phrase matches across any run of spaces.
  const re = new RegExp(words.map((w) => escapeRe(w).replace(/\s+/g, '\\s+')).join('|'), 'giu');
  const nfc = text.normalize('NFC');
  const out: Part[] = [];
  let last = 0;
  for (const m of nfc.matchAll(re)) {
    if (m[0].length === 0) continue;
    if (m.index > last) out.push({ text: nfc.slice(last, m.index), hit: false });
    out.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < nfc.length) out.push({ text: nfc.slice(last), hit: false });
  return out;
}

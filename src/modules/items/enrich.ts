import type { CanonicalItem } from '../../channels/port.js';

/** What the pipeline's enrichment hook adds to an item before it is stored. */
export interface Enrichment {
  lang: string;
  /** Analysis results (sentiment, intents, PII findings, ...) stored with the item. */
  analysis: Record<string, unknown> | null;
  /** The text with personal data masked, when there was any; stored in place of the original. */
  maskedText?: string;
}

/** Where an item is enriched: its workspace (whose adaptation of the analytics applies). */
export interface EnrichContext {
  workspaceId: string;
}

/** The enrichment hook: the text-analytics engine plugs in here. Must be fast and never throw. */
export type Enricher = (item: CanonicalItem, ctx?: EnrichContext) => Enrichment;

/** Language only, from the share of Hangul among letters: the default before analytics is plugged in. */
export const languageOnly: Enricher = (item) => ({ lang: item.lang ?? detectScriptLanguage(item.text), analysis: null });

export function detectScriptLanguage(text: string): string {
  let hangul = 0;
  let latin = 0;
  let other = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x3131 && c <= 0x318e)) hangul++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
    else if (/\p{L}/u.test(ch)) other++;
  }
  const letters = hangul + latin + other;
  if (letters === 0) return 'und';
  if (hangul / letters >= 0.3) return latin / letters >= 0.3 ? 'mixed' : 'ko';
  if (latin / letters >= 0.6) return 'en';
  return 'other';
}
